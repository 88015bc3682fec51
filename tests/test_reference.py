"""The reference page: every module found by itself, every public function and class on
the page with its signature as written and its docstring's first paragraph, and the same
bytes from the same code."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import helpers
from helpers.base.paths import REPO_ROOT
from helpers.teaching.handout import write_handout
from helpers.teaching.reference import (
    REFERENCE_NAME,
    Entry,
    first_paragraph,
    module_entries,
    public_modules,
    reference_html,
)

PACKAGE = Path(helpers.__file__).parent


@pytest.fixture(scope="module")
def page() -> str:
    return reference_html()


@pytest.fixture(scope="module")
def soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def is_function_or_class(obj: object) -> bool:
    """Classes, functions and wrapped functions (``lru_cache``): what the page must show."""
    return inspect.isclass(obj) or (callable(obj) and inspect.isfunction(inspect.unwrap(obj)))


def plain(text: str) -> str:
    """Docstring text as the page shows it: roles and backquotes gone, spaces joined."""
    return " ".join(re.sub(r":[a-z]+:`|`", "", text).split())


def test_every_module_on_disk_is_listed(soup: BeautifulSoup) -> None:
    on_disk = sorted(
        ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in PACKAGE.rglob("*.py")
        if not p.stem.startswith("_")
    )
    assert public_modules() == on_disk
    missing = [name for name in on_disk if soup.find("h2", id=name) is None]
    assert not missing, f"modules without a section: {missing}"


def test_every_public_function_and_class_appears(soup: BeautifulSoup) -> None:
    missing, undocumented, shown = [], [], 0
    terms = {term["id"]: term for term in soup.find_all("dt")}
    for name in public_modules():
        module = importlib.import_module(f"helpers.{name}")
        for public in module.__all__:
            obj = getattr(module, public)
            if not is_function_or_class(obj):
                continue
            shown += 1
            term = terms.get(f"{name}.{public}")
            if term is None or not term.code.get_text().startswith(public):
                missing.append(f"{name}.{public}")
                continue
            doc = inspect.getdoc(inspect.unwrap(obj)) if obj.__doc__ else ""
            if inspect.isclass(obj) and doc.startswith(f"{obj.__name__}("):
                doc = ""  # the signature a dataclass writes when it has no docstring
            words = plain(first_paragraph(doc)).split()[:6]
            if words and " ".join(words) not in term.find_next_sibling("dd").get_text():
                undocumented.append(f"{name}.{public}")
    assert shown > 300  # the package's public functions and classes, all of them
    assert not missing, f"public names not on the page: {missing}"
    assert not undocumented, f"docstrings not on the page: {undocumented}"


def test_the_page_holds_no_path_or_address_and_is_the_same_twice(page: str) -> None:
    assert str(REPO_ROOT) not in page
    assert not re.search(r" at 0x[0-9a-f]+", page)
    assert reference_html() == page


SAMPLE = '''
"""A sample module.

Its second paragraph."""

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import overload

__all__ = ["HOME", "LIMIT", "Pair", "Failure", "cached", "convert", "NAMES", "either"]

HOME = Path("/somewhere/on/this/machine")
LIMIT = 40  # rows printed
# The names, one per
# line of this comment.
NAMES = ("a", "b")


@dataclass(frozen=True)
class Pair:
    """Two things."""

    left: int
    right: str = "r"


class Failure(RuntimeError):
    """Something failed."""

    def __init__(self, where: Path, message: str = "") -> None:
        super().__init__(message)


@functools.lru_cache
def cached(word: str) -> int:
    """Count once.

    More."""
    return len(word)


def convert(folder: Path = HOME, /, width: int = 60, *rest: str, strict=False, **options) -> None:
    """Convert ``folder`` with :func:`cached`
    over two lines."""


@overload
def either(value: int) -> int: ...
@overload
def either(value: str) -> str: ...
def either(value: int | str) -> int | str:
    """The value itself."""
    return value
'''


@pytest.fixture
def sample_package(tmp_path: Path, monkeypatch):
    """A package ``refsample`` with a public module, a private one and a ``__main__``."""
    package = tmp_path / "refsample"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text(textwrap.dedent(SAMPLE))
    (package / "_private.py").write_text("")
    (package / "__main__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("refsample")
    for name in [n for n in sys.modules if n.startswith("refsample")]:
        del sys.modules[name]


def test_a_new_module_is_found_without_being_named(sample_package) -> None:
    assert public_modules(sample_package) == ["mod"]


def test_entries_read_signatures_and_docstrings_as_written(sample_package) -> None:
    module = importlib.import_module("refsample.mod")
    entries = {entry.name: entry for entry in module_entries(module)}
    assert list(entries) == module.__all__
    assert entries["convert"] == Entry(
        "function",
        "convert",
        "convert(folder: Path = HOME, /, width: int = 60, *rest: str, strict=False, "
        "**options) -> None",
        "Convert ``folder`` with :func:`cached` over two lines.",
    )
    assert entries["cached"] == Entry(
        "function", "cached", "cached(word: str) -> int", "Count once."
    )
    assert entries["Pair"] == Entry(
        "class", "Pair", "Pair(left: int, right: str = 'r')", "Two things."
    )
    assert entries["Failure"] == Entry(
        "class", "Failure", "Failure(where: Path, message: str = '')", "Something failed.",
        "RuntimeError",
    )  # fmt: skip
    assert entries["HOME"].signature == "HOME = Path('/somewhere/on/this/machine')"
    assert entries["LIMIT"] == Entry("value", "LIMIT", "LIMIT = 40", "rows printed")
    assert entries["NAMES"].summary == "The names, one per line of this comment."
    assert entries["either"].signature == "either(value: int | str) -> int | str"  # not a stub


def test_the_handout_index_links_the_reference(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    index = write_handout(tmp_path / "notebooks", tmp_path / "figures", tmp_path / "handout")
    assert f'href="{REFERENCE_NAME}"' in index.read_text(encoding="utf-8")
    reference = index.parent / REFERENCE_NAME
    assert 'href="index.html"' in reference.read_text(encoding="utf-8")
