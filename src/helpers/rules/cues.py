"""The framing cue file: its lists of words, read, checked and compiled for the rules.

All the words are in one data file, ``data/framing_cues.csv`` (columns
``list, cue, match, rationale``): edit a row, re-run, and the frames change.
``match`` is ``phrase`` (a literal phrase; a hyphen in it also matches a space
or nothing), ``glob`` (a phrase whose words may end in ``*``) or ``regex`` (a
Python regular expression, for inflections): the one pattern language of
``helpers.rules.patterns``, described in ``data/README.md``.
Every cue is matched on normalised text (case-folded, curly quotes and
apostrophes made straight, dashes made hyphens, white space collapsed) and at
word boundaries. The lists:

- ``trafficking``, ``smuggling``: mentions of each crime;
- ``not_trafficking``, ``not_smuggling``: trafficking or smuggling of goods
  (drugs, arms, "illicit trafficking"): a mention inside such a match is dropped;
- ``name_head``, ``title_head``, ``name_link``: how names are found (``helpers.rules.names``);
- ``distinction``: contrast words; ``element_trafficking``,
  ``element_smuggling``: the Palermo elements of each crime;
- ``nexus``: link and blur words; ``umbrella``: umbrella labels;
- ``security``, ``rights``: the vocabularies of the second axis; ``refugee``:
  the refugee regime's words, kept apart (a rights word inside them is not rights);
- ``negation``: words that negate the vocabulary word right after them
  ("without crossing a border": no border talk), read by ``helpers.reading.units``;
- ``not_vocabulary``: each cue names a list (``element_trafficking``,
  ``element_smuggling``) whose matches define the distinction under test, so a
  security or rights word inside one of them is not counted as vocabulary.

``read_cues`` reads the file, ``cues_from_table`` builds the same ``Cues`` from
a table (the file read and edited in a notebook); either raises ``ValueError``
naming the row for a bad cue. ``helpers.reading.framing`` applies the cues to sentences.
Nothing here writes a file; only ``read_cues`` reads one, and importing this
module changes no setting.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from helpers.base.paths import DATA_DIR
from helpers.base.text import normalise
from helpers.rules.engine import PatternSet
from helpers.rules.names import head_index
from helpers.rules.patterns import MATCH_KINDS, compile_pattern

__all__ = [
    "LIST_PURPOSES",
    "CUES_FILE",
    "CUE_COLUMNS",
    "CUE_LISTS",
    "Cue",
    "Cues",
    "MATCHED_LISTS",
    "VOCABULARIES",
    "as_cues",
    "cues_from_table",
    "read_cues",
]

CUES_FILE: Path = DATA_DIR / "framing_cues.csv"

CUE_LISTS: tuple[str, ...] = (
    "trafficking",
    "smuggling",
    "not_trafficking",
    "not_smuggling",
    "name_head",
    "title_head",
    "name_link",
    "distinction",
    "element_trafficking",
    "element_smuggling",
    "nexus",
    "umbrella",
    "security",
    "rights",
    "refugee",
    "negation",
    "not_vocabulary",
)
CUE_COLUMNS: tuple[str, ...] = ("list", "cue", "match", "rationale")
# The lists found as patterns (the name lists are read word by word, see helpers.rules.names;
# a ``not_vocabulary`` cue names a list, it is not a pattern).
MATCHED_LISTS: tuple[str, ...] = tuple(
    name
    for name in CUE_LISTS
    if name not in ("name_head", "title_head", "name_link", "not_vocabulary")
)
# The vocabularies of the second axis, whose words ``not_vocabulary`` may exclude.
VOCABULARIES: tuple[str, ...] = ("security", "rights")

# --------------------------------------------------------------------------- cues


@dataclass(frozen=True)
class Cue:
    """One cue: its list, text, kind of match, rationale and compiled pattern."""

    list: str
    cue: str
    match: str
    rationale: str
    pattern: re.Pattern[str] = field(repr=False, compare=False)


@dataclass(frozen=True, eq=False)
class Cues:
    """The cue table and its compiled patterns.

    ``table``: the cue file as a DataFrame (``list, cue, match, rationale``);
    ``lists``: list name -> tuple of ``Cue``; ``heads`` and ``title_heads``:
    the name heads as tuples of normalised words; ``links``: the name link words.
    Build it with ``read_cues`` (from a file) or ``cues_from_table`` (from an
    edited DataFrame).
    """

    table: pd.DataFrame
    lists: Mapping[str, tuple[Cue, ...]]
    heads: tuple[tuple[str, ...], ...]
    title_heads: tuple[tuple[str, ...], ...]
    links: frozenset[str]

    def __reduce__(self) -> tuple:
        """Pickled as its table (for worker processes): rebuilt by ``cues_from_table``."""
        return (cues_from_table, (self.table,))

    # Derived once, on first use, for speed only (the results do not depend on them).

    @cached_property
    def matcher(self) -> PatternSet:
        """Every cue of the lists matched as patterns (``MATCHED_LISTS``), in list order.

        What ``helpers.rules.engine`` prepared to find them; a cue's index in it is
        given by ``indexes``.
        """
        return PatternSet.from_patterns(
            [cue.pattern for name in MATCHED_LISTS for cue in self.lists[name]]
        )

    @cached_property
    def indexes(self) -> Mapping[str, range]:
        """List name -> the indexes of its cues in ``matcher`` (``MATCHED_LISTS`` only)."""
        out, first = {}, 0
        for name in MATCHED_LISTS:
            out[name] = range(first, first + len(self.lists[name]))
            first += len(self.lists[name])
        return MappingProxyType(out)

    @cached_property
    def head_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Normalised word -> the ``heads`` (in ``heads`` order) that may start at it.

        A one-word head may start at its plural too (see ``_is_head``).
        """
        return head_index(self.heads)

    @cached_property
    def title_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Normalised word -> the ``title_heads`` that may start at it (as ``head_index``)."""
        return head_index(self.title_heads)


# What each cue list is for, shown above its cues in :func:`cue_listing`.
LIST_PURPOSES: Mapping[str, str] = {
    "trafficking": "mentions of trafficking in persons",
    "smuggling": "mentions of migrant smuggling",
    "not_trafficking": "trafficking of goods: a trafficking mention inside these is dropped",
    "not_smuggling": "smuggling of goods: a smuggling mention inside these is dropped",
    "name_head": "heads of names (offices, plans, events, treaties): mentions inside are "
    "institutional",
    "title_head": "heads of office-holder titles, which may take a lower-case complement",
    "name_link": "lower-case words allowed inside a Title-Cased name",
    "distinction": "contrast words: with both crimes (or one crime and a Palermo element) "
    "they make a distinction",
    "element_trafficking": "Palermo elements of trafficking",
    "element_smuggling": "Palermo elements of smuggling",
    "nexus": "link and blur words: with both crimes named they make a nexus",
    "umbrella": "umbrella labels that fold the crimes into a broader category",
    "security": "security vocabulary (second axis)",
    "rights": "human-rights vocabulary (second axis)",
    "refugee": "refugee-regime vocabulary, kept apart: a rights word inside it is not rights",
    "negation": "words that deny the security or rights word within three words after them",
    "not_vocabulary": "lists whose matches define the distinction: their words are not vocabulary",
}


def cues_from_table(table: pd.DataFrame) -> Cues:
    """Build ``Cues`` from a cue table (columns ``list, cue, match, rationale``).

    In: a DataFrame, e.g. the cue file read with pandas and edited in a
    notebook. Out: ``Cues``. Raises ``ValueError`` naming the row for a
    missing column, an unknown list or match kind, an empty cue or a regular
    expression that does not compile.
    """
    missing = [column for column in CUE_COLUMNS if column not in table.columns]
    if missing:
        raise ValueError(f"cue table lacks column(s) {missing}; it needs {list(CUE_COLUMNS)}")
    table = table[list(CUE_COLUMNS)].fillna("").astype(str).reset_index(drop=True)
    lists: dict[str, list[Cue]] = {name: [] for name in CUE_LISTS}
    for number, row in enumerate(table.itertuples(index=False), start=2):
        where = f"cue row {number} ({row.list!r}, {row.cue!r})"
        name, cue, match = row.list.strip(), row.cue.strip(), row.match.strip().lower()
        if name not in lists:
            raise ValueError(f"{where}: unknown list; the lists are {list(CUE_LISTS)}")
        if not cue:
            raise ValueError(f"{where}: empty cue")
        if match not in MATCH_KINDS:
            raise ValueError(f"{where}: match must be one of {list(MATCH_KINDS)}")
        if name == "not_vocabulary" and cue not in CUE_LISTS:
            raise ValueError(f"{where}: a not_vocabulary cue names a list of {list(CUE_LISTS)}")
        try:
            pattern = compile_pattern(cue, match)
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        lists[name].append(Cue(name, cue, match, row.rationale.strip(), pattern))
    heads = tuple(tuple(normalise(c.cue).split(" ")) for c in lists["name_head"])
    title_heads = tuple(tuple(normalise(c.cue).split(" ")) for c in lists["title_head"])
    return Cues(
        table=table,
        lists=MappingProxyType({name: tuple(items) for name, items in lists.items()}),
        heads=tuple(sorted(set(heads + title_heads), key=len, reverse=True)),
        title_heads=title_heads,
        links=frozenset(normalise(c.cue) for c in lists["name_link"]),
    )


def read_cues(path: Path | str = CUES_FILE) -> Cues:
    """Read the cue file (CSV: ``list, cue, match, rationale``; '#' lines are comments).

    In: the path (default ``data/framing_cues.csv``). Out: ``Cues``; its
    ``table`` attribute is the file as a DataFrame.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table = table[~table["list"].str.startswith("#")] if "list" in table else table
    try:
        return cues_from_table(table)
    except ValueError as error:
        raise ValueError(f"{Path(path).name}: {error}") from None


def as_cues(cues: Cues | pd.DataFrame) -> Cues:
    """The cues themselves, or ``Cues`` built from a cue table by ``cues_from_table``."""
    return cues if isinstance(cues, Cues) else cues_from_table(cues)
