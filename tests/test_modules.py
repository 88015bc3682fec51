"""The package's public face and shape: every module declares ``__all__``, keeps its
private names, and the import graph has no cycle."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import helpers

PACKAGE = Path(helpers.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__"})


def _tree(name: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))


def _imported(node: ast.ImportFrom) -> str | None:
    """The helpers module a ``from ... import`` reads from, or None for another package."""
    if node.level == 1:
        return node.module
    if node.level == 0 and node.module and node.module.startswith("helpers."):
        return node.module.removeprefix("helpers.")
    return None


def _uses(name: str) -> set[str]:
    """The helpers modules ``name`` imports, at the top or inside a function."""
    used = set()
    for node in ast.walk(_tree(name)):
        if isinstance(node, ast.ImportFrom):
            module = _imported(node)
            if module:
                used.add(module.split(".")[0])
            elif node.module in ("helpers", None) and node.level in (0, 1):
                used.update(alias.name for alias in node.names if alias.name in MODULES)
    return used - {name}


@pytest.mark.parametrize("name", MODULES)
def test_every_module_declares_its_public_names(name: str) -> None:
    module = importlib.import_module(f"helpers.{name}")
    assert hasattr(module, "__all__"), f"helpers.{name} has no __all__"
    missing = [n for n in module.__all__ if not hasattr(module, n)]
    assert not missing, f"helpers.{name}.__all__ names what it lacks: {missing}"
    assert not [n for n in module.__all__ if n.startswith("_")]


@pytest.mark.parametrize("name", MODULES)
def test_no_private_name_is_imported_from_another_module(name: str) -> None:
    private = [
        (node.module, alias.name)
        for node in ast.walk(_tree(name))
        if isinstance(node, ast.ImportFrom) and _imported(node)
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "__version__"
    ]  # fmt: skip
    assert not private, f"helpers.{name} imports private names: {private}"


def test_the_import_graph_has_no_cycle() -> None:
    """Each module stands above what it uses: following imports never leads back."""
    graph = {name: _uses(name) & set(MODULES) for name in MODULES}
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == "done":
            return
        assert state.get(name) != "open", f"import cycle: {' -> '.join([*path, name])}"
        state[name] = "open"
        for used in sorted(graph[name]):
            visit(used, [*path, name])
        state[name] = "done"

    for name in MODULES:
        visit(name, [])
    assert graph["corpus"].isdisjoint({"framing", "terms", "themes"})  # the loader sits below


def readme_floors() -> list[list[str]]:
    """The rows of the README's table "Which module uses which", top row first."""
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Which module uses which", 1)[1]
    table = section.split("```", 2)[1]
    rows: list[list[str]] = []
    for line in table.strip("\n").splitlines():
        if not line.startswith(" "):
            rows.append([])
            line = line.split(maxsplit=1)[1]
        rows[-1] += [name.strip() for name in line.split(",") if name.strip()]
    return rows


def test_the_readme_table_of_floors_matches_the_imports() -> None:
    rows = readme_floors()
    listed = [name for row in rows for name in row]
    assert sorted(listed) == MODULES, "every module once in the README's table"
    floor = {name: len(rows) - number for number, row in enumerate(rows) for name in row}
    upward = [
        f"{name} (row {floor[name]}) uses {used} (row {floor[used]})"
        for name in MODULES
        for used in sorted(_uses(name) & set(MODULES))
        if floor[used] > floor[name]
    ]
    assert not upward, "imports that look up a floor: " + "; ".join(upward)


def test_every_module_with_dataframe_functions_has_its_column_checks_tested() -> None:
    """Each module whose public functions take a DataFrame is listed in one of the
    ``tests/test_input_columns_*.py`` files, whose own test then requires a check (or a
    stated exemption) for every such function: a new module cannot slip past them."""
    listed: set[str] = set()
    for path in Path(__file__).parent.glob("test_input_columns_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "MODULES" for t in node.targets
            ):
                listed |= set(ast.literal_eval(node.value))
    assert listed, "no MODULES list found in tests/test_input_columns_*.py"
    unlisted = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            annotations = [ast.unparse(a.annotation) for a in arguments if a.annotation]
            if any("DataFrame" in text for text in annotations) and path.stem not in listed:
                unlisted.append(f"{path.stem}.{node.name}")
    assert not unlisted, f"public DataFrame functions in modules no column test lists: {unlisted}"
