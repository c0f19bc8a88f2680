"""Peak memory of a benchmark's child process, measured so that its parent does not count.

getrusage's ru_maxrss (RUSAGE_SELF in the child, or os.wait4's rusage in the parent) is no
good for a child: Linux carries the parent's peak into the child across exec, so a child
started by a parent holding 800 MiB reports at least 800 MiB whatever it used. VmHWM is the
high-water mark of the process's own memory since exec.
"""

from pathlib import Path


def own_peak_rss_mib() -> int:
    """This process's peak resident memory since its exec, in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)  # in kB
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")
