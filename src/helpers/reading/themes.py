"""Themes: the codebook, the units, and which unit has which theme.

The codebook is ``data/themes.csv`` (``theme, definition, patterns, exclude, match``; a '#'
theme is off): patterns in the one pattern language (``match``, default ``glob``), or
``@list``, a framing cue list applied exactly as ``framing.analyse`` applies it, so the two
notebooks agree sentence by sentence. A match does not count inside an ``exclude`` match,
inside a name, or (for ``@trafficking``/``@smuggling``) as trade in goods. A unit has a theme
when one of its matches counts; ``theme_matrix`` is the table every count derives from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.parallel import map_distinct
from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import file_errors, read_rule_file, rule_rows
from helpers.base.text import as_text, normalise_map
from helpers.corpus.load import Corpus
from helpers.reading.framing import CRIMES, Reading, longest_spans
from helpers.rules.cues import Cues, read_cues
from helpers.rules.engine import PatternSet
from helpers.rules.institutions import inside
from helpers.rules.patterns import MATCH_KINDS, compile_pattern

__all__ = [
    "CODEBOOK_COLUMNS", "CODEBOOK_FILE", "CRIMES", "Codebook", "FRAMING_LISTS", "MATCH_COLUMNS",
    "NO_THEME", "Pattern", "STATUSES", "Theme", "UNIT_COLUMNS", "UNIT_KINDS", "as_codebook",
    "codebook_from_table", "codebook_summary", "make_units", "match_text", "read_codebook",
    "theme_matches", "theme_matrix",
]  # fmt: skip

CODEBOOK_FILE: Path = DATA_DIR / "themes.csv"
CODEBOOK_COLUMNS: tuple[str, ...] = ("theme", "definition", "patterns", "exclude", "match")
# The framing cue lists a pattern may name with '@': those framing.analyse
# reports outside names.
FRAMING_LISTS: tuple[str, ...] = (
    "trafficking", "smuggling", "distinction", "nexus", "element_trafficking",
    "element_smuggling", "umbrella", "security", "rights",
)  # fmt: skip
UNIT_KINDS: tuple[str, ...] = ("sentence", "paragraph")
UNIT_COLUMNS: tuple[str, ...] = ("unit_id", "doc_id", "year", "para_id", "sent_id", "part", "text")
MATCH_COLUMNS: tuple[str, ...] = ("row", "theme", "pattern", "start", "end", "matched", "status")
STATUSES: tuple[str, ...] = ("counted", "excluded", "in name")
NO_THEME = "(no theme)"
_BOUNDS = itemgetter("start", "end")  # a match row's span


# --------------------------------------------------------------------------- codebook


@dataclass(frozen=True)
class Pattern:
    """One pattern of a theme: its text and either a compiled phrase or a framing list."""

    text: str
    framing_list: str | None
    regex: re.Pattern[str] | None


@dataclass(frozen=True)
class Theme:
    """One theme: its name, definition, patterns and exclusion phrases."""

    name: str
    definition: str
    patterns: tuple[Pattern, ...]
    exclude: tuple[Pattern, ...]


@dataclass(frozen=True, eq=False)
class Codebook:
    """The codebook: its table, its themes in file order, and the framing cues it uses."""

    table: pd.DataFrame
    themes: tuple[Theme, ...]
    cues: Cues

    @property
    def names(self) -> tuple[str, ...]:
        """The theme names, in codebook order."""
        return tuple(theme.name for theme in self.themes)

    # Derived once, on first use, for speed only (the results do not depend on them).

    @cached_property
    def matcher(self) -> PatternSet:
        """Every distinct phrase pattern and exclusion phrase, for ``helpers.rules.engine``."""
        found: dict[re.Pattern[str], None] = {}
        for theme in self.themes:
            for pattern in theme.patterns + theme.exclude:
                if pattern.regex is not None:
                    found.setdefault(pattern.regex, None)
        return PatternSet.from_patterns(list(found))

    @cached_property
    def index(self) -> Mapping[re.Pattern[str], int]:
        """Each phrase pattern -> its index in ``matcher``."""
        return {regex: number for number, regex in enumerate(self.matcher.patterns)}

    @cached_property
    def scans(self) -> tuple[_ThemeScan, ...]:
        """What ``theme_matrix`` needs of each theme, in codebook order."""
        return tuple(
            _ThemeScan(
                lists=tuple(p.framing_list for p in theme.patterns if p.framing_list),
                regexes=tuple(self.index[p.regex] for p in theme.patterns if p.regex is not None),
                exclude=tuple(self.index[p.regex] for p in theme.exclude),
            )
            for theme in self.themes
        )


@dataclass(frozen=True)
class _ThemeScan:
    """A theme's ``@list`` patterns, and its phrases and exclusions as indexes in ``matcher``."""

    lists: tuple[str, ...]
    regexes: tuple[int, ...]
    exclude: tuple[int, ...]


def _split_items(cell: str) -> list[str]:
    return [item.strip() for item in str(cell).split(";") if item.strip()]


def _parse_pattern(item: str, where: str, allow_lists: bool, match: str = "glob") -> Pattern:
    if item.startswith("@"):
        name = item[1:].strip()
        if not allow_lists:
            raise ValueError(f"{where}: '@{name}' is not allowed in 'exclude'")
        if name not in FRAMING_LISTS:
            raise ValueError(
                f"{where}: unknown framing list '@{name}'; the lists are {list(FRAMING_LISTS)}"
            )
        return Pattern(item, name, None)
    try:
        return Pattern(item, None, compile_pattern(item, match))
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None


def codebook_from_table(table: pd.DataFrame, cues: Cues | None = None) -> Codebook:
    """In: a codebook table (``exclude`` and ``match`` optional); the framing cues (default: the
    file). Out: a ``Codebook``. Errors name the row: a missing column, an empty, repeated or
    reserved theme, a theme without patterns, a bad pattern.
    """
    table, numbers = rule_rows(
        table, CODEBOOK_COLUMNS[:3], "codebook_from_table", CODEBOOK_COLUMNS[3:]
    )
    table = table.apply(lambda column: column.str.strip())
    cues = cues if cues is not None else read_cues()
    themes: list[Theme] = []
    for number, row in zip(numbers, table.itertuples(index=False), strict=True):
        where = f"codebook row {number} ({row.theme!r})"
        if not row.theme:
            raise ValueError(f"{where}: empty theme name")
        if row.theme in {theme.name for theme in themes}:
            raise ValueError(f"{where}: theme {row.theme!r} appears twice")
        if row.theme == NO_THEME:
            raise ValueError(f"{where}: {NO_THEME!r} is reserved for units without a theme")
        items = _split_items(row.patterns)
        if not items:
            raise ValueError(f"{where}: no patterns")
        match = row.match.lower() or "glob"
        if match not in MATCH_KINDS:
            raise ValueError(f"{where}: match {row.match!r} is not one of {list(MATCH_KINDS)}")
        patterns = tuple(_parse_pattern(item, where, True, match) for item in items)
        exclude = tuple(
            _parse_pattern(item, where, False, match) for item in _split_items(row.exclude)
        )
        themes.append(Theme(row.theme, row.definition, patterns, exclude))
    if not themes:
        raise ValueError("the codebook has no themes")
    return Codebook(table=table, themes=tuple(themes), cues=cues)


def read_codebook(path: Path | str = CODEBOOK_FILE, cues: Cues | None = None) -> Codebook:
    """In: the codebook file (default ``data/themes.csv``); the cues. Out: a ``Codebook``."""
    with file_errors(path):
        return codebook_from_table(read_rule_file(path), cues)


def as_codebook(codebook: Codebook | pd.DataFrame) -> Codebook:
    """The codebook itself, or one built from a table by ``codebook_from_table``."""
    return codebook if isinstance(codebook, Codebook) else codebook_from_table(codebook)


def codebook_summary(codebook: Codebook | pd.DataFrame) -> pd.DataFrame:
    """In: the codebook. Out: one row per theme: ``theme, definition, n_patterns, patterns,
    exclude``."""
    codebook = as_codebook(codebook)
    return pd.DataFrame(
        [
            {
                "theme": theme.name,
                "definition": theme.definition,
                "n_patterns": len(theme.patterns),
                "patterns": "; ".join(p.text for p in theme.patterns),
                "exclude": "; ".join(p.text for p in theme.exclude),
            }
            for theme in codebook.themes
        ],
        columns=["theme", "definition", "n_patterns", "patterns", "exclude"],
    )


# --------------------------------------------------------------------------- units


def make_units(corpus: Corpus, unit: str = "sentence", include_titles: bool = True) -> pd.DataFrame:
    """The units whose themes are counted.

    In: a corpus; ``unit``, ``"sentence"`` or ``"paragraph"``; ``include_titles``. Out:
    ``UNIT_COLUMNS``, ``unit_id`` ``doc_id#s<sent_id>`` or ``doc_id#p<para_id>``, by year,
    doc_id, para_id and sent_id.
    """
    if unit not in UNIT_KINDS:
        raise ValueError(f"unit must be one of {list(UNIT_KINDS)}, not {unit!r}")
    table = corpus.sentences if unit == "sentence" else corpus.paragraphs
    out = table.copy()
    if unit == "paragraph":
        out["sent_id"] = pd.NA
    if not include_titles:
        out = out[out["part"] != "title"]
    years = corpus.documents.drop_duplicates("doc_id").set_index("doc_id")["year"]
    out["year"] = out["doc_id"].map(years).astype("Int64")
    out["para_id"] = out["para_id"].astype("Int64")
    out["sent_id"] = out["sent_id"].astype("Int64")
    if unit == "sentence":
        out["unit_id"] = out["doc_id"] + "#s" + out["sent_id"].astype(str)
    else:
        out["unit_id"] = out["doc_id"] + "#p" + out["para_id"].astype(str)
    out["text"] = out["text"].fillna("").astype(str)
    out = out.sort_values(["year", "doc_id", "para_id", "sent_id"], kind="stable")
    return out[list(UNIT_COLUMNS)].reset_index(drop=True)


# --------------------------------------------------------------------------- matching


def _within(start: int, end: int, blocks: Sequence[tuple[int, int]]) -> bool:
    return any(first <= start and end <= last for first, last in blocks)


def _status(start: int, end: int, blocks: Sequence[tuple[int, int]], names) -> str:
    """A phrase match's status: inside an exclusion, inside a name, else counted."""
    if _within(start, end, blocks):
        return "excluded"
    return "in name" if inside(start, names) else "counted"


def match_text(text: str, codebook: Codebook | pd.DataFrame) -> list[dict]:
    """Every theme match in one text, counted or not.

    In: a text and the codebook. Out: dicts ``theme, pattern, start, end, matched, status``
    (``STATUSES``), by theme then position; within a theme and status the longest match is kept.
    """
    codebook = as_codebook(codebook)
    unit = _Unit(as_text(text), codebook)
    names = unit.reading.names()
    out: list[dict] = []
    for theme, scan in zip(codebook.themes, codebook.scans, strict=True):
        blocks = unit.spans(scan.exclude)
        rows: list[dict] = []
        for pattern in theme.patterns:
            if pattern.framing_list is not None:
                counted = unit.of(pattern.framing_list)
                raw = [(s.start, s.end) for s in unit.reading.spans(pattern.framing_list)]
                found = [
                    (start, end, "excluded" if _within(start, end, blocks) else "counted")
                    for start, end in counted
                ]
                for start, end in raw:
                    if any(s < end and start < e for s, e in counted):
                        continue
                    found.append((start, end, "in name" if inside(start, names) else "excluded"))
            else:
                found = [
                    (start, end, _status(start, end, blocks, names))
                    for start, end in unit.spans([codebook.index[pattern.regex]])
                ]
            rows += [
                {
                    "theme": theme.name,
                    "pattern": pattern.text,
                    "start": start,
                    "end": end,
                    "matched": unit.text[start:end],
                    "status": status,
                }
                for start, end, status in found
            ]
        for status in STATUSES:
            out += longest_spans([r for r in rows if r["status"] == status], _BOUNDS)
    order = {name: number for number, name in enumerate(codebook.names)}
    return sorted(out, key=lambda r: (order[r["theme"]], r["start"], r["end"]))


def theme_matches(
    units: pd.DataFrame,
    codebook: Codebook | pd.DataFrame,
    statuses: Sequence[str] = ("counted",),
    progress: bool | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """In: units with a ``text`` column; the codebook; the ``statuses`` kept; ``progress`` and
    ``workers``. Out: ``MATCH_COLUMNS``, one row per match, ``row`` the unit's index label.
    """
    codebook = as_codebook(codebook)
    unknown = sorted(set(statuses) - set(STATUSES))
    if unknown:
        raise ValueError(f"unknown status(es) {unknown}; they are {list(STATUSES)}")
    found = map_distinct(
        _matches_of, codebook, list(units["text"]), workers, "Theme matches", progress
    )
    rows = [
        {"row": label, **match}
        for label, matches in zip(units.index, found, strict=True)
        for match in matches
        if match["status"] in statuses
    ]
    return pd.DataFrame(rows, columns=list(MATCH_COLUMNS))


def _matches_of(codebook: Codebook, text: str) -> list[dict]:
    """``match_text`` with the codebook first, for ``map_distinct``."""
    return match_text(text, codebook)


def theme_matrix(
    units: pd.DataFrame,
    codebook: Codebook | pd.DataFrame,
    progress: bool | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Which unit has which theme: the table every theme count derives from.

    In: units with a ``text`` column; the codebook; ``progress``; ``workers`` (same result on any
    number). Out: one boolean column per theme, same index: True when a match counts. The same
    as ``match_text``, with less work (a theme stops at its first match that counts).
    """
    require_columns(units, ["text"], "theme_matrix")
    codebook = as_codebook(codebook)
    rows = map_distinct(
        _theme_row, codebook, list(units["text"]), workers, "Theme matrix", progress
    )
    flags = np.frombuffer(b"".join(rows), dtype=np.uint8).astype(bool)
    matrix = flags.reshape(len(units), len(codebook.themes))
    return pd.DataFrame(matrix, index=units.index, columns=list(codebook.names), dtype=bool)


def _theme_row(codebook: Codebook, text: object) -> bytes:
    """One row of ``theme_matrix``: one byte per theme, 1 when it counts in the unit's text."""
    unit = _Unit(as_text(text), codebook)
    return bytes([_counts(theme, unit) for theme in codebook.scans])


class _Unit:
    """One unit's text, the codebook patterns that may match it, and its framing ``Reading``."""

    __slots__ = ("text", "norm", "where", "hits", "codebook", "_reading")

    def __init__(self, text: str, codebook: Codebook) -> None:
        self.text, self.codebook = text, codebook
        self.norm, self.where = normalise_map(text)
        self.hits = codebook.matcher.candidates(self.norm)
        self._reading: Reading | None = None

    @property
    def reading(self) -> Reading:
        if self._reading is None:
            self._reading = Reading(self.text, self.codebook.cues)
        return self._reading

    def of(self, name: str) -> list[tuple[int, int]]:
        """``framing.analyse(text).of(name)`` as (start, end) pairs (order aside)."""
        if name in CRIMES:
            return self.reading.mentions(name)
        return [(s.start, s.end) for s in self.reading.analysis().of(name)]

    def spans(self, indexes: Iterable[int]) -> list[tuple[int, int]]:
        """Where the codebook patterns ``indexes`` match (positions in the original text)."""
        matcher, where, hits = self.codebook.matcher, self.where, self.hits
        return [
            (where[first], where[last - 1] + 1)
            for index in indexes
            if index in hits
            for first, last in matcher.spans(index, self.norm)
        ]


def _counts(theme: _ThemeScan, unit: _Unit) -> bool:
    """Whether one of the theme's matches in the unit counts (as in ``match_text``)."""
    blocks = None
    for name in theme.lists:
        found = unit.of(name)
        if not found:
            continue
        if not theme.exclude:
            return True
        if blocks is None:
            blocks = unit.spans(theme.exclude)
        if any(not _within(start, end, blocks) for start, end in found):
            return True
    for index in theme.regexes:
        if index not in unit.hits:
            continue
        for start, end in unit.spans((index,)):
            if theme.exclude:
                if blocks is None:
                    blocks = unit.spans(theme.exclude)
                if _within(start, end, blocks):
                    continue
            if not inside(start, unit.reading.names()):
                return True
    return False
