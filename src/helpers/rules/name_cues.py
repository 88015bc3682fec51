"""The name cues of ``data/name_cues.csv`` (with ``data/speech_verbs.csv``), read once.

Honorifics and roles keep their case; speech verbs and organisation words are lower case.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import file_errors, read_rule_file, rule_rows
from helpers.rules.patterns import cue_words

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "NAME_CUES_FILE", "NAME_CUE_KINDS", "NameCues", "SPEECH_VERBS_FILE", "name_cues_from_table",
    "read_name_cues", "read_speech_verbs", "speech_verb_rows",
]  # fmt: skip


NAME_CUES_FILE: Path = DATA_DIR / "name_cues.csv"
SPEECH_VERBS_FILE: Path = DATA_DIR / "speech_verbs.csv"
NAME_CUE_COLUMNS: tuple[str, ...] = ("kind", "cue", "match", "rationale")
NAME_CUE_KINDS: tuple[str, ...] = ("honorific", "role", "speech_verb", "organisation_word")


@dataclass(frozen=True)
class NameCues:
    """The cues of ``data/name_cues.csv``: ``honorifics`` ("Mr", case kept), ``roles`` (word
    tuples, matched capitalised), ``speech_verbs`` (lower case), ``organisation_words`` (words
    that make a capitalised run an organisation or a place).
    """

    honorifics: frozenset[str]
    roles: tuple[tuple[str, ...], ...]
    speech_verbs: tuple[tuple[str, ...], ...]
    organisation_words: frozenset[str]

    @cached_property
    def cue_words(self) -> frozenset[str]:
        """Lower-case words that are part of a cue, hence never part of a name."""
        words = {h.lower() for h in self.honorifics} | set(self.organisation_words)
        for role in self.roles:
            words |= {w.lower() for w in role}
        return frozenset(words)

    # Derived once, for speed only: lower-case word -> the cues that may start at it, in the
    # order of ``roles`` / ``speech_verbs`` (speech verbs are lower case already).

    @cached_property
    def role_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        return _by_first_word(self.roles)

    @cached_property
    def verb_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        return _by_first_word(self.speech_verbs)


def _by_first_word(cues: tuple[tuple[str, ...], ...]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        index.setdefault(cue[0].lower(), []).append(cue)
    return {word: tuple(found) for word, found in index.items()}


def name_cues_from_table(table: pd.DataFrame) -> NameCues:
    """In: a name cue table (``kind, cue, match, rationale``). Out: :class:`NameCues`: honorifics
    and roles keep their case, speech verbs and organisation words are lower case; only
    ``phrase`` applies. Errors name the row, the kind and the cue.
    """
    table, numbers = rule_rows(table, NAME_CUE_COLUMNS, "name cue table", rationale="rationale")
    kinds: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in NAME_CUE_KINDS}
    for number, row in zip(numbers, table.itertuples(index=False), strict=True):
        kind, cue, match = row.kind.strip().lower(), row.cue.strip(), row.match.strip().lower()
        where = f"row {number} ({kind!r}, {cue!r})"
        if kind not in kinds:
            raise ValueError(f"{where}: unknown kind; the kinds are {list(NAME_CUE_KINDS)}")
        try:
            words = cue_words(cue.rstrip(".") if kind == "honorific" else cue, match)
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        if len(words) > 1 and kind in ("honorific", "organisation_word"):
            raise ValueError(f"{where}: an {kind.replace('_', ' ')} is one word")
        kinds[kind].append(words)
    by_length = lambda cues: tuple(sorted(cues, key=lambda c: (-len(c), c)))  # noqa: E731
    return NameCues(
        honorifics=frozenset(words[0] for words in kinds["honorific"]),
        roles=by_length(kinds["role"]),
        speech_verbs=by_length(tuple(w.lower() for w in words) for words in kinds["speech_verb"]),
        organisation_words=frozenset(words[0].lower() for words in kinds["organisation_word"]),
    )


def read_name_cues(path: Path | str = NAME_CUES_FILE) -> NameCues:
    """In: the name cue file (default ``data/name_cues.csv``; without ``speech_verb`` rows it
    takes ``data/speech_verbs.csv``, as the speaker finder does). Out: :class:`NameCues`."""
    with file_errors(path):
        table = read_rule_file(path)
        speech = table["kind"].str.strip().eq("speech_verb") if "kind" in table else None
        if set(NAME_CUE_COLUMNS) <= set(table) and not speech.any():
            table = pd.concat([table, speech_verb_rows()], ignore_index=True)
        return name_cues_from_table(table)


def read_speech_verbs(path: Path | str = SPEECH_VERBS_FILE) -> pd.DataFrame:
    """In: the speech verbs (``verb, rationale``; default ``data/speech_verbs.csv``).
    Out: the rows switched on, in file order. Errors name the file and the row."""
    with file_errors(path):
        table, _ = rule_rows(read_rule_file(path), ("verb", "rationale"), "speech verbs",
                             rationale="rationale")  # fmt: skip
        return table


def speech_verb_rows(path: Path | str = SPEECH_VERBS_FILE) -> pd.DataFrame:
    """The speech verbs as ``speech_verb`` name cues (``kind, cue, match, rationale``)."""
    verbs = read_speech_verbs(path)
    return pd.DataFrame(
        {"kind": "speech_verb", "cue": verbs["verb"], "match": "phrase",
         "rationale": verbs["rationale"]}
    )  # fmt: skip
