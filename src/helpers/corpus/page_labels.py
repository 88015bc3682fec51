"""The words that name page types, site sections and metadata fields: ``data/page_labels.csv``.

Kinds: ``doc_type`` ("Press release") and ``section`` ("Newsroom") labels are never a title;
``end`` labels ("Related content") head what follows an article; ``metadata`` labels name
the fields of a page's metadata block ("Date:", "Place:").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import file_errors, read_rule_file, rule_rows

__all__ = ["PAGE_LABELS_FILE", "PageLabels", "read_page_labels"]

PAGE_LABELS_FILE: Path = DATA_DIR / "page_labels.csv"


@dataclass(frozen=True)
class PageLabels:
    """The words that name page types and metadata fields (from ``data/page_labels.csv``)."""

    doc_types: dict[str, str]
    metadata: dict[str, str]
    sections: frozenset[str] = frozenset()  # site and section labels: never a title
    ends: frozenset[str] = frozenset()  # block headings after an article: 'Related content'

    def is_label(self, line: str) -> bool:
        """Say whether a line is a page-type or section label ('Press release', 'Newsroom')."""
        key = line.strip().rstrip(":").strip().lower()
        return key in self.doc_types or key in self.sections

    def ends_article(self, line: str) -> bool:
        """Say whether a line heads a block that follows an article ('Related content')."""
        return bool(line) and line.rstrip(":").strip().lower() in self.ends


def read_page_labels(path: Path = PAGE_LABELS_FILE) -> PageLabels:
    """In: a CSV (kind, label, meaning). Out: a ``PageLabels``. Raises ``ValueError``
    naming the file and the row of an unknown kind."""
    with file_errors(path):
        table, numbers = rule_rows(read_rule_file(path), ("kind", "label", "meaning"),
                                   "page labels", rationale="meaning")  # fmt: skip
        for number, kind, label in zip(numbers, table["kind"], table["label"], strict=True):
            if kind not in ("doc_type", "metadata", "section", "end"):
                raise ValueError(f"row {number} ({kind!r}, {label!r}): unknown kind")
    keys = table["label"].str.strip().str.lower()
    doc_types = keys[table["kind"] == "doc_type"]
    return PageLabels(
        {key: key if key in ("press release", "event") else "other" for key in doc_types},
        {key: _canonical_field(key) for key in keys[table["kind"] == "metadata"]},
        frozenset(keys[table["kind"] == "section"]),
        frozenset(keys[table["kind"] == "end"]),
    )


# the Page attribute each metadata label fills: by the whole label, then by how it starts
_FIELDS = {
    "date": ("date", "published", "posted", "issued", "publishing date", "publication date"),
    "place": ("place",),
    "tags": ("tag", "tags", "topics"),
    "audience": ("audience",),
}
_FIELD_STARTS = {"source": "sources", "field": "fields_of_work", "organi": "organisers"}


def _canonical_field(label: str) -> str:
    """Map a metadata label to the Page attribute it fills ('venue' for any other)."""
    if "updated" in label or "modified" in label:
        return "updated"  # read and kept out of the text, not used: not the publication date
    exact = [field for field, labels in _FIELDS.items() if label in labels]
    starts = [field for start, field in _FIELD_STARTS.items() if label.startswith(start)]
    return (exact + starts + ["venue"])[0]
