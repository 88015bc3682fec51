"""The words that name page types, site sections and metadata fields on saved pages.

They are read from ``data/page_labels.csv`` (columns kind, label, meaning):
``doc_type`` labels name the kind of page above its title ("Press release");
``section`` labels name a part of the site ("Newsroom", "Latest news");
neither is ever a page's title. ``end`` labels head the blocks that follow an
article ("Related content", "Share", "Contacts"): the article ends above
them. ``metadata`` labels name the fields of a page's metadata block
("Date:", "Place:", "Fields of work:").
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
    """Read the page-type, section and metadata labels from a CSV (columns kind, label, meaning).

    In: the CSV's path. Out: a ``PageLabels``. Raises ``ValueError`` naming the file
    and the row of an unknown kind (known: doc_type, section, metadata, end).
    """
    doc_types: dict[str, str] = {}
    metadata: dict[str, str] = {}
    sections: set[str] = set()
    ends: set[str] = set()
    with file_errors(path):
        table, numbers = rule_rows(read_rule_file(path), ("kind", "label", "meaning"),
                                   "page labels", rationale="meaning")  # fmt: skip
        for number, kind, label in zip(numbers, table["kind"], table["label"], strict=True):
            key = label.strip().lower()
            if kind == "doc_type":
                doc_types[key] = key if key in ("press release", "event") else "other"
            elif kind == "metadata":
                metadata[key] = _canonical_field(key)
            elif kind == "section":
                sections.add(key)
            elif kind == "end":
                ends.add(key)
            else:
                raise ValueError(f"row {number} ({kind!r}, {label!r}): unknown kind")
    return PageLabels(doc_types, metadata, frozenset(sections), frozenset(ends))


def _canonical_field(label: str) -> str:
    """Map a metadata label to the Page attribute it fills."""
    if label in ("date", "published", "posted", "issued", "publishing date", "publication date"):
        return "date"
    if "updated" in label or "modified" in label:
        return "updated"  # read and kept out of the text, not used: not the publication date
    if label in ("place",):
        return "place"
    if label.startswith("source"):
        return "sources"
    if label.startswith("field"):
        return "fields_of_work"
    if label in ("tag", "tags", "topics"):
        return "tags"
    if label.startswith("organi"):
        return "organisers"
    if label == "audience":
        return "audience"
    return "venue"
