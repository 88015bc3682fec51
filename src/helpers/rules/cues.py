"""The framing cues (``data/framing_cues.csv``: ``list, cue, match, rationale``), compiled.

Each list's purpose is in ``LIST_PURPOSES`` and ``data/README.md``; a cue is a pattern of
``helpers.rules.patterns``. The name lists are read word by word (``helpers.rules.name_finder``);
a ``not_vocabulary`` cue names a list whose matches are not vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import file_errors, read_rule_file, rule_rows
from helpers.base.text import normalise
from helpers.rules.engine import PatternSet
from helpers.rules.patterns import MATCH_KINDS, compile_pattern

__all__ = [
    "LIST_PURPOSES", "CUES_FILE", "CUE_COLUMNS", "CUE_LISTS", "Cue", "Cues", "MATCHED_LISTS",
    "VOCABULARIES", "as_cues", "cues_from_table", "read_cues",
]  # fmt: skip

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
# The lists found as patterns (the name lists are read word by word, see helpers.rules.name_finder;
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
    """The cue table and its compiled patterns: ``lists`` (list -> cues), the name ``heads`` and
    ``title_heads`` as normalised words, and the ``links`` words allowed inside a name.
    """

    table: pd.DataFrame
    lists: Mapping[str, tuple[Cue, ...]]
    heads: tuple[tuple[str, ...], ...]
    title_heads: tuple[tuple[str, ...], ...]
    links: frozenset[str]

    def __reduce__(self) -> tuple:
        """Pickled as its table (for worker processes)."""
        return (cues_from_table, (self.table,))

    # Derived once, on first use, for speed only (the results do not depend on them).

    @cached_property
    def matcher(self) -> PatternSet:
        """Every cue of ``MATCHED_LISTS``, in list order, for the engine (indexes: ``indexes``)."""
        return PatternSet.from_patterns(
            [cue.pattern for name in MATCHED_LISTS for cue in self.lists[name]]
        )

    @cached_property
    def indexes(self) -> Mapping[str, range]:
        """List name -> the indexes of its cues in ``matcher``."""
        out, first = {}, 0
        for name in MATCHED_LISTS:
            out[name] = range(first, first + len(self.lists[name]))
            first += len(self.lists[name])
        return MappingProxyType(out)

    @cached_property
    def head_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Normalised word -> the ``heads`` that may start at it."""
        return _head_index(self.heads)

    @cached_property
    def title_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Normalised word -> the ``title_heads`` that may start at it."""
        return _head_index(self.title_heads)


def _head_index(heads: Sequence[tuple[str, ...]]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """In: the heads as tuples of normalised words, longest first. Out: word -> the heads
    (in that order) that may start at it (a one-word head at its plural too)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for head in heads:
        firsts = (head[0], head[0] + "s", head[0] + "es") if len(head) == 1 else (head[0],)
        for first in dict.fromkeys(firsts):
            index.setdefault(first, []).append(head)
    return MappingProxyType({word: tuple(found) for word, found in index.items()})


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
    """In: a cue table (the file as read, or an edited copy). Out: ``Cues``.

    Raises ValueError naming the row for an unknown list or match, an empty cue or a bad pattern.
    """
    table, numbers = rule_rows(table, CUE_COLUMNS, "cues_from_table")
    lists: dict[str, list[Cue]] = {name: [] for name in CUE_LISTS}
    for number, row in zip(numbers, table.itertuples(index=False), strict=True):
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
    """In: the cue file (default ``data/framing_cues.csv``). Out: ``Cues``; errors name the file."""
    with file_errors(path):
        return cues_from_table(read_rule_file(path))


def as_cues(cues: Cues | pd.DataFrame) -> Cues:
    """The cues themselves, or ``Cues`` built from a cue table by ``cues_from_table``."""
    return cues if isinstance(cues, Cues) else cues_from_table(cues)
