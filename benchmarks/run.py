"""Run the benchmarks and print their figures. Record them in docs/benchmarks.md.

`python benchmarks/run.py` runs all of them; `python benchmarks/run.py audit linkage`
runs only bench_audit and bench_linkage (`make bench BENCH="audit linkage"`).
"""

import importlib
import pkgutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(selected: list[str]) -> None:
    package_dir = Path(__file__).resolve().parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(package_dir)]) if m.name.startswith("bench_")
    )
    unknown = [name for name in selected if f"bench_{name}" not in names]
    if unknown:
        sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(names)}")
    if selected:
        names = [f"bench_{name}" for name in selected]
    for name in names:
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
