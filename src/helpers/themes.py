"""Themes that travel together: which themes co-occur in the same sentence or paragraph.

**The codebook** is one data file, ``data/themes.csv`` (columns ``theme,
definition, patterns, exclude, match``; see ``data/README.md``), one row per
theme: edit a row or add one, re-run, and every table and figure follows. A
row whose ``theme`` starts with '#' is switched off. ``patterns`` and
``exclude`` are lists separated by ';'.

**How a pattern matches.** ``match`` says how the row's patterns read
(``helpers.patterns``: ``phrase``, ``glob`` or ``regex``); every row of the
file is a ``glob``, as is a row without it. A glob is a word or a phrase.
It is matched on the *normalised* text of the unit (``framing.normalise``:
case-folded, curly quotes and apostrophes made straight, dashes made '-',
white space collapsed) and only at word boundaries: the character before the
match and the one after it are not letters, digits or '_'. So ``border``
matches "Border" and "cross-border" but not "borders"; ``border*`` matches
both. Within a pattern:

- a ``*`` at the end of a word stands for any further letters or digits
  (``migra*`` matches "migrant", "migrants", "migration");
- a space matches any white space; a hyphen also matches a space or nothing
  (``co-operat*`` matches "co-operation", "cooperation", "co operate");
- ``@name`` is not a phrase but the framing notebook's own cue list ``name``
  (``data/framing_cues.csv``), applied exactly as ``framing.analyse`` applies
  it: ``@trafficking`` counts human trafficking only (trafficking of drugs,
  arms or goods is dropped, as are mentions inside names), so the two
  notebooks agree sentence by sentence.

**Word senses.** A match does not count when

1. it lies inside a match of one of the theme's ``exclude`` phrases
   ("partner* for co-operation": the OSCE's Partners for Co-operation are a
   status, not an act of co-operation), or
2. it starts inside a *name*, found by the framing module's name finder
   (``framing.analyse``): a run of Title-Cased words around a head such as
   Organization, Office, Branch or Action Plan, or a quoted Title-Cased title.
   So "Security" in "Organization for Security and Co-operation in Europe" is
   not the security theme, and "Illicit Trafficking Branch" is not trafficking;
3. for an ``@trafficking`` or ``@smuggling`` pattern, it is trafficking or
   smuggling of goods (the framing lists ``not_trafficking``, ``not_smuggling``).

A unit **has** a theme when at least one of the theme's matches counts.

**Units.** ``make_units`` turns a corpus into units: one row of
``corpus.sentences`` per unit by default, or one row of ``corpus.paragraphs``
(``unit="paragraph"``). A document's title is its own unit (sentence 0 and
paragraph 0, ``part == "title"``) unless ``include_titles=False``. A paragraph
is matched as one text: what it contains is the union of its sentences, except
that a name or quoted title is looked for in the whole paragraph.

**Counts and measures.** ``theme_matrix(units, codebook)`` is the table every
count derives from: one row per unit, one boolean column per theme. For two
themes A and B over N units: ``n_a`` and ``n_b`` are the units with A and with
B, ``n_both`` the units with both; ``jaccard = n_both / (n_a + n_b - n_both)``
(the share of units with either theme that have both); ``expected = n_a * n_b
/ N`` (the count if the themes were independent); ``lift = n_both /
expected`` and ``pmi = log2(lift)``, left empty (NaN) when ``n_both`` is below
a minimum count, because a ratio of two or three sentences says nothing.

The functions, in the order a notebook uses them: ``read_codebook`` /
``codebook_from_table`` (and ``codebook_summary``); ``make_units``;
``theme_matrix`` (and ``match_text``, ``theme_matches`` for every match with
its status); ``theme_counts``, ``cooccurrence_counts``, ``cooccurrence``,
``top_pairs``; ``presence_by_year``, ``unmatched_by_year``; ``period_table``,
``period_presence``, ``period_cooccurrence``; ``crime_profiles``;
``theme_kwic``, ``kwic_lines`` (the audit); ``theme_graph``,
``network_layout``; and the five ``plot_*`` figures of notebook 04.

Every function is pure: it takes DataFrames and returns new ones (or a
matplotlib figure and the DataFrame it plots) and changes nothing in place.
Nothing writes a file; ``read_codebook`` reads the codebook, and both it and
``codebook_from_table`` read the framing cue file when no cues are given.
Importing this module changes no setting.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .concordance import context_window
from .corpus import Corpus
from .engine import PatternSet
from .figures import PALETTE
from .framing import Cues, Reading, read_cues
from .names import inside
from .parallel import map_distinct
from .paths import DATA_DIR
from .patterns import MATCH_KINDS, compile_pattern, pattern_body
from .text import as_text, normalise_map

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
PAIR_COLUMNS: tuple[str, ...] = (
    "theme_a", "theme_b", "n_both", "n_a", "n_b", "jaccard", "n_units", "expected", "lift", "pmi",
)  # fmt: skip
KWIC_COLUMNS: tuple[str, ...] = (
    "theme", "status", "unit_id", "doc_id", "year", "left", "keyword", "right", "pattern",
)  # fmt: skip
CRIMES: tuple[str, str] = ("trafficking", "smuggling")
NO_THEME = "(no theme)"
DEFAULT_MIN_COUNT = 3
DEFAULT_PERIODS: Mapping[str, tuple[int, int]] = {"early": (2003, 2008), "late": (2013, 2017)}
PROGRESS_FROM = 5_000  # units: below this, no progress bar (see helpers.progress)

# Colours: the two crimes stand out in every figure, in the colours the framing
# notebook gives them (bluish green, sky blue); every other theme is grey, so a
# codebook of any size needs no more colours than the palette has.
CRIME_COLOURS: Mapping[str, str] = {"trafficking": PALETTE[2], "smuggling": PALETTE[5]}
# Periods get colours no crime uses: blue, vermillion, reddish purple, black, orange.
PERIOD_COLOURS: tuple[str, ...] = (PALETTE[0], PALETTE[3], PALETTE[4], PALETTE[7], PALETTE[1])
OTHER_COLOUR = "#9a9a9a"


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
        """Every distinct phrase pattern and exclusion phrase, for ``helpers.engine``."""
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


def phrase_regex(phrase: str) -> str:
    """The regular expression (without word boundaries) for one glob pattern.

    In: a pattern such as ``"co-operat*"``. Out: ``helpers.patterns.pattern_body``
    of it read as a ``glob``: words joined by ``\\s+``, a hyphen also matching
    a space or nothing, a final ``*`` standing for ``\\w*``. Raises
    ``ValueError`` for an empty pattern, a '*' that does not end a word, or an
    empty word part.
    """
    return pattern_body(phrase, "glob")


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
    starts with '#' are skipped); the framing cues (default ``framing.read_cues()``).
    Out: a ``Codebook``. Raises ``ValueError`` naming the row for a missing
    column, an empty or repeated theme name, a theme without patterns or a
    pattern that cannot be compiled.
    """
    missing = [c for c in ("theme", "definition", "patterns") if c not in table.columns]
    if missing:
        raise ValueError(f"codebook lacks column(s) {missing}; it needs {list(CODEBOOK_COLUMNS)}")
    table = table.reindex(columns=list(CODEBOOK_COLUMNS)).astype(object)
    table = table.apply(lambda column: column.map(lambda v: "" if pd.isna(v) else str(v).strip()))
    table = table[~table["theme"].str.startswith("#")].reset_index(drop=True)
    cues = cues if cues is not None else read_cues()
    themes: list[Theme] = []
    for number, row in enumerate(table.itertuples(index=False), start=2):
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
    ``framing.read_cues()``). Out: a ``Codebook``; its ``table`` is the file.
    An error names the file, the row and the pattern.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    try:
        return codebook_from_table(table, cues)
    except ValueError as error:
        raise ValueError(f"{Path(path).name}: {error}") from None


def _as_codebook(codebook: Codebook | pd.DataFrame) -> Codebook:
    return codebook if isinstance(codebook, Codebook) else codebook_from_table(codebook)


def codebook_summary(codebook: Codebook | pd.DataFrame) -> pd.DataFrame:
    """The codebook as a table to read: one row per theme.

    Out: ``theme, definition, n_patterns, patterns, exclude`` (the lists
    '; '-joined), in codebook order.
    """
    codebook = _as_codebook(codebook)
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


def _maximal(rows: list[dict]) -> list[dict]:
    """Drop rows whose span lies inside a longer span, and repeated spans; sort by position."""
    keep: list[dict] = []
    for row in rows:
        inside = any(
            other["start"] <= row["start"]
            and row["end"] <= other["end"]
            and other["end"] - other["start"] > row["end"] - row["start"]
            for other in rows
        )
        repeated = any((k["start"], k["end"]) == (row["start"], row["end"]) for k in keep)
        if not inside and not repeated:
            keep.append(row)
    return sorted(keep, key=lambda r: (r["start"], r["end"]))


def match_text(text: str, codebook: Codebook | pd.DataFrame) -> list[dict]:
    """Every theme match in one text, counted or not.

    In: a text and the codebook. Out: a list of dicts ``theme, pattern, start,
    end, matched, status`` (start/end are positions in ``text``; ``status`` is
    ``counted``, ``excluded`` (inside an exclusion phrase, or trafficking or
    smuggling of goods) or ``in name``), in codebook order, then by position.
    Within a theme and status, a match inside a longer one is dropped.
    """
    codebook = _as_codebook(codebook)
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
            out += _maximal([row for row in rows if row["status"] == status])
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
    codebook = _as_codebook(codebook)
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
    (default: shown for more than ``PROGRESS_FROM`` distinct texts when
    stderr is a terminal, see ``helpers.progress``); ``workers``, processes
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
    codebook = _as_codebook(codebook)
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
    """One unit's text, the codebook patterns that may match it (``helpers.engine``) and,
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


# --------------------------------------------------------------------------- counts


def theme_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """How many units have each theme.

    In: a theme matrix. Out: one row per theme, in column order: ``theme, n,
    n_units, share`` (``n / n_units``; NaN when there is no unit).
    """
    n_units = len(matrix)
    counts = matrix.sum(axis=0).astype("int64")
    return pd.DataFrame(
        {
            "theme": list(matrix.columns),
            "n": counts.to_numpy(),
            "n_units": n_units,
            "share": counts.to_numpy() / n_units if n_units else np.nan,
        }
    )


def cooccurrence_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """The square co-occurrence table: units having both the row and the column theme.

    In: a theme matrix. Out: a themes x themes table of int counts (index and
    columns the themes); the diagonal holds the units having that theme.
    """
    values = matrix.to_numpy(dtype="int64")
    square = values.T @ values
    return pd.DataFrame(square, index=list(matrix.columns), columns=list(matrix.columns))


def cooccurrence(matrix: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT) -> pd.DataFrame:
    """One row per pair of themes: counts and association.

    In: a theme matrix; ``min_count`` (at least 1), the fewest units with both
    themes for which ``lift`` and ``pmi`` are given. Out: one row per unordered
    pair (theme_a before theme_b in column order), columns ``PAIR_COLUMNS``:
    ``n_both, n_a, n_b, n_units`` (counts); ``jaccard`` = n_both / (n_a + n_b -
    n_both), NaN when neither theme occurs; ``expected`` = n_a * n_b / n_units;
    ``lift`` = n_both / expected and ``pmi`` = log2(lift), NaN when n_both <
    min_count or expected is 0.
    """
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, not {min_count}")
    square = cooccurrence_counts(matrix).to_numpy()
    themes = list(matrix.columns)
    n_units = len(matrix)
    rows = []
    for i, a in enumerate(themes):
        for j in range(i + 1, len(themes)):
            n_both, n_a, n_b = int(square[i, j]), int(square[i, i]), int(square[j, j])
            union = n_a + n_b - n_both
            expected = n_a * n_b / n_units if n_units else np.nan
            lift = n_both / expected if n_both >= min_count and expected > 0 else np.nan
            rows.append(
                {
                    "theme_a": a,
                    "theme_b": themes[j],
                    "n_both": n_both,
                    "n_a": n_a,
                    "n_b": n_b,
                    "jaccard": n_both / union if union else np.nan,
                    "n_units": n_units,
                    "expected": expected,
                    "lift": lift,
                    "pmi": math.log2(lift) if lift > 0 else np.nan,
                }
            )
    out = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    return out.astype({c: "int64" for c in ("n_both", "n_a", "n_b", "n_units")})


def top_pairs(
    pairs: pd.DataFrame, n: int = 5, min_count: int = DEFAULT_MIN_COUNT, by: str = "jaccard"
) -> pd.DataFrame:
    """The ``n`` pairs with the highest ``by`` among those with ``n_both >= min_count``.

    In: the output of ``cooccurrence``. Out: those rows, highest first (ties
    broken by n_both, then by codebook order).
    """
    chosen = pairs[pairs["n_both"] >= min_count]
    chosen = chosen.sort_values([by, "n_both"], ascending=False, kind="stable")
    return chosen.head(n).reset_index(drop=True)


def presence_by_year(
    units: pd.DataFrame, matrix: pd.DataFrame, include_none: bool = True
) -> pd.DataFrame:
    """Units with each theme, per year.

    In: the units (``year``) and their theme matrix (same index);
    ``include_none``: add the pseudo-theme ``NO_THEME``, the units with no
    theme. Out: one row per year (ascending, the years of ``units``) and theme
    (codebook order, zeros kept): ``year, theme, n_units, n_theme, share``.
    """
    flags = matrix.copy()
    if include_none:
        flags[NO_THEME] = ~matrix.any(axis=1)
    years = units.loc[flags.index, "year"]
    rows = []
    for year in sorted(int(y) for y in years.dropna().unique()):
        in_year = flags[(years == year).to_numpy()]
        for theme in flags.columns:
            n_theme = int(in_year[theme].sum())
            rows.append(
                {
                    "year": year,
                    "theme": theme,
                    "n_units": len(in_year),
                    "n_theme": n_theme,
                    "share": n_theme / len(in_year),
                }
            )
    return pd.DataFrame(rows, columns=["year", "theme", "n_units", "n_theme", "share"])


def unmatched_by_year(units: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """Units that match no theme, per year.

    In: the units (``year``) and their theme matrix. Out: one row per year:
    ``year, n_units, n_none, share_none``.
    """
    presence = presence_by_year(units, matrix)
    none = presence[presence["theme"] == NO_THEME]
    return pd.DataFrame(
        {
            "year": none["year"].to_numpy(),
            "n_units": none["n_units"].to_numpy(),
            "n_none": none["n_theme"].to_numpy(),
            "share_none": none["share"].to_numpy(),
        }
    )


# --------------------------------------------------------------------------- periods


def check_periods(periods: Mapping[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Check periods given as ``{label: (first year, last year)}``.

    Out: the same, as a dict of int pairs. Raises ``ValueError`` when there is
    none, a first year is after its last year, or two periods overlap.
    """
    checked = {str(label): (int(first), int(last)) for label, (first, last) in periods.items()}
    if not checked:
        raise ValueError("give at least one period, e.g. {'early': (2003, 2008)}")
    for label, (first, last) in checked.items():
        if first > last:
            raise ValueError(f"period {label!r}: first year {first} is after last year {last}")
    spans = sorted(checked.items(), key=lambda item: item[1])
    for (label_a, (_, last_a)), (label_b, (first_b, _)) in zip(spans, spans[1:], strict=False):
        if first_b <= last_a:
            raise ValueError(f"periods {label_a!r} and {label_b!r} overlap")
    return checked


def period_of(years: pd.Series, periods: Mapping[str, tuple[int, int]]) -> pd.Series:
    """The period label of each year (``None`` for a year in no period).

    In: a Series of years; the periods (``check_periods``). Out: a Series of
    labels, same index.
    """
    checked = check_periods(periods)

    def label(year: object) -> str | None:
        if pd.isna(year):
            return None
        for name, (first, last) in checked.items():
            if first <= int(year) <= last:
                return name
        return None

    return pd.Series([label(year) for year in years], index=years.index, dtype=object)


def period_table(units: pd.DataFrame, periods: Mapping[str, tuple[int, int]]) -> pd.DataFrame:
    """What each period holds in the data.

    In: the units (``doc_id, year``) and the periods. Out: one row per period
    in the order given: ``period, first, last, years`` (the years with units,
    ', '-joined; '' when none), ``n_documents, n_units``.
    """
    labels = period_of(units["year"], periods)
    rows = []
    for name, (first, last) in check_periods(periods).items():
        inside = units[(labels == name).to_numpy()]
        years = sorted(int(y) for y in inside["year"].unique())
        rows.append(
            {
                "period": name,
                "first": first,
                "last": last,
                "years": ", ".join(map(str, years)),
                "n_documents": inside["doc_id"].nunique(),
                "n_units": len(inside),
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "first", "last", "years", "n_documents", "n_units"]
    )


def period_presence(
    units: pd.DataFrame, matrix: pd.DataFrame, periods: Mapping[str, tuple[int, int]]
) -> pd.DataFrame:
    """Units with each theme, per period.

    In: the units (``year``), their theme matrix and the periods. Out: one
    row per period (order given) and theme: ``period, theme, n, n_units,
    share`` (NaN when the period has no unit).
    """
    labels = period_of(units.loc[matrix.index, "year"], periods)
    parts = []
    for name in check_periods(periods):
        counts = theme_counts(matrix[(labels == name).to_numpy()])
        parts.append(counts.assign(period=name))
    out = pd.concat(parts, ignore_index=True)
    return out[["period", "theme", "n", "n_units", "share"]]


def period_cooccurrence(
    units: pd.DataFrame,
    matrix: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]],
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """``cooccurrence`` within each period.

    In: the units (``year``), their theme matrix, the periods and the minimum
    count. Out: ``period`` followed by ``PAIR_COLUMNS``, one row per period
    (order given) and pair.
    """
    labels = period_of(units.loc[matrix.index, "year"], periods)
    parts = [
        cooccurrence(matrix[(labels == name).to_numpy()], min_count).assign(period=name)
        for name in check_periods(periods)
    ]
    out = pd.concat(parts, ignore_index=True)
    return out[["period", *PAIR_COLUMNS]]


# --------------------------------------------------------------------------- the two crimes


def crime_profiles(
    matrix: pd.DataFrame,
    crimes: Sequence[str] = CRIMES,
    min_count: int = DEFAULT_MIN_COUNT,
    exclusive: bool = False,
) -> pd.DataFrame:
    """The themes that co-occur with each crime.

    In: a theme matrix with a column per crime; ``crimes``; ``min_count`` (for
    ``lift``); ``exclusive``: count only units naming this crime and none of
    the other ``crimes`` (default: every unit naming the crime, so a unit
    naming both counts for both, as in the framing notebook). Out: one row per
    crime (order given) and other theme (column order, the crimes left out):
    ``crime, theme, n_crime, n_both, share`` (n_both / n_crime, NaN when
    n_crime is 0), ``n_theme, jaccard, lift`` (as in ``cooccurrence``, over
    all units; ``lift`` NaN below ``min_count``).
    """
    missing = [crime for crime in crimes if crime not in matrix.columns]
    if missing:
        raise ValueError(f"the codebook has no theme {missing}: crime_profiles needs {crimes}")
    n_units = len(matrix)
    others = [theme for theme in matrix.columns if theme not in crimes]
    rows = []
    for crime in crimes:
        mask = matrix[crime].to_numpy()
        if exclusive:
            for other in crimes:
                if other != crime:
                    mask = mask & ~matrix[other].to_numpy()
        n_crime = int(mask.sum())
        for theme in others:
            has = matrix[theme].to_numpy()
            n_both, n_theme = int((mask & has).sum()), int(has.sum())
            union = n_crime + n_theme - n_both
            expected = n_crime * n_theme / n_units if n_units else np.nan
            rows.append(
                {
                    "crime": crime,
                    "theme": theme,
                    "n_crime": n_crime,
                    "n_both": n_both,
                    "share": n_both / n_crime if n_crime else np.nan,
                    "n_theme": n_theme,
                    "jaccard": n_both / union if union else np.nan,
                    "lift": n_both / expected if n_both >= min_count and expected > 0 else np.nan,
                }
            )
    columns = ["crime", "theme", "n_crime", "n_both", "share", "n_theme", "jaccard", "lift"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- audit


def theme_kwic(
    units: pd.DataFrame,
    codebook: Codebook | pd.DataFrame,
    width: int = 8,
    statuses: Sequence[str] = ("counted",),
) -> pd.DataFrame:
    """Keyword in context for every theme match, to judge the codebook.

    In: the units (``text``; ``unit_id, doc_id, year`` are copied when
    present), the codebook, ``width`` (words shown each side, via
    ``concordance.context_window``) and the statuses to show. Out: one row
    per match, columns ``KWIC_COLUMNS``, sorted by theme (codebook order),
    status, then the order of ``units`` and position.
    """
    codebook = _as_codebook(codebook)
    # matched by position, so that each unit's values are read from its columns
    # (one row lookup per unit costs more than the matching on a large corpus),
    # whatever the index holds
    matches = theme_matches(units.reset_index(drop=True), codebook, statuses)
    at = matches["row"].to_numpy(dtype=np.int64)
    texts = units["text"].to_numpy(dtype=object)[at]
    contexts = [
        context_window(text, start, end, width)
        for text, start, end in zip(texts, matches["start"], matches["end"], strict=True)
    ]

    def column(name: str, default: list) -> list:
        """A unit column's value for each match, as a list (its dtype inferred as before)."""
        if name not in units.columns:
            return default
        return units[name].to_numpy(dtype=object)[at].tolist()

    out = pd.DataFrame(
        {
            "theme": matches["theme"].tolist(),
            "status": matches["status"].tolist(),
            "unit_id": column("unit_id", units.index[at].tolist()),
            "doc_id": column("doc_id", [pd.NA] * len(matches)),
            "year": column("year", [pd.NA] * len(matches)),
            "left": [left for left, _ in contexts],
            "keyword": matches["matched"].tolist(),
            "right": [right for _, right in contexts],
            "pattern": matches["pattern"].tolist(),
        },
        columns=list(KWIC_COLUMNS),
    )
    if matches.empty:  # no values to infer the dtypes from: object columns
        out = pd.DataFrame([], columns=list(KWIC_COLUMNS))
    order = {name: number for number, name in enumerate(codebook.names)}
    out["_theme"] = out["theme"].map(order)
    out["_status"] = out["status"].map({s: n for n, s in enumerate(STATUSES)})
    out = out.sort_values(["_theme", "_status"], kind="stable")
    return out.drop(columns=["_theme", "_status"]).reset_index(drop=True)


def kwic_lines(kwic: pd.DataFrame, chars: int = 48) -> list[str]:
    """KWIC rows as aligned text lines: ``year unit_id | …left [keyword] right…``.

    In: the output of ``theme_kwic``; ``chars``, the characters kept on each
    side of the keyword. Out: one string per row.
    """
    lines = []
    for row in kwic.itertuples(index=False):
        left = row.left if len(row.left) <= chars else "…" + row.left[-(chars - 1) :]
        right = row.right if len(row.right) <= chars else row.right[: chars - 1] + "…"
        year = "" if pd.isna(row.year) else str(row.year)
        lines.append(f"{year} {row.unit_id} | {left:>{chars}} [{row.keyword}] {right}")
    return lines


# --------------------------------------------------------------------------- figures


def theme_label(theme: str) -> str:
    """A theme name as shown in figures: underscores become spaces."""
    return theme.replace("_", " ")


def theme_colour(theme: str) -> str:
    """The colour of a theme in every figure: the two crimes' own, else grey."""
    return CRIME_COLOURS.get(theme, OTHER_COLOUR)


def _text_colour(rgb: tuple[float, float, float]) -> str:
    luminance = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    return "white" if luminance < 0.5 else "#222222"


def plot_presence_by_year(presence: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """Theme presence by year as a table of coloured cells.

    In: the output of ``presence_by_year``. Out: the figure (rows: themes,
    then ``NO_THEME``; columns: years, labelled with the number of units; cell
    colour: the share of that year's units with the theme; cell text: the
    count) and the data plotted (``presence`` itself).
    """
    themes = list(dict.fromkeys(presence["theme"]))
    years = sorted(presence["year"].unique())
    shares = presence.pivot(index="theme", columns="year", values="share").reindex(themes)
    counts = presence.pivot(index="theme", columns="year", values="n_theme").reindex(themes)
    n_units = presence.drop_duplicates("year").set_index("year")["n_units"]
    fig, ax = plt.subplots(
        figsize=(max(6.0, 3.2 + 0.85 * len(years)), 1.6 + 0.36 * max(len(themes), 1))
    )
    ax.grid(False)
    title = "Theme presence by year: share of units with the theme (count in the cell)"
    if not years:
        ax.set_title(title)
        return fig, presence
    cmap = plt.get_cmap("Blues")
    image = ax.imshow(shares.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for i, theme in enumerate(themes):
        for j, year in enumerate(years):
            share = shares.loc[theme, year]
            colour = _text_colour(to_rgb(cmap(float(share)))) if pd.notna(share) else "#222222"
            ax.text(
                j,
                i,
                f"{int(counts.loc[theme, year])}",
                ha="center",
                va="center",
                fontsize=8.5,
                color=colour,
            )
    ax.set_xticks(range(len(years)), [f"{y}\nn={int(n_units[y])}" for y in years])
    ax.set_yticks(range(len(themes)), [theme_label(t) for t in themes])
    if NO_THEME in themes:
        ax.axhline(themes.index(NO_THEME) - 0.5, color="#333333", linewidth=1)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("Year (n = units in that year)")
    ax.set_ylabel("Theme")
    ax.set_title(title)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Share of the year's units")
    return fig, presence


def plot_cooccurrence_heatmap(
    pairs: pd.DataFrame, counts: pd.DataFrame
) -> tuple[Figure, pd.DataFrame]:
    """The co-occurrence heatmap: counts in the cells, colour by Jaccard.

    In: the output of ``cooccurrence`` and of ``cooccurrence_counts``. Out:
    the figure (themes x themes; each cell holds the number of units with both
    themes and is coloured by their Jaccard index; the diagonal, in grey,
    holds the number of units with the theme) and the data plotted: one row
    per cell, ``theme_a, theme_b, n_both, jaccard`` (diagonal: jaccard empty).
    """
    themes = list(counts.index)
    k = len(themes)
    jaccard = np.full((k, k), np.nan)
    index = {theme: number for number, theme in enumerate(themes)}
    for row in pairs.itertuples(index=False):
        i, j = index[row.theme_a], index[row.theme_b]
        jaccard[i, j] = jaccard[j, i] = row.jaccard
    data = pd.DataFrame(
        [
            {
                "theme_a": a,
                "theme_b": b,
                "n_both": int(counts.loc[a, b]),
                "jaccard": jaccard[index[a], index[b]] if a != b else np.nan,
            }
            for a in themes
            for b in themes
        ],
        columns=["theme_a", "theme_b", "n_both", "jaccard"],
    )
    size = 2.8 + 0.55 * max(k, 1)
    fig, ax = plt.subplots(figsize=(size + 1.2, size))
    ax.grid(False)
    off = jaccard[~np.eye(k, dtype=bool)] if k > 1 else np.array([])
    top = float(np.nanmax(off)) if off.size and np.isfinite(off).any() else 1.0
    vmax = max(0.05, math.ceil(top * 10) / 10)
    cmap = plt.get_cmap("Blues").with_extremes(bad="#f0f0f0")
    masked = np.ma.masked_invalid(jaccard)
    image = ax.imshow(masked, cmap=cmap, vmin=0, vmax=vmax)
    for i, a in enumerate(themes):
        for j, b in enumerate(themes):
            value = jaccard[i, j]
            colour = _text_colour(to_rgb(cmap(min(value / vmax, 1.0)))) if i != j else "#222222"
            if i != j and np.isnan(value):
                colour = "#222222"
            ax.text(
                j,
                i,
                str(int(counts.loc[a, b])),
                ha="center",
                va="center",
                fontsize=8.5,
                color=colour,
                fontweight="bold" if i == j else "normal",
            )
    labels = [theme_label(t) for t in themes]
    ax.set_xticks(range(k), labels, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(k), labels)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("Theme")
    ax.set_ylabel("Theme")
    n_units = int(pairs["n_units"].iloc[0]) if len(pairs) else 0
    ax.set_title(f"Themes in the same unit: counts, coloured by Jaccard (n = {n_units} units)")
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("Jaccard index (diagonal, grey: units with the theme)")
    return fig, data


def network_layout(graph: nx.Graph, seed: int = 4) -> dict[str, tuple[float, float]]:
    """A reproducible layout of the theme network.

    In: the graph of ``theme_graph``; ``seed`` for the spring layout. Out:
    node -> (x, y), rounded to 4 decimals. The nodes start on a circle in
    codebook order and a spring layout (edge weight: Jaccard) pulls linked
    themes together, so the same graph and seed give the same positions.
    """
    if graph.number_of_nodes() == 0:
        return {}
    start = nx.circular_layout(graph)
    pos = nx.spring_layout(
        graph, pos=start, seed=seed, weight="weight", iterations=200, k=1.6 / math.sqrt(len(graph))
    )
    return {node: (round(float(x), 4), round(float(y), 4)) for node, (x, y) in pos.items()}


def _edge_width(jaccard: float) -> float:
    return 0.8 + 14 * jaccard


def theme_graph(
    pairs: pd.DataFrame, counts: pd.DataFrame, min_count: int = DEFAULT_MIN_COUNT
) -> nx.Graph:
    """The theme network: themes as nodes, an edge where two themes share enough units.

    In: the output of ``cooccurrence`` and of ``theme_counts``; ``min_count``.
    Out: an undirected graph; nodes in codebook order with attribute ``n``
    (units with the theme); an edge for each pair with ``n_both >= min_count``,
    attributes ``n_both`` and ``weight`` (the Jaccard index).
    """
    graph = nx.Graph()
    for row in counts.itertuples(index=False):
        graph.add_node(row.theme, n=int(row.n))
    for row in pairs[pairs["n_both"] >= min_count].itertuples(index=False):
        graph.add_edge(row.theme_a, row.theme_b, n_both=int(row.n_both), weight=float(row.jaccard))
    return graph


def plot_theme_network(
    pairs: pd.DataFrame,
    counts: pd.DataFrame,
    min_count: int = DEFAULT_MIN_COUNT,
    seed: int = 4,
) -> tuple[Figure, pd.DataFrame]:
    """The theme network: node size by frequency, edge width by Jaccard.

    In: the output of ``cooccurrence`` and ``theme_counts``; ``min_count``
    (pairs below it get no edge); ``seed`` (``network_layout``). Out: the
    figure and the data plotted: one row per node (``kind = "node"``:
    ``theme_a``, ``n`` = units with the theme, ``x, y``) then per edge
    (``kind = "edge"``: ``theme_a, theme_b``, ``n`` = units with both,
    ``jaccard``).
    """
    graph = theme_graph(pairs, counts, min_count)
    pos = network_layout(graph, seed)
    rows = [
        {
            "kind": "node",
            "theme_a": node,
            "theme_b": "",
            "n": graph.nodes[node]["n"],
            "jaccard": np.nan,
            "x": pos[node][0],
            "y": pos[node][1],
        }
        for node in graph.nodes
    ] + [
        {
            "kind": "edge",
            "theme_a": a,
            "theme_b": b,
            "n": d["n_both"],
            "jaccard": d["weight"],
            "x": np.nan,
            "y": np.nan,
        }
        for a, b, d in graph.edges(data=True)
    ]
    data = pd.DataFrame(rows, columns=["kind", "theme_a", "theme_b", "n", "jaccard", "x", "y"])
    fig, ax = plt.subplots(figsize=(9, 8), layout="constrained")
    ax.grid(False)
    ax.set_axis_off()
    n_units = int(counts["n_units"].iloc[0]) if len(counts) else 0
    ax.set_title(
        f"Theme network: an edge where two themes share {min_count} or more units "
        f"(n = {n_units} units)"
    )
    if not pos:
        return fig, data
    n_max = max(max(d["n"] for _, d in graph.nodes(data=True)), 1)
    for a, b, d in graph.edges(data=True):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot(
            [xa, xb],
            [ya, yb],
            color="#666666",
            alpha=0.5,
            zorder=1,
            linewidth=_edge_width(d["weight"]),
            solid_capstyle="round",
        )
    for node, d in graph.nodes(data=True):
        x, y = pos[node]
        size = 80 + 2200 * d["n"] / n_max
        ax.scatter(
            [x], [y], s=size, color=theme_colour(node), zorder=2, edgecolor="white", linewidth=1.2
        )
        # the label sits just below the marker (its radius in points is sqrt(size) / 2)
        ax.annotate(
            f"{theme_label(node)} ({d['n']})",
            (x, y),
            xytext=(0, -(math.sqrt(size) / 2 + 2)),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=9,
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "alpha": 0.8,
                "edgecolor": "none",
            },
        )
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.25, max(xs) + 0.25)
    ax.set_ylim(min(ys) - 0.25, max(ys) + 0.15)
    handles = [
        Line2D([], [], color="#666666", alpha=0.5, linewidth=_edge_width(j), label=f"{j}")
        for j in (0.1, 0.25, 0.5)
    ] + [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=9,
            color=theme_colour(c),
            label=theme_label(c),
        )
        for c in CRIMES
        if c in graph
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=len(handles),
        fontsize=8.5,
        title="Edge width: Jaccard index; node area: units with the theme (in brackets)",
        title_fontsize=8.5,
    )
    return fig, data


def _dot_rows(
    ax: plt.Axes,
    values: pd.DataFrame,
    rows: list,
    labels: list[str],
    colours: list[str],
    value: str,
    count: str,
) -> None:
    """Draw one row per item, one marker per period (column ``period``), counts written."""
    markers = ["o", "s", "D", "^", "v", "P"]
    offsets = np.linspace(-0.16, 0.16, len(labels)) if len(labels) > 1 else np.zeros(1)
    # a grey line joins each row's markers, period after period
    offset = dict(zip(labels, offsets, strict=True))
    for row in range(len(rows)):
        part = values[(values["_row"] == row).to_numpy()].dropna(subset=[value])
        part = part[part["period"].isin(labels)]
        part = part.assign(_order=part["period"].map(labels.index)).sort_values("_order")
        ax.plot(
            part[value], row + part["period"].map(offset), color="#bbbbbb", linewidth=1.5, zorder=2
        )
    for number, name in enumerate(labels):
        part = values[values["period"] == name]
        y = part["_row"].to_numpy() + offsets[number]
        ax.scatter(
            part[value],
            y,
            marker=markers[number % len(markers)],
            s=34,
            zorder=3,
            color=colours[number],
        )
        for yi, x, n in zip(y, part[value], part[count], strict=True):
            if pd.notna(x):
                ax.annotate(
                    str(int(n)),
                    (x, yi),
                    xytext=(5, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7.5,
                    color=colours[number],
                )
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)


def plot_early_late(
    presence: pd.DataFrame,
    pairs: pd.DataFrame,
    periods: Mapping[str, tuple[int, int]],
    min_count: int = DEFAULT_MIN_COUNT,
    top: int = 12,
) -> tuple[Figure, pd.DataFrame]:
    """Periods compared: each theme's share of units, and the strongest pairs' Jaccard.

    In: the output of ``period_presence`` and ``period_cooccurrence``; the
    periods; ``min_count``; ``top``, the number of pairs shown: those with at
    least ``min_count`` units with both in some period, highest Jaccard first.
    Out: the figure (left: share of units with each theme, one marker per
    period, counts written; right: the Jaccard index of the chosen pairs,
    counts of units with both written) and the data plotted: ``kind``
    (``theme`` or ``pair``), ``period, theme_a, theme_b, n`` (units with the
    theme, or with both), ``n_units, share, jaccard``.
    """
    labels = list(check_periods(periods))
    themes = list(dict.fromkeys(presence["theme"]))
    strong = pairs[pairs["n_both"] >= min_count]
    best = strong.groupby(["theme_a", "theme_b"], sort=False)["jaccard"].max()
    chosen = list(best.sort_values(ascending=False, kind="stable").head(top).index)

    theme_rows = presence.assign(
        kind="theme",
        theme_a=presence["theme"],
        theme_b="",
        jaccard=np.nan,
        _row=presence["theme"].map({t: i for i, t in enumerate(themes)}),
    )
    where = {pair: i for i, pair in enumerate(chosen)}
    keys = pd.Series(list(zip(pairs["theme_a"], pairs["theme_b"], strict=True)), index=pairs.index)
    pair_rows = pairs[keys.isin(list(where)).to_numpy()]
    pair_rows = pair_rows.assign(
        kind="pair",
        n=pair_rows["n_both"],
        share=pair_rows["n_both"] / pair_rows["n_units"].where(pair_rows["n_units"] > 0),
        _row=keys[pair_rows.index].map(where),
    )
    columns = ["kind", "period", "theme_a", "theme_b", "n", "n_units", "share", "jaccard"]
    data = pd.concat([theme_rows[columns], pair_rows[columns]], ignore_index=True)

    n_units = presence.drop_duplicates("period").set_index("period")["n_units"]
    colours = [PERIOD_COLOURS[i % len(PERIOD_COLOURS)] for i in range(len(labels))]
    height = 2.2 + 0.36 * max(len(themes), len(chosen), 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, height), layout="constrained")
    _dot_rows(left, theme_rows, themes, labels, colours, "share", "n")
    left.set_yticks(range(len(themes)), [theme_label(t) for t in themes])
    top_share = theme_rows["share"].max()
    left.set_xlim(-0.03, min(1.05, 1.15 * top_share + 0.03) if pd.notna(top_share) else 1)
    left.set_xlabel("Share of the period's units with the theme (count written)")
    left.set_title("Each theme: share of units")

    right.set_title(f"Strongest pairs ({min_count} or more units with both in one period)")
    if chosen:
        _dot_rows(right, pair_rows, chosen, labels, colours, "jaccard", "n_both")
        right.set_yticks(
            range(len(chosen)), [f"{theme_label(a)} + {theme_label(b)}" for a, b in chosen]
        )
        top_jaccard = pair_rows["jaccard"].max()
        right.set_xlim(-0.03, min(1.05, 1.15 * top_jaccard + 0.03) if pd.notna(top_jaccard) else 1)
    else:
        right.set_yticks([])
        right.text(
            0.5,
            0.5,
            "no pair reaches the minimum count",
            ha="center",
            va="center",
            transform=right.transAxes,
        )
    right.set_xlabel("Jaccard index (units with both written)")
    markers = ["o", "s", "D", "^", "v", "P"]
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=markers[i % len(markers)],
            color=colours[i],
            label=f"{name}: {periods[name][0]}-{periods[name][1]}, "
            f"n = {int(n_units.get(name, 0))} units",
        )
        for i, name in enumerate(labels)
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(labels))
    fig.suptitle("Early against late: each theme, and the strongest pairs, by period")
    return fig, data


def plot_crime_profiles(profiles: pd.DataFrame) -> tuple[Figure, pd.DataFrame]:
    """The themes that co-occur with each crime, side by side.

    In: the output of ``crime_profiles``. Out: the figure (one row per theme,
    one bar per crime: the share of the crime's units that also have the
    theme, the count "n_both/n_crime" written) and ``profiles``.
    """
    crimes = list(dict.fromkeys(profiles["crime"]))
    themes = list(dict.fromkeys(profiles["theme"]))
    fig, ax = plt.subplots(figsize=(9, 1.8 + 0.45 * max(len(themes), 1)), layout="constrained")
    height = 0.8 / max(len(crimes), 1)
    for number, crime in enumerate(crimes):
        part = profiles[profiles["crime"] == crime].set_index("theme").reindex(themes)
        y = np.arange(len(themes)) - 0.4 + height * (number + 0.5)
        n_crime = int(part["n_crime"].iloc[0]) if len(part) else 0
        colour = CRIME_COLOURS.get(crime, PERIOD_COLOURS[number % len(PERIOD_COLOURS)])
        shares = part["share"].fillna(0)
        ax.barh(
            y,
            shares,
            height=height * 0.92,
            color=colour,
            label=f"{theme_label(crime)} (n = {n_crime} units)",
        )
        for yi, share, n in zip(y, shares, part["n_both"], strict=True):
            ax.annotate(
                f"{int(n)}/{n_crime}",
                (share, yi),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
            )
    ax.set_yticks(range(len(themes)), [theme_label(t) for t in themes])
    ax.set_ylim(len(themes) - 0.5, -0.5)
    top = profiles["share"].max()
    ax.set_xlim(0, min(1.1, 1.2 * top + 0.05) if pd.notna(top) else 1)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Share of the crime's units that also have the theme (count written)")
    ax.set_ylabel("Theme")
    names = " and with ".join(theme_label(crime) for crime in crimes)
    ax.set_title(f"Themes that travel with {names}")
    ax.legend(loc="lower right")
    return fig, profiles
