"""CHANGELOG.md: the version in pyproject.toml has its entry, dated as CITATION.cff says,
and the file keeps the Keep a Changelog form (versions newest first, known sections)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest
import yaml

from helpers.base.paths import REPO_ROOT

CHANGELOG = REPO_ROOT / "CHANGELOG.md"
SECTIONS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
VERSION_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\S+))?\s*$")


def releases(text: str) -> list[dict]:
    """The ``## [version] - date`` entries of a changelog, in file order, each with the
    ``### Section`` headings under it."""
    entries: list[dict] = []
    for line in text.splitlines():
        heading = VERSION_HEADING.match(line)
        if heading:
            entries.append({**heading.groupdict(), "sections": []})
        elif line.startswith("## "):
            raise AssertionError(f"not a version heading: {line!r}")
        elif line.startswith("### ") and entries:
            entries[-1]["sections"].append(line[4:].strip())
    return entries


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def project_version() -> str:
    text = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["project"]["version"]


def test_the_current_version_has_a_dated_entry() -> None:
    entries = {e["version"]: e for e in releases(CHANGELOG.read_text(encoding="utf-8"))}
    version = project_version()
    assert version in entries, f"CHANGELOG.md has no '## [{version}] - YYYY-MM-DD' entry"
    entry = entries[version]
    assert entry["date"], f"the entry of {version} has no date"
    assert entry["sections"], f"the entry of {version} lists no change"
    citation = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert entry["date"] == citation["date-released"], "CITATION.cff gives another date"


def test_the_changelog_keeps_its_form() -> None:
    entries = releases(CHANGELOG.read_text(encoding="utf-8"))
    released = [e for e in entries if e["version"] != "Unreleased"]
    assert all(e["version"] != "Unreleased" for e in entries[1:]), "[Unreleased] goes first"
    for entry in released:
        assert entry["date"], f"{entry['version']} has no date"
        dt.date.fromisoformat(entry["date"])
        unknown = [s for s in entry["sections"] if s not in SECTIONS]
        assert not unknown, (
            f"{entry['version']}: sections Keep a Changelog does not name: {unknown}"
        )
        assert len(set(entry["sections"])) == len(entry["sections"]), entry["version"]
    versions = [version_key(e["version"]) for e in released]
    assert versions == sorted(versions, reverse=True), "versions must run newest first"
    dates = [e["date"] for e in released]
    assert dates == sorted(dates, reverse=True), "dates must run newest first"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("## 0.2.0\n", "not a version heading"),
        ("## [0.1.0] - 2026-11-01\n### Added\n## [0.2.0] - 2026-12-05\n### Added\n", "newest"),
        ("## [0.2.0] - 2026-12-05\n### Improved\n", "sections"),
        ("## [0.2.0] - 2026-12-05\n### Added\n## [Unreleased]\n", "goes first"),
        ("## [0.2.0]\n### Added\n", "no date"),
    ],
)
def test_a_malformed_changelog_fails(text: str, problem: str, tmp_path, monkeypatch) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(text, encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.CHANGELOG", changelog)
    with pytest.raises(AssertionError, match=problem):
        test_the_changelog_keeps_its_form()
