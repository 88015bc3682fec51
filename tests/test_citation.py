"""Citing the project: one version, written once, and a CITATION.cff that validates.

The version is written in ``pyproject.toml`` only; the package reads it from
its installed metadata (``helpers.__version__``, ``python -m helpers
--version``), and ``CITATION.cff`` must repeat it. ``CITATION.cff`` is checked
two ways:

- always, against the rules of the Citation File Format 1.2.0 for the keys a
  project's citation uses (``CFF_RULES``, written here, read by ``jsonschema``);
- with ``cffconvert --validate``, the format's own validator, when a
  ``cffconvert`` is found. It cannot share the project's environment (cffconvert
  2.0.0 requires jsonschema < 4, Jupyter 4.x), so it lives in an environment of
  its own, pinned in ``.ci/cffconvert.txt``: ``.ci/run`` makes one, and
  CONTRIBUTING.md says how to make one by hand. Without it, that test is
  skipped and says how to get it.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

import helpers
from helpers.base.paths import REPO_ROOT
from helpers.cli import main

CITATION = REPO_ROOT / "CITATION.cff"
PYPROJECT = REPO_ROOT / "pyproject.toml"
CFFCONVERT_ENV = "CFFCONVERT"  # the path of a cffconvert executable, if not on PATH
CFFCONVERT_HOME = REPO_ROOT / ".cache" / "cffconvert"  # where CONTRIBUTING.md installs it

# The Citation File Format 1.2.0, as far as a project's citation uses it: the keys the
# format allows at the top (so a misspelt key fails), the required ones, and the form
# of each value this file gives.
CFF_KEYS = [
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type",
    "url", "version",
]  # fmt: skip
DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
AUTHORS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "anyOf": [{"required": ["name"]}, {"required": ["family-names"]}],
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "family-names": {"type": "string", "minLength": 1},
            "given-names": {"type": "string", "minLength": 1},
        },
    },
}
CFF_RULES = {
    "type": "object",
    "required": ["cff-version", "message", "title", "authors"],
    "additionalProperties": False,
    "properties": {
        **{key: {} for key in CFF_KEYS},
        "cff-version": {"const": "1.2.0"},
        "message": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "type": {"enum": ["software", "dataset"]},
        "authors": AUTHORS,
        "version": {"type": "string", "minLength": 1},
        "date-released": DATE,
        "license": {"type": "string", "pattern": r"^[A-Za-z0-9.+-]+$"},
        "repository-code": {"type": "string", "pattern": r"^(https|http|git|ssh)://"},
        "keywords": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "preferred-citation": {
            "type": "object",
            "required": ["type", "title", "authors"],
            "properties": {
                "type": {"type": "string", "minLength": 1},
                "title": {"type": "string", "minLength": 1},
                "authors": AUTHORS,
                "version": {"type": "string", "minLength": 1},
                "date-released": DATE,
                "year": {"type": "integer"},
            },
        },
    },
}


def pyproject_version() -> str:
    """The version written in ``pyproject.toml``, the one place it is written."""
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]


def citation() -> dict:
    """CITATION.cff, read as YAML (dates kept as the strings the file writes)."""
    return yaml.safe_load(CITATION.read_text(encoding="utf-8"))


def cff_errors(data: dict) -> list[str]:
    """What in ``data`` breaks ``CFF_RULES``, one message each."""
    validator = jsonschema.Draft7Validator(CFF_RULES)
    return [
        f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in validator.iter_errors(data)
    ]


def test_the_installed_version_is_the_one_in_pyproject() -> None:
    assert helpers.__version__ == pyproject_version(), (
        f"the installed metadata says {helpers.__version__}, pyproject.toml "
        f"{pyproject_version()}: re-run `pip install -r requirements.txt` after a version change"
    )


def test_the_version_is_written_in_no_module() -> None:
    """No module of the package writes a version of its own beside pyproject.toml's."""
    package = Path(helpers.__file__).parent
    literal = re.compile(r"""__version__\s*=\s*["'][0-9]|["']""" + re.escape(pyproject_version()))
    written = [
        p.name for p in package.glob("*.py") if literal.search(p.read_text(encoding="utf-8"))
    ]
    assert not written, f"modules that write the version themselves: {written}"


def test_the_command_line_prints_the_version(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"{helpers.DISTRIBUTION} {pyproject_version()}\n"


def test_citation_names_this_version_and_license() -> None:
    data = citation()
    assert data["version"] == pyproject_version()
    assert data["preferred-citation"]["version"] == pyproject_version()
    license_text = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["license"]
    assert data["license"] == license_text["text"] == "MIT"
    assert (REPO_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert data["authors"] == data["preferred-citation"]["authors"]
    assert data["title"] == data["preferred-citation"]["title"]


def test_citation_follows_the_cff_rules() -> None:
    assert cff_errors(citation()) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.pop("title"), "'title' is a required property"),
        (lambda d: d.update({"cff-version": "1.1.0"}), "'1.2.0' was expected"),
        (lambda d: d.update({"repository_code": "https://x"}), "repository_code"),
        (lambda d: d.update({"date-released": "5 December 2026"}), "does not match"),
        (lambda d: d.update({"authors": []}), "should be non-empty"),
        (lambda d: d["preferred-citation"].pop("authors"), "'authors' is a required"),
    ],
    ids=["no title", "old format", "misspelt key", "date form", "no author", "no cited author"],
)
def test_the_cff_rules_catch_a_broken_citation(change, reason: str) -> None:
    broken = copy.deepcopy(citation())
    change(broken)
    errors = cff_errors(broken)
    assert any(reason in error for error in errors), errors


def find_cffconvert() -> str | None:
    """The path of a cffconvert executable: ``$CFFCONVERT``, on PATH, or ``.cache/cffconvert``."""
    candidates = [os.environ.get(CFFCONVERT_ENV), shutil.which("cffconvert")]
    candidates += [str(CFFCONVERT_HOME / "bin" / "cffconvert")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def test_cffconvert_validates_the_citation(tmp_path: Path) -> None:
    tool = find_cffconvert()
    if tool is None:
        pytest.skip(
            "no cffconvert found: python3 -m venv .cache/cffconvert && "
            ".cache/cffconvert/bin/pip install -r .ci/cffconvert.txt (see CONTRIBUTING.md)"
        )
    good = subprocess.run(
        [tool, "--validate", "-i", str(CITATION)], capture_output=True, text=True, check=False
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "valid" in good.stdout
    broken = tmp_path / "CITATION.cff"
    broken.write_text(CITATION.read_text(encoding="utf-8").replace("license: MIT", "license: X"))
    bad = subprocess.run(
        [tool, "--validate", "-i", str(broken)], capture_output=True, text=True, check=False
    )
    assert bad.returncode != 0, "cffconvert accepted a citation with an unknown license"


def test_the_readme_links_the_license_citation_contributing_and_changelog() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("LICENSE", "CITATION.cff", "CONTRIBUTING.md", "CHANGELOG.md"):
        assert f"]({name})" in readme, f"README.md does not link {name}"
        assert (REPO_ROOT / name).is_file(), name
    assert "## Why this project" in readme and "## Cite this" in readme
