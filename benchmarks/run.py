"""Run every benchmark and print its figures. Record them in docs/benchmarks.md."""

import importlib
import pkgutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    package_dir = Path(__file__).resolve().parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(package_dir)]) if m.name.startswith("bench_")
    )
    if not names:
        print("no benchmarks yet")
    for name in names:
        print(f"== {name}")
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main()
