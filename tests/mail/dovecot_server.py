"""A throwaway Dovecot IMAP server for the mail tests: plain IMAP on a loopback port, one
passwd-file user with a maildir, everything (config, mail, logs) under one temp folder.

Standard library only, so `.ci/run` can call it before the virtualenv exists:

    python3 tests/mail/dovecot_server.py start --dir /tmp/x --port 10143   # prints exports
    python3 tests/mail/dovecot_server.py stop --dir /tmp/x

The test fixture (tests/mail/conftest.py) starts the same server itself when nothing is
configured and /usr/sbin/dovecot exists.
"""

import argparse
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "agency-inbox"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accounts() -> dict:
    """Who Dovecot's processes run as. Root: Debian's dovecot/dovenull users (Dovecot
    refuses mail access as uid 0). Anyone else: themselves."""
    if os.geteuid() == 0:
        internal, login = pwd.getpwnam("dovecot"), pwd.getpwnam("dovenull")
    else:
        internal = login = pwd.getpwuid(os.geteuid())
    return {"internal": internal, "login": login}


def write_config(folder: Path, port: int, password: str) -> Path:
    """Write dovecot.conf, the passwd file and the maildir under `folder`."""
    accounts = _accounts()
    internal = accounts["internal"]
    for sub in ("run", "state", "mail", "home"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{password}::::::\n")
    config = folder / "dovecot.conf"
    config.write_text(
        f"""# Written by tests/mail/dovecot_server.py: a throwaway server for tests.
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal.pw_name}
default_internal_group = {_group_name(internal.pw_gid)}
default_login_user = {accounts["login"].pw_name}
first_valid_uid = {internal.pw_uid}
mail_location = maildir:{folder}/mail/%u
mail_plugins =
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={internal.pw_uid} gid={internal.pw_gid} home={folder}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""
    )
    if os.geteuid() == 0:
        # Dovecot's auth and imap processes (not root) read the passwd file and own the mail.
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, internal.pw_uid, internal.pw_gid)
    return config


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name


def wait_for_port(port: int, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                if connection.recv(100).startswith(b"* OK"):
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def start_foreground(folder: Path, port: int, password: str) -> subprocess.Popen:
    """Start Dovecot in the foreground (-F) as a child process; the caller stops it."""
    config = write_config(folder, port, password)
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "stderr.log").open("ab"),
    )
    if not wait_for_port(port):
        process.terminate()
        raise RuntimeError(f"dovecot did not start: {log_tail(folder)}")
    return process


def log_tail(folder: Path) -> str:
    text = ""
    for name in ("dovecot.log", "stderr.log"):
        path = folder / name
        if path.exists():
            text += path.read_text(errors="replace")[-2000:]
    return text


def _start_daemon(folder: Path, port: int) -> None:
    password = secrets.token_hex(12)
    config = write_config(folder, port, password)
    subprocess.run([DOVECOT, "-c", str(config)], check=True)
    if not wait_for_port(port):
        sys.exit(f"dovecot did not start: {log_tail(folder)}")
    print(f"export FOIA_TEST_IMAP_HOST=127.0.0.1 FOIA_TEST_IMAP_PORT={port}")
    print(f"export FOIA_TEST_IMAP_USER={USER} FOIA_TEST_IMAP_PASSWORD={password}")


def _stop_daemon(folder: Path) -> None:
    pid_file = folder / "run" / "master.pid"
    if pid_file.exists():
        os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--dir", required=True, type=Path)
    parser.add_argument("--port", type=int, default=10143, help="0: any free port")
    options = parser.parse_args()
    if options.action == "start":
        _start_daemon(options.dir.resolve(), options.port or free_port())
    else:
        _stop_daemon(options.dir.resolve())


if __name__ == "__main__":
    main()
