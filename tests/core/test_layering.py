"""The package layout holds: no import circle between modules, imports point only down the
layer table (README, docs/architecture.md), and the audit code imports no Django.

Reads the source with `ast` (every import, including those inside functions), so it
checks the code as written, without importing it.
"""

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "foiatrack"
# Top to bottom: each app may import its own layer and the ones below it, never above.
LAYERS = ["api", "loop", "pipeline", "mail", "received", "foia", "core", "audit"]
# Project-level modules any app may use: they import no app.
SHARED = {"foiatrack", "foiatrack.stages", "foiatrack.cache", "foiatrack.security"}
NOT_PURE = ("django", "rest_framework", "celery", "drf_spectacular", "django_filters")


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every name imported by the module: modules of ours resolved, others as written."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else base)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        edges = set()
        for target in _imports(name, path, modules):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            step = next(edges, None)
            if step is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif step not in index:
                index[step] = low[step] = counter
                counter += 1
                stack.append(step)
                on_stack.add(step)
                work.append((step, iter(sorted(graph[step]))))
            elif step in on_stack:
                low[node] = min(low[node], index[step])
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return None


def test_it_finds_a_circle_when_there_is_one():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_two_modules_import_each_other_even_through_others():
    assert _cycles(_graph()) == []


def test_imports_point_only_down_the_layer_table():
    upward = []
    for module, targets in _graph().items():
        own = _layer(module)
        if own is None:
            continue
        for target in targets:
            theirs = _layer(target)
            if theirs is None and target.startswith("foiatrack") and target not in SHARED:
                upward.append((module, target))  # settings, urls, celery: the top
            elif theirs is not None and theirs < own:
                upward.append((module, target))
    assert upward == []


def test_the_audit_code_imports_nothing_from_django():
    modules = _modules()
    impure = sorted(
        (name, target)
        for name, path in modules.items()
        if name.startswith("foiatrack.audit")
        for target in _imports(name, path, modules)
        if target.split(".")[0] in NOT_PURE
    )
    assert impure == []
