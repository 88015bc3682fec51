"""The package's public face: every module declares ``__all__`` and keeps its private names."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import helpers

PACKAGE = Path(helpers.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", "__main__"})
# Private names still imported across modules, to be replaced by public functions.
KNOWN_PRIVATE = {("themes", "framing")}


def _tree(name: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))


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
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        for alias in node.names
        if alias.name.startswith("_") and alias.name != "__version__"
        and (name, node.module) not in KNOWN_PRIVATE
    ]  # fmt: skip
    assert not private, f"helpers.{name} imports private names: {private}"
