"""The package's shape: every module declares ``__all__`` and keeps its private names, the
imports have no cycle and follow the floors of ``src/helpers/README.md``, and notebooks
import from the subpackages' public faces."""

from __future__ import annotations

import ast
import importlib
import json
from pathlib import Path

import pytest

import helpers

PACKAGE = Path(helpers.__file__).parent
ROOT = PACKAGE.parents[1]


def _name(path: Path) -> str:
    """``reading.units`` for ``src/helpers/reading/units.py``; ``reading`` for its face."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(
    _name(p)
    for p in PACKAGE.rglob("*.py")
    if p.name != "__main__.py" and p != PACKAGE / "__init__.py"
)


def _tree(name: str) -> ast.Module:
    path = PACKAGE.joinpath(*name.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    return ast.parse(path.read_text(encoding="utf-8"))


def _uses(name: str) -> set[str]:
    """The helpers modules ``name`` imports, at the top or inside a function."""
    used = set()
    for node in ast.walk(_tree(name)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("helpers."):
            module = node.module.removeprefix("helpers.")
            used |= {f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in MODULES}
            used.add(module)
    return used - {name}


def floors() -> dict[str, int]:
    """Subpackage (or top module) -> its floor, from the README's table."""
    readme = (PACKAGE / "README.md").read_text(encoding="utf-8")
    table = readme.split("```", 2)[1]
    floor = {}
    for line in table.strip().splitlines():
        number, names, _ = (line.split("  ", 1)[0], *line.split("  ", 1)[1].strip().split("  ", 1))
        floor |= {name.strip(): int(number) for name in names.split(",")}
    return floor


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
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers.")
        for alias in node.names
        if alias.name.startswith("_")
    ]  # fmt: skip
    assert not private, f"helpers.{name} imports private names: {private}"


def test_the_import_graph_has_no_cycle() -> None:
    """Each module stands above what it uses: following imports never leads back. A face
    (``__init__``) is left out: it only gathers its own modules' names."""
    faces = {name for name in MODULES if "." not in name and name not in ("cli", "build")}
    graph = {name: _uses(name) - faces for name in MODULES if name not in faces}
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == "done":
            return
        assert state.get(name) != "open", f"import cycle: {' -> '.join([*path, name])}"
        state[name] = "open"
        for used in sorted(graph[name]):
            visit(used, [*path, name])
        state[name] = "done"

    for name in graph:
        visit(name, [])


def test_the_floors_of_the_readme_match_the_imports() -> None:
    floor = floors()
    subpackages = {name.split(".")[0] for name in MODULES}
    assert sorted(floor) == sorted(subpackages), "every subpackage once in the README's table"
    wrong = [
        f"{name} (floor {floor[name.split('.')[0]]}) uses {used} ({floor[used.split('.')[0]]})"
        for name in MODULES
        for used in sorted(_uses(name))
        if used.split(".")[0] != name.split(".")[0]
        and floor[used.split(".")[0]] >= floor[name.split(".")[0]]
    ]
    assert not wrong, "imports that do not look down a floor: " + "; ".join(wrong)


def test_modules_import_one_way() -> None:
    """Inside the package every import is absolute and names the module it reads from."""
    relative = [name for name in MODULES for node in ast.walk(_tree(name))
                if isinstance(node, ast.ImportFrom) and node.level]  # fmt: skip
    assert not relative, f"relative imports in {sorted(set(relative))}"


@pytest.mark.parametrize(
    "notebook",
    sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("teacher/*.ipynb")]),
    ids=lambda p: p.name,
)
def test_notebooks_import_from_the_public_faces(notebook: Path) -> None:
    deep = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            for line in source.splitlines():
                words = line.split()
                if line.startswith(("from helpers", "import helpers")):
                    module = words[1]
                    if module.count(".") > 1 or module.removeprefix("helpers.") not in floors():
                        deep.append(module)
    assert not deep, f"{notebook.name} imports from inside a subpackage: {deep}"
