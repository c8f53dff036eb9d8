"""The package's layers point one way (docs/architecture.md): every import of every module, including
imports inside functions and under ``TYPE_CHECKING``, goes to a lower layer or stays in its own package,
and no package's modules import each other in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "conformance"

#: Layer of each subpackage (and top-level module); lower numbers are imported by higher ones.
LAYERS: dict[str, int] = {
    "core": 0,
    "types": 1,
    "schema": 2,
    "rules": 3,
    "readers": 4,
    "engines": 5,
    "reconcile": 6,
    "sample": 6,
    "reports": 7,
    "api": 8,
    "cli": 9,
    "devtools": 9,
    "__main__": 10,
}
ROOT = "conformance"  # the root package module (__version__): importable by all, imports nothing of ours


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, runtime) of every import in the file; runtime False under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: list[tuple[str, int, bool]] = []
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in ast.walk(node):
                type_only.add(id(inner))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((a.name, node.lineno, id(node) not in type_only) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                # `from conformance.rules import chars` imports the module conformance.rules.chars
                candidate = f"{target}.{alias.name}"
                module = candidate if _is_module(candidate) else target
                found.append((module, node.lineno, id(node) not in type_only))
    return [(m, line, rt) for m, line, rt in found if m == ROOT or m.startswith(ROOT + ".")]


def _is_module(name: str) -> bool:
    path = REPO.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _layer_of(module: str) -> tuple[str, int]:
    """(top-level part, layer) of a module of the package."""
    if module == ROOT:
        return ROOT, -1
    top = module.split(".")[1]
    if top not in LAYERS:
        raise AssertionError(f"{module}: package {top!r} has no layer in tests/test_layers.py")
    return top, LAYERS[top]


FILES = sorted(PACKAGE.rglob("*.py"))


def test_every_package_has_a_layer() -> None:
    tops = {_module_name(p).split(".")[1] for p in FILES if _module_name(p) != ROOT}
    assert tops <= set(LAYERS), sorted(tops - set(LAYERS))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_imports_point_downwards(path: Path) -> None:
    me = _module_name(path)
    my_top, my_layer = _layer_of(me)
    wrong = []
    for module, line, _ in _imports(path):
        top, layer = _layer_of(module)
        if me == ROOT:
            wrong.append(f"line {line}: the root package imports {module}")
        elif top != my_top and layer >= my_layer:
            wrong.append(f"line {line}: {my_top} (layer {my_layer}) imports {module} ({top}, layer {layer})")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle_between_modules() -> None:
    """Module-level cycles (runtime imports only) anywhere in the package."""
    graph: dict[str, set[str]] = {}
    for path in FILES:
        me = _module_name(path)
        graph[me] = {m for m, _, runtime in _imports(path) if runtime and m != me}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)
