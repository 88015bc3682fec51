"""The people and names columns at work: the words notebook 03 counts, and who was masked.

No name is looked for again here: the annotation table's ``names`` and ``people`` columns
(filled by ``helpers.rules.name_finder``) decide what is masked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.text import as_text
from helpers.corpus.dates import DATELINE
from helpers.rules.institutions import merge_spans
from helpers.rules.name_finder import NAME_MARK
from helpers.rules.people import occurrences, surname_of
from helpers.rules.words import normalise_text

__all__ = [
    "COUNTED_COLUMNS", "GOODS_SUFFIX", "MASKS", "PEOPLE_COLUMNS", "counted_documents",
    "counted_units", "people_table",
]  # fmt: skip

GOODS_SUFFIX = "-goods"  # "drug trafficking" is counted as the term "trafficking-goods"
MASKS: tuple[str, ...] = ("people", "names", "none")
COUNTED_COLUMNS: tuple[str, ...] = ("doc_id", "year", "sent_id", "unit_id", "text")
PEOPLE_COLUMNS: tuple[str, ...] = (
    "doc_id", "document", "year", "person", "surname", "mentions", "forms", "speaker",
)  # fmt: skip
_CRIME_WORD = re.compile(r"(?i)\b(?:traffick|smuggl)\w*")


def _split(cell: object) -> list[str]:
    return [word for word in as_text(cell).split("; ") if word]


def _places(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Every (start, end) where one of ``words`` occurs in ``text`` as whole words."""
    found = [(at, at + len(word)) for word in words for at in occurrences(text, word)]
    return [
        (at, end)
        for at, end in found
        if not (at and text[at - 1].isalnum()) and not (end < len(text) and text[end].isalnum())
    ]


def _counted(text: str, names: Sequence[str], goods: Sequence[str]) -> str:
    """``text`` with each of ``names`` replaced by ``NAME_MARK`` and the crime word of
    each of ``goods`` (outside the names) written with ``GOODS_SUFFIX``."""
    masked = merge_spans(_places(text, names), touching=False)
    edits = [(start, end, NAME_MARK) for start, end in masked]
    for start, end in _places(text, goods):
        if any(a < end and start < b for a, b in masked):
            continue
        word = _CRIME_WORD.search(text, start, end)
        if word:
            edits.append((word.start(), word.end(), word.group() + GOODS_SUFFIX))
    out = text
    for start, end, new in sorted(set(edits), reverse=True):
        out = out[:start] + new + out[end:]
    return out


def counted_units(
    units: pd.DataFrame,
    mask: str = "people",
    goods: bool = False,
    include_titles: bool = False,
) -> pd.DataFrame:
    """Each unit's words as notebook 03 counts them, from the annotation table alone.

    In: the table; ``mask``, the names replaced by ``NAME_MARK`` (punctuation, so no bigram
    jumps over it): ``"people"``, ``"names"`` (people and institutions) or ``"none"``;
    ``goods``, whether the crime word of a goods phrase of ``senses`` is written with
    ``GOODS_SUFFIX``; ``include_titles``. A document's opening dateline is dropped.
    Out: ``COUNTED_COLUMNS``, one row per unit, the text normalised.
    """
    require_columns(units, ["doc_id", "year", "sent_id", "unit_id", "part", "text", "senses",
                            "names", "people"], "counted_units")  # fmt: skip
    if mask not in MASKS:
        raise ValueError(f"mask must be one of {list(MASKS)}, not {mask!r}")
    keep = units if include_titles else units[units["part"] != "title"]
    body = units[units["part"] != "title"]
    first = set(body.drop_duplicates("doc_id")["unit_id"])
    column = {"people": "people", "names": "names"}.get(mask)
    texts = []
    for row in keep.itertuples(index=False):
        text = as_text(row.text)
        names = _split(getattr(row, column)) if column else []
        phrases = [s.rsplit("=", 1)[0] for s in _split(row.senses) if s.endswith("=goods")]
        text = _counted(text, names, phrases if goods else [])
        if row.unit_id in first:
            text = DATELINE.sub("", text, count=1)
        texts.append(normalise_text(text))
    return pd.DataFrame(
        {
            "doc_id": keep["doc_id"].to_numpy(),
            "year": keep["year"].astype("int64").to_numpy(),
            "sent_id": keep["sent_id"].to_numpy(),
            "unit_id": keep["unit_id"].to_numpy(),
            "text": texts,
        },
        columns=list(COUNTED_COLUMNS),
    )


def counted_documents(
    units: pd.DataFrame,
    mask: str = "people",
    goods: bool = False,
    include_titles: bool = False,
) -> pd.DataFrame:
    """In: as :func:`counted_units`. Out: ``doc_id, year, text``, a document's units joined by a
    line break (which no bigram crosses), so documents count as their units pooled."""
    counted = counted_units(units, mask, goods, include_titles)
    grouped = counted.groupby("doc_id", sort=False)
    return pd.DataFrame(
        {
            "doc_id": list(grouped.groups),
            "year": grouped["year"].first().to_numpy(),
            "text": grouped["text"].agg("\n".join).to_numpy(),
        },
        columns=["doc_id", "year", "text"],
    )


def people_table(units: pd.DataFrame) -> pd.DataFrame:
    """The people the table names, one row per person and document, to audit the masking.

    In: the annotation table. Out: ``PEOPLE_COLUMNS``: the longest form, the surname, the
    mentions, the forms masked ("Mr Lubbers ×2; Ruud Lubbers") and the first speaker whose
    description holds the person ('' when they do not speak); by year, document, surname.
    """
    require_columns(units, ["doc_id", "document", "year", "speaker", "people"], "people_table")
    rows = []
    for doc_id, group in units.groupby("doc_id", sort=False):
        forms: dict[str, dict[str, int]] = {}
        for cell in group["people"]:
            for name in _split(cell):
                counted = forms.setdefault(surname_of(normalise_text(name)), {})
                counted[name] = counted.get(name, 0) + 1
        speakers = [s for s in dict.fromkeys(group["speaker"]) if s]
        for surname, found in forms.items():
            person = max(found, key=lambda form: (len(form.split()), form))
            rows.append(
                {
                    "doc_id": doc_id,
                    "document": group["document"].iloc[0],
                    "year": group["year"].iloc[0],
                    "person": person,
                    "surname": surname,
                    "mentions": sum(found.values()),
                    "forms": "; ".join(
                        form if n == 1 else f"{form} ×{n}" for form, n in sorted(found.items())
                    ),
                    "speaker": next(
                        (s for s in speakers if person in s),
                        next((s for s in speakers if surname in s), ""),
                    ),
                }
            )
    table = pd.DataFrame(rows, columns=list(PEOPLE_COLUMNS))
    table = table.astype({"year": "Int64", "mentions": "int64"})
    return table.sort_values(["year", "doc_id", "surname"], kind="stable").reset_index(drop=True)
