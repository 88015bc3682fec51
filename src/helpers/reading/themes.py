"""Themes in the corpus: the codebook, the units and which unit has which theme.

**The codebook** is one data file, ``data/themes.csv`` (columns ``theme,
definition, patterns, exclude, match``; see ``data/README.md``), one row per
theme: edit a row or add one, re-run, and every table and figure follows. A
row whose ``theme`` starts with '#' is switched off. ``patterns`` and
``exclude`` are lists separated by ';'.

**How a pattern matches.** ``match`` says how the row's patterns read
(``phrase``, ``glob`` or ``regex``: the one pattern language of
``helpers.rules.patterns``, documented in ``data/README.md``); every row of the
file is a ``glob``, as is a row without it. ``@name`` is not a pattern but
the framing notebook's own cue list ``name`` (``data/framing_cues.csv``),
applied exactly as ``framing.analyse`` applies it: ``@trafficking`` counts
human trafficking only (trafficking of drugs, arms or goods is dropped, as
are mentions inside names), so the two notebooks agree sentence by sentence.

**Word senses.** A match does not count when

1. it lies inside a match of one of the theme's ``exclude`` phrases
   ("partner* for co-operation": the OSCE's Partners for Co-operation are a
   status, not an act of co-operation), or
2. it starts inside a *name* (``helpers.rules.names``, the framing rules' name
   finder). So "Security" in "Organization for Security and Co-operation in
   Europe" is not the security theme, and "Illicit Trafficking Branch" is not
   trafficking;
3. for an ``@trafficking`` or ``@smuggling`` pattern, it is trafficking or
   smuggling of goods (the framing lists ``not_trafficking``, ``not_smuggling``).

A unit **has** a theme when at least one of the theme's matches counts.

**Units.** ``make_units`` turns a corpus into units: one row of
``corpus.sentences`` per unit by default, or one row of ``corpus.paragraphs``
(``unit="paragraph"``). A document's title is its own unit (sentence 0 and
paragraph 0, ``part == "title"``) unless ``include_titles=False``. A paragraph
is matched as one text: what it contains is the union of its sentences, except
that a name or quoted title is looked for in the whole paragraph.

**The theme matrix.** ``theme_matrix(units, codebook)`` is the table every
count derives from: one row per unit, one boolean column per theme. The counts
and measures over it are in ``themes_counts``, the concordance of matches (the
audit) in ``themes_kwic``, the figures (the theme network among them) in
``themes_figures``.

The functions, in the order a notebook uses them: ``read_codebook`` /
``codebook_from_table`` (and ``codebook_summary``); ``make_units``;
``theme_matrix`` (and ``match_text``, ``theme_matches`` for every match with
its status).

Every function is pure: it takes DataFrames and returns new ones and changes
nothing in place.
Nothing writes a file; ``read_codebook`` reads the codebook, and both it and
``codebook_from_table`` read the framing cue file when no cues are given.
Importing this module changes no setting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
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
from helpers.rules.name_finder import inside
from helpers.rules.patterns import MATCH_KINDS, compile_pattern

__all__ = [
    "CODEBOOK_COLUMNS",
    "CODEBOOK_FILE",
    "CRIMES",
    "Codebook",
    "FRAMING_LISTS",
    "MATCH_COLUMNS",
    "NO_THEME",
    "Pattern",
    "STATUSES",
    "Theme",
    "UNIT_COLUMNS",
    "UNIT_KINDS",
    "as_codebook",
    "codebook_from_table",
    "codebook_summary",
    "make_units",
    "match_text",
    "read_codebook",
    "theme_matches",
    "theme_matrix",
]

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
    """One theme: its name, one-line definition, patterns and exclusion phrases."""

    name: str
    definition: str
    patterns: tuple[Pattern, ...]
    exclude: tuple[Pattern, ...]


@dataclass(frozen=True, eq=False)
class Codebook:
    """The codebook: its table, its themes in file order and the framing cues it uses.

    Build it with ``read_codebook`` (from the file) or ``codebook_from_table``
    (from a DataFrame, e.g. the file read and edited in a notebook). ``cues``
    are the framing cues used to find names and for ``@list`` patterns.
    """

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
    """A theme's patterns as ``theme_matrix`` tries them (see ``Codebook.scans``).

    ``lists``: its ``@list`` patterns; ``regexes`` and ``exclude``: the
    indexes of its phrase patterns and exclusion phrases in ``Codebook.matcher``.
    """

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
    """Build a ``Codebook`` from a table with columns ``theme, definition, patterns, exclude``.

    In: the table (``exclude`` may be missing or empty; ``match``, how the row's
    patterns and exclusions read (``phrase``, ``glob`` or ``regex``, see
    ``data/README.md``), may be missing or empty for ``glob``; rows whose theme
    starts with '#' are skipped); the framing cues (default ``framing_cues.read_cues()``).
    Out: a ``Codebook``. Raises ``ValueError`` naming the row for a missing
    column, an empty or repeated theme name, a theme without patterns or a
    pattern that cannot be compiled.
    """
    table, numbers = rule_rows(table, CODEBOOK_COLUMNS[:3], "codebook", CODEBOOK_COLUMNS[3:])
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
    """Read the codebook file (CSV: ``theme, definition, patterns, exclude, match``).

    In: its path (default ``data/themes.csv``); the framing cues (default
    ``framing_cues.read_cues()``). Out: a ``Codebook``; its ``table`` is the file.
    An error names the file, the row and the pattern.
    """
    with file_errors(path):
        return codebook_from_table(read_rule_file(path), cues)


def as_codebook(codebook: Codebook | pd.DataFrame) -> Codebook:
    """The codebook itself, or one built from a table by ``codebook_from_table``."""
    return codebook if isinstance(codebook, Codebook) else codebook_from_table(codebook)


def codebook_summary(codebook: Codebook | pd.DataFrame) -> pd.DataFrame:
    """The codebook as a table to read: one row per theme.

    Out: ``theme, definition, n_patterns, patterns, exclude`` (the lists
    '; '-joined), in codebook order.
    """
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

    In: a ``Corpus`` (or any object with ``documents`` (``doc_id, year``),
    ``sentences`` and ``paragraphs`` tables as ``load_corpus`` makes them);
    ``unit``, ``"sentence"`` (a row of ``corpus.sentences``) or
    ``"paragraph"`` (a row of ``corpus.paragraphs``); ``include_titles``,
    whether each document's title (sentence 0, paragraph 0) is a unit. Out: one
    row per unit, columns ``UNIT_COLUMNS``: ``unit_id`` is ``doc_id#s<sent_id>``
    or ``doc_id#p<para_id>``; ``sent_id`` is empty for paragraphs. Sorted by
    year, doc_id, para_id and sent_id.
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


def match_text(text: str, codebook: Codebook | pd.DataFrame) -> list[dict]:
    """Every theme match in one text, counted or not.

    In: a text and the codebook. Out: a list of dicts ``theme, pattern, start,
    end, matched, status`` (start/end are positions in ``text``; ``status`` is
    ``counted``, ``excluded`` (inside an exclusion phrase, or trafficking or
    smuggling of goods) or ``in name``), in codebook order, then by position.
    Within a theme and status, a match inside a longer one is dropped.
    """
    codebook = as_codebook(codebook)
    unit = _Unit(as_text(text), codebook)
    names = unit.names()
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
                found = []
                for start, end in unit.spans([codebook.index[pattern.regex]]):
                    if _within(start, end, blocks):
                        status = "excluded"
                    elif inside(start, names):
                        status = "in name"
                    else:
                        status = "counted"
                    found.append((start, end, status))
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
    """Every theme match in every unit.

    In: a table with a ``text`` column (e.g. ``make_units``); the codebook;
    the statuses to keep (``STATUSES``; default only the matches that count);
    ``progress`` and ``workers`` as in :func:`theme_matrix` (the result is the
    same on any number of processes). Out: one row per match, columns
    ``MATCH_COLUMNS``: ``row`` is the unit's index label in ``units``; rows in
    the order of ``units``, then codebook order, then position.
    """
    require_columns(units, ["text"], "theme_matches")
    codebook = as_codebook(codebook)
    unknown = sorted(set(statuses) - set(STATUSES))
    if unknown:
        raise ValueError(f"unknown status(es) {unknown}; they are {list(STATUSES)}")
    found = _map_units(_matches_of, units, codebook, "Theme matches", progress, workers)
    rows = [
        {"row": label, **match}
        for label, matches in zip(units.index, found, strict=True)
        for match in matches
        if match["status"] in statuses
    ]
    return pd.DataFrame(rows, columns=list(MATCH_COLUMNS))


def _map_units(
    function: Callable[[Codebook, str], object],
    units: pd.DataFrame,
    codebook: Codebook,
    desc: str,
    progress: bool | None,
    workers: int | None,
) -> list:
    """``function(codebook, text)`` for the text of every unit, in order; each distinct
    text once, on every core for many texts (``parallel.map_distinct``), with a
    progress bar labelled ``desc``."""
    return map_distinct(function, codebook, list(units["text"]), workers, desc, progress)


def _matches_of(codebook: Codebook, text: str) -> list[dict]:
    """``match_text`` with the codebook first, for ``map_distinct``."""
    return match_text(text, codebook)


def theme_matrix(
    units: pd.DataFrame,
    codebook: Codebook | pd.DataFrame,
    progress: bool | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Which unit has which theme: the table every count in this module derives from.

    In: a table with a ``text`` column, one row per unit (``make_units``, or
    ``corpus.sentences`` itself); the codebook; ``progress``, a progress bar
    (default: shown for more than ``parallel.SENTENCES_PROGRESS_FROM`` distinct
    texts when stderr is a terminal, see ``helpers.base.progress``); ``workers``, processes
    that match the units (default: every core from ``parallel.SENTENCES_FROM``
    distinct texts, else one; the result is the same). Units with the same
    text are matched once (``parallel.map_distinct``). Out: one row per unit
    (same index as ``units``), one boolean column per theme in codebook order:
    True when at least one of the theme's matches counts (module docstring).

    The result is that of ``match_text`` (a theme is present when one of its
    matches has the status ``counted``), found with less work: a theme's
    patterns stop at the first match that counts, the framing analysis is
    made only as far as needed, and patterns whose required words are absent
    are not tried.
    """
    require_columns(units, ["text"], "theme_matrix")
    codebook = as_codebook(codebook)
    n_units = len(units)
    rows = _map_units(_theme_row, units, codebook, "Theme matrix", progress, workers)
    flags = np.frombuffer(b"".join(rows), dtype=np.uint8).astype(bool)
    matrix = flags.reshape(n_units, len(codebook.themes))
    return pd.DataFrame(matrix, index=units.index, columns=list(codebook.names), dtype=bool)


def _theme_row(codebook: Codebook, text: object) -> bytes:
    """One row of ``theme_matrix``: one byte per theme, 1 when it counts in the unit's text."""
    unit = _Unit(as_text(text), codebook)
    return bytes([_counts(theme, unit) for theme in codebook.scans])


class _Unit:
    """One unit's text, the codebook patterns that may match it (``helpers.rules.engine``) and,
    worked out when first asked for, what the framing rules find (``framing.Reading``)."""

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

    def names(self) -> list[tuple[int, int]]:
        """The names the framing rules find in the text."""
        return self.reading.names()

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
            if not inside(start, unit.names()):
                return True
    return False
