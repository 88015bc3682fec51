"""The public parameters of the helpers that take a DataFrame, found by reading the source.

Shared by the column-check tests (``test_input_columns_*.py``), each of which must give every
such parameter a case or an exemption.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable
from pathlib import Path

import helpers

PACKAGE = Path(helpers.__file__).parent


def dataframe_parameters(modules: Iterable[str]) -> set[str]:
    """``module.function(parameter)`` of every parameter annotated as a DataFrame (alone,
    optional, in a union or in a mapping) of the public functions and public methods of
    ``modules``; ``__init__`` counts as public."""
    found = set()
    for module in modules:
        public = set(importlib.import_module(f"helpers.{module}").__all__)
        tree = ast.parse((PACKAGE / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in public:
                functions = [(node.name, node)]
            elif isinstance(node, ast.ClassDef) and node.name in public:
                functions = [
                    (f"{node.name}.{item.name}", item)
                    for item in node.body
                    if isinstance(item, ast.FunctionDef)
                    and (item.name == "__init__" or not item.name.startswith("_"))
                ]
            else:
                continue
            for name, function in functions:
                arguments = function.args
                for argument in arguments.posonlyargs + arguments.args + arguments.kwonlyargs:
                    annotation = argument.annotation
                    if annotation is not None and "DataFrame" in ast.unparse(annotation):
                        found.add(f"{module}.{name}({argument.arg})")
    return found
