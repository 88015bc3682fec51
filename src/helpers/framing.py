"""Sentence-level framing of human trafficking and migrant smuggling.

Every sentence that mentions either crime gets exactly one frame (``FRAMES``):

- ``distinction``: it distinguishes or contrasts the two crimes;
- ``nexus``: it links them or blurs the line between them;
- ``umbrella``: it folds them into a broader label ("migration-related crimes"),
  whether or not either crime is named;
- ``paired``: it names both, with neither a distinction nor a link;
- ``trafficking`` / ``smuggling``: it names one crime only;
- ``institutional``: its only mention is inside a name (an office, plan, unit,
  event, treaty or title), counted apart so office titles do not inflate a
  year's trafficking count.

All the words are in one data file, ``data/framing_cues.csv`` (columns
``list, cue, match, rationale``): edit a row, re-run, and the frames change.
``match`` is ``phrase`` (a literal phrase; a hyphen in it also matches a space
or nothing) or ``regex`` (a Python regular expression, for inflections).
Every cue is matched on normalised text (case-folded, curly quotes and
apostrophes made straight, dashes made hyphens, white space collapsed) and at
word boundaries. The lists:

- ``trafficking``, ``smuggling``: mentions of each crime;
- ``not_trafficking``, ``not_smuggling``: trafficking or smuggling of goods
  (drugs, arms, "illicit trafficking"): a mention inside such a match is dropped;
- ``name_head``, ``title_head``, ``name_link``: how names are found (below);
- ``distinction``: contrast words; ``element_trafficking``,
  ``element_smuggling``: the Palermo elements of each crime;
- ``nexus``: link and blur words; ``umbrella``: umbrella labels;
- ``security``, ``rights``: the vocabularies of the second axis; ``refugee``:
  the refugee regime's words, kept apart (a rights word inside them is not rights).

**Names** are found by structure, not by listing them: a run of Title-Cased
words around a head from ``name_head`` or ``title_head`` ("OSCE Anti-Trafficking
Action Plan", "Office of the Special Representative and Co-ordinator for
Combating Trafficking in Human Beings"), with the lower-case ``name_link``
words allowed inside it and a comma only inside the part after a preposition
("Protocol to Prevent, Suppress and Punish ..."); a ``title_head`` may also
take a lower-case crime complement ("Special Rapporteur on trafficking in
persons"); and any quoted text whose words are Title-Cased is a title
(“Moving Forward in Addressing ...”). Cue words inside a name do not count,
except umbrella labels, so "Security" in "Organization for Security and
Co-operation in Europe" is not security vocabulary.

**Precedence** (``PRECEDENCE``), first rule that applies wins:

1. ``distinction``: a ``distinction`` cue with both crimes named, or with one
   crime and a Palermo element (the other crime being a pronoun: "it is a crime
   against a person, whereas human smuggling ..."); or both crimes named with
   Palermo elements of both sides ("smuggled migrants consent ..., victims of
   trafficking are moved by force");
2. ``nexus``: a ``nexus`` cue with both crimes named;
3. ``umbrella``: an umbrella label, anywhere in the sentence;
4. ``paired``: both crimes named outside names;
5. ``trafficking`` or ``smuggling``: one crime named outside names;
6. ``institutional``: a crime named only inside names.

Rationale: the rarer and more deliberate framing act outranks the more common
one. Drawing the legal line is the Palermo position under study, so a sentence
that draws it and then notes a link still counts as keeping it; a link claim is
more specific than a shared label; an umbrella label is a choice of wording
that recodes whatever crimes the sentence also names; naming both is more than
naming one; and a mention in a name says least about the writer's framing.
When a cue lies inside a longer cue of another list, the longer one wins: "no
clear distinction" and "difficult to distinguish" are nexus cues, not
distinction cues.

The functions are pure: they take and return DataFrames and never read or
write anything except ``read_cues``, which reads the cue file.
"""

from __future__ import annotations

import re
import re._constants as _sre
import re._parser as _sre_parser
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import numpy as np
import pandas as pd

from .concordance import context_window
from .parallel import map_distinct
from .paths import DATA_DIR
from .text import as_text, normalise, normalise_map

__all__ = [
    "Analysis",
    "CUES_FILE",
    "CUE_COLUMNS",
    "CUE_LISTS",
    "Cue",
    "Cues",
    "FRAMED_COLUMNS",
    "FRAMES",
    "Literals",
    "MATCH_KINDS",
    "NONE_LABEL",
    "PRECEDENCE",
    "Span",
    "agreement",
    "analyse",
    "bootstrap_shares",
    "cues_from_table",
    "decide",
    "frame_counts",
    "frame_sentence",
    "frame_sentences",
    "kwic_quotes",
    "label_predictions",
    "read_cues",
    "required_literals",
    "scan",
    "start_literals",
]

CUES_FILE: Path = DATA_DIR / "framing_cues.csv"

FRAMES: tuple[str, ...] = (
    "distinction",
    "nexus",
    "umbrella",
    "paired",
    "trafficking",
    "smuggling",
    "institutional",
)
PRECEDENCE: tuple[str, ...] = FRAMES
NONE_LABEL = "none"
T = TypeVar("T")

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
)
CUE_COLUMNS: tuple[str, ...] = ("list", "cue", "match", "rationale")
MATCH_KINDS: tuple[str, ...] = ("phrase", "regex")

# Link words that are not prepositions: they may join two capitalised words of
# a name, but do not open the part after the head where commas are allowed.
_JOINERS = frozenset({"and", "&", "or", "the", "a", "an"})

_TOKEN = re.compile(r"[^\W_](?:[\w'’‐‑\-]*[^\W_])?|&")
_QUOTED = re.compile(r"“([^“”]{3,400})”|\"([^\"]{3,400})\"|«([^«»]{3,400})»")
# Each token with the text before it (the shortest stretch after which _TOKEN
# matches, so the tokens are those of ``_TOKEN.finditer``), as strings.
_GAP_TOKEN_FINDALL = re.compile(rf"(.*?)((?:{_TOKEN.pattern}))", re.DOTALL).findall
_COMMA_GAP = re.compile(r",\s+")
# In ASCII text, every capitalised token of ``_TOKEN`` is one of these stretches
# with its trailing '_', "'" and '-' removed (a token ends with a letter or digit;
# no letter or digit comes right before or after it).
_ASCII_CAPITALISED = re.compile(r"(?<![A-Za-z0-9])[A-Z][\w'-]*", re.ASCII).findall


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
    def any_cue(self) -> Mapping[str, re.Pattern[str] | None]:
        """List name -> one pattern that matches wherever a cue of the list matches.

        A prefilter: when it finds nothing in a text, no cue of the list
        matches there, and the cues need not be tried one by one. None when
        it cannot be built (then every cue is tried).
        """
        return MappingProxyType(
            {name: _any_of([cue.pattern for cue in items]) for name, items in self.lists.items()}
        )

    @cached_property
    def cue_literals(self) -> Mapping[str, tuple[tuple[Cue, Literals, Literals], ...]]:
        """List name -> each cue with its ``required_literals`` and ``start_literals``.

        For text that is all ASCII: a cue none of whose required strings
        occurs in the text has no match there, and a match can only begin
        where one of its start strings does (see ``scan``).
        """
        return MappingProxyType(
            {
                name: tuple(
                    (cue, required_literals(cue.pattern), start_literals(cue.pattern))
                    for cue in items
                )
                for name, items in self.lists.items()
            }
        )

    @cached_property
    def list_literals(self) -> Mapping[str, tuple[str, ...] | None]:
        """List name -> strings one of which any match of any of its cues contains.

        The union of its cues' ``cue_literals``, without a string that holds
        another (if the longer occurs, so does the shorter); None when a cue
        has none.
        """
        gates: dict[str, tuple[str, ...] | None] = {}
        for name, items in self.cue_literals.items():
            if any(literals is None for _, literals, _ in items):
                gates[name] = None
                continue
            union = {literal for _, literals, _ in items for literal in literals}
            gates[name] = tuple(
                sorted(x for x in union if not any(y != x and y in x for y in union))
            )
        return MappingProxyType(gates)

    @cached_property
    def head_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Normalised word -> the ``heads`` (in ``heads`` order) that may start at it.

        A one-word head may start at its plural too (see ``_is_head``).
        """
        return _head_index(self.heads)

    @cached_property
    def title_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Normalised word -> the ``title_heads`` that may start at it (as ``head_index``)."""
        return _head_index(self.title_heads)


def _head_index(heads: Sequence[tuple[str, ...]]) -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """Word -> the heads (in the given order) whose first word it may be (see ``_is_head``)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for head in heads:
        firsts = (head[0], head[0] + "s", head[0] + "es") if len(head) == 1 else (head[0],)
        for first in dict.fromkeys(firsts):
            index.setdefault(first, []).append(head)
    return MappingProxyType({word: tuple(found) for word, found in index.items()})


_CUE_PREFIX, _CUE_SUFFIX = r"(?<!\w)(?:", r")(?!\w)"
_CUE_FLAGS = re.compile("", re.IGNORECASE).flags
_NEVER = re.compile(r"(?!)")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def _any_of(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds a match in a text exactly when one of ``patterns`` does.

    In: patterns made by ``_compile``. Out: their alternation (a prefilter),
    a pattern that never matches for no pattern, or None when the patterns
    cannot be joined (another shape, other flags, a back-reference).
    """
    bodies = []
    for pattern in patterns:
        source = pattern.pattern
        if (
            not (source.startswith(_CUE_PREFIX) and source.endswith(_CUE_SUFFIX))
            or pattern.flags != _CUE_FLAGS
            or _BACKREFERENCE.search(source)
        ):
            return None
        bodies.append(source[len(_CUE_PREFIX) : -len(_CUE_SUFFIX)])
    if not bodies:
        return _NEVER
    alternatives = "|".join(f"(?:{body})(?!\\w)" for body in bodies)
    try:
        return re.compile(f"(?<!\\w)(?:{alternatives})", re.IGNORECASE)
    except re.error:
        return None


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` in an ASCII text contains.

    In: a pattern made by ``_compile`` (case-insensitive). Out: lower-case
    ASCII strings, e.g. ``("traffick",)`` for ``traffick(ing|ed)?`` or
    ``("rights",)`` for ``human\\s+rights``; None when there are none to be
    sure of (a pattern made only of optional parts, classes or look-arounds,
    or one the parser does not read). On text that is all ASCII and
    case-folded, a pattern none of whose strings occurs in the text cannot
    match it, so ``pattern`` need not be run: a prefilter, never a change of
    result. (ASCII only: with ``re.IGNORECASE`` some ASCII letters also match
    other characters, such as 'k' the Kelvin sign.)
    """
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable pattern only loses its prefilter
        return None
    found = _sequence_literals(list(parsed))
    return tuple(sorted(found)) if found else None


Literals = tuple[str, ...] | None
_MAX_STARTS = 64


def start_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` in an ASCII text starts with.

    In: a pattern made by ``_compile`` (case-insensitive). Out: lower-case
    ASCII strings, e.g. ``("human",)`` for ``human\\s+trafficking`` or
    ``("illegal ", "illicit ", "traffick")`` for ``(illicit |illegal
    )?traffick(ing|ed)``; None when the start cannot be pinned down (a class,
    an optional part at the end, more than ``_MAX_STARTS`` strings).
    Look-arounds are passed over: they take no characters.
    """
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable pattern only loses its prefilter
        return None
    found = _starts(list(parsed.data))
    return tuple(sorted(found)) if found else None


def _starts(items: list) -> frozenset[str] | None:
    """The strings a match of the parsed ``items`` may start with (see ``start_literals``)."""
    for index, (op, argument) in enumerate(items):
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue
        rest = items[index + 1 :]
        if op is _sre.LITERAL:
            run = []
            for op2, argument2 in items[index:]:
                if op2 is not _sre.LITERAL or not chr(argument2).isascii():
                    break
                run.append(chr(argument2).lower())
            return frozenset(["".join(run)]) if run else None
        if op is _sre.SUBPATTERN:
            _, add_flags, del_flags, inner = argument
            return None if add_flags or del_flags else _starts(list(inner.data) + rest)
        if op is _sre.ATOMIC_GROUP:
            return _starts(list(argument.data) + rest)
        if op is _sre.BRANCH:
            union: set[str] = set()
            for alternative in argument[1]:
                found = _starts(list(alternative.data) + rest)
                if found is None:
                    return None
                union |= found
            return frozenset(union) if len(union) <= _MAX_STARTS else None
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _, inner = argument
            first = _starts(list(inner.data))
            if first is None or low >= 1:
                return first
            after = _starts(rest)
            if after is None or len(first | after) > _MAX_STARTS:
                return None
            return first | after
        return None
    return None


def scan(
    pattern: re.Pattern[str], required: Literals, starts: Literals, norm: str
) -> Iterable[re.Match[str]]:
    """``pattern.finditer(norm)``, found faster on ASCII text.

    In: a pattern made by ``_compile``, its ``required_literals`` and
    ``start_literals``, and a normalised text. Out: the same matches, in the
    same order: none without trying when the text is all ASCII and lacks the
    required strings, else only the places where a start string occurs are
    tried (``_ascii_finditer``).
    """
    if not norm.isascii():
        return pattern.finditer(norm)
    if required is not None:
        for literal in required:
            if literal in norm:
                break
        else:
            return ()
    return _ascii_finditer(pattern, starts, norm)


def _may_match(literals: Literals, norm: str) -> bool:
    """Whether a cue can match: it has no required strings, or one of them is in ``norm``."""
    return literals is None or any(literal in norm for literal in literals)


def _ascii_finditer(
    pattern: re.Pattern[str], starts: Literals, norm: str, first: bool = False
) -> list[re.Match[str]] | Iterable[re.Match[str]]:
    """``pattern.finditer(norm)`` for an all-ASCII ``norm``, trying only where a match may start.

    In: a pattern, its ``start_literals`` and the normalised text; ``first``:
    stop at the first match. Out: the matches ``finditer`` gives (every one
    starts with a start string and takes at least one character, so trying
    those positions in order, each past the previous match, finds the same
    matches); ``finditer`` itself when there are no start strings.
    """
    if starts is None:
        return pattern.finditer(norm)
    positions: set[int] = set()
    for start in starts:
        at = norm.find(start)
        while at >= 0:
            positions.add(at)
            at = norm.find(start, at + 1)
    found: list[re.Match[str]] = []
    end = 0
    match = pattern.match
    for at in sorted(positions):
        if at < end:
            continue
        hit = match(norm, at)
        if hit is not None:
            found.append(hit)
            if first:
                break
            end = hit.end()
    return found


def _sequence_literals(items: list) -> frozenset[str] | None:
    """The best set of required strings of a sequence of parsed items (see above)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, argument in items:
        if op is _sre.LITERAL and chr(argument).isascii():
            run.append(chr(argument).lower())
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        found = _item_literals(op, argument)
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset(["".join(run)]))
    if not candidates:
        return None
    # the most selective: the longest shortest string, then the fewest strings
    return max(candidates, key=lambda found: (min(map(len, found)), -len(found)))


def _item_literals(op: object, argument: object) -> frozenset[str] | None:
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, inner = argument
        return None if add_flags or del_flags else _sequence_literals(list(inner))
    if op is _sre.ATOMIC_GROUP:
        return _sequence_literals(list(argument))
    if op is _sre.BRANCH:
        union: set[str] = set()
        for alternative in argument[1]:
            found = _sequence_literals(list(alternative))
            if not found:
                return None
            union |= found
        return frozenset(union)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, _, inner = argument
        return _sequence_literals(list(inner)) if low >= 1 else None
    return None


def _compile(cue: str, match: str) -> re.Pattern[str]:
    """Compile a cue into a pattern that matches at word boundaries on normalised text."""
    if match == "phrase":
        words = normalise(cue).split(" ")
        parts = []
        for word in words:
            pieces = [re.escape(piece) for piece in word.split("-")]
            parts.append("(?:-|\\s)?".join(pieces))
        body = r"\s+".join(parts)
    else:
        body = cue
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


# Public names for reuse by other modules (helpers.themes matches its codebook
# exactly as the cues are matched here): ``normalise_map(text)`` returns the
# normalised text and the input position of each of its characters (a sequence);
# ``compile_cue(cue, match)`` compiles a ``phrase`` or ``regex`` cue at word
# boundaries, for matching on normalised text; ``any_of(patterns)`` joins such
# patterns into one prefilter that matches wherever one of them does.
compile_cue = _compile
any_of = _any_of


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
        try:
            pattern = _compile(cue, match)
        except re.error as error:
            raise ValueError(f"{where}: regular expression does not compile: {error}") from None
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
    return cues_from_table(table)


def _as_cues(cues: Cues | pd.DataFrame) -> Cues:
    return cues if isinstance(cues, Cues) else cues_from_table(cues)


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class Span:
    """A match in a sentence: its list, cue and the start/end in the original text."""

    list: str
    cue: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Analysis:
    """What ``analyse`` found in one sentence.

    ``names``: (start, end) of each name in the original text; ``spans``: every
    cue match outside names (umbrella labels also inside); ``trafficking_in_names``
    and ``smuggling_in_names``: crime mentions inside names.
    """

    text: str
    names: tuple[tuple[int, int], ...]
    spans: tuple[Span, ...]
    trafficking_in_names: tuple[Span, ...]
    smuggling_in_names: tuple[Span, ...]

    def of(self, name: str) -> list[Span]:
        """The spans of one list, in order of position."""
        return [span for span in self.spans if span.list == name]


def _find(cues: Cues, name: str, norm: str, where: Sequence[int], text: str) -> list[Span]:
    spans = []
    if norm.isascii():
        # Skip the list when none of its required strings occurs, and each cue
        # whose required strings are absent (``Cues.cue_literals``).
        gate = cues.list_literals[name]
        if gate is not None:
            for literal in gate:
                if literal in norm:
                    break
            else:
                return spans
        hits = []
        for cue, literals, starts in cues.cue_literals[name]:
            if not _may_match(literals, norm):
                continue
            found = _ascii_finditer(cue.pattern, starts, norm)
            if found:
                hits.append((cue, found))
    else:
        anyone = cues.any_cue[name]
        if anyone is not None and anyone.search(norm) is None:
            return spans
        hits = [(cue, cue.pattern.finditer(norm)) for cue in cues.lists[name]]
    for cue, found in hits:
        for hit in found:
            if hit.end() <= hit.start():
                continue
            start, end = where[hit.start()], where[hit.end() - 1] + 1
            spans.append(Span(name, cue.cue, start, end, text[start:end]))
    return spans


def _maximal(spans: list[Span]) -> list[Span]:
    """Drop spans contained in a longer span of the same list; sort by position."""
    keep = []
    for span in spans:
        inside = any(
            other is not span
            and other.start <= span.start
            and span.end <= other.end
            and (other.end - other.start) > (span.end - span.start)
            for other in spans
        )
        duplicate = any((other.start, other.end) == (span.start, span.end) for other in keep)
        if not inside and not duplicate:
            keep.append(span)
    return sorted(keep, key=lambda s: (s.start, s.end))


def _within(span: Span, blocks: Iterable[Span]) -> bool:
    """Whether ``span`` lies inside one of ``blocks``."""
    return any(block.start <= span.start and span.end <= block.end for block in blocks)


def _inside(span: Span, names: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span.start < end for start, end in names)


@lru_cache(maxsize=1 << 16)
def _normalise_token(token: str) -> str:
    """``normalise`` of one word, remembered (the same words recur in every text)."""
    return normalise_map(token)[0]


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _is_head(norms: list[str], i: int, head: tuple[str, ...]) -> bool:
    """Whether the words from ``i`` are ``head``, its last word possibly plural."""
    words = norms[i : i + len(head)]
    if len(words) < len(head) or tuple(words[:-1]) != head[:-1]:
        return False
    return words[-1] in (head[-1], head[-1] + "s", head[-1] + "es")


def _ascii_head_word(text: str, head_index: Mapping[str, object]) -> bool:
    """Whether a capitalised token of an ASCII ``text`` may be a key of ``head_index``.

    A prefilter that does not tokenise: True whenever a token of ``_TOKEN``
    (normalised) that starts with a capital is a key, as every such token is
    a stretch of ``_ASCII_CAPITALISED`` with its trailing '_', "'" and '-'
    removed; rarely True otherwise ("x_Office", where the stretch lies inside a
    token), and then the tokens decide.
    """
    return any(word.rstrip("_'-").lower() in head_index for word in _ASCII_CAPITALISED(text))


def _find_names(text: str, cues: Cues, crimes: list[Span]) -> list[tuple[int, int]]:
    """Find the names in ``text`` (see the module docstring). Out: (start, end) pairs."""
    head_index = cues.head_index
    # Most sentences hold no capitalised word that may start a head: then no
    # name is found around a head, and only quoted titles are left to look for.
    # On ASCII text the capitalised words are found without tokenising: each
    # starts a token or lies inside one (``_ASCII_CAPITALISED``).
    if text.isascii() and not _ascii_head_word(text, head_index):
        return _merge(_quoted_titles(text, cues))
    pairs = _GAP_TOKEN_FINDALL(text)  # (text before the token, token)
    if not any(word[:1].isupper() and _normalise_token(word) in head_index for _, word in pairs):
        return _merge(_quoted_titles(text, cues))
    tokens = []
    end = 0
    for before, token in pairs:
        start = end + len(before)
        end = start + len(token)
        tokens.append((start, end, token))
    norms = [_normalise_token(token) for _, _, token in tokens]
    count = len(tokens)
    title_index = cues.title_index

    def gap(i: int) -> str:  # the text between token i and token i + 1
        return pairs[i + 1][0]

    def spaced(i: int) -> bool:  # the gap is white space only
        return pairs[i + 1][0].isspace()

    names: list[tuple[int, int]] = []
    i = 0
    while i < count:
        # Only the heads that may start at this word are tried (``Cues.head_index``),
        # in the order of ``cues.heads``: the same head is found as by trying all.
        candidates = head_index.get(norms[i])
        head = None
        if candidates is not None and _is_capitalised(tokens[i][2]):
            head = next(
                (h for h in candidates if _is_head(norms, i, h)
                 and all(spaced(k) for k in range(i, i + len(h) - 1))),
                None,
            )  # fmt: skip
        if head is None:
            i += 1
            continue
        first, last = i, i + len(head) - 1
        # Left: capitalised words, or 'and'/'&' between capitalised words.
        while first > 0 and spaced(first - 1):
            if _is_capitalised(tokens[first - 1][2]):
                first -= 1
            elif (
                norms[first - 1] in ("and", "&")
                and first > 1
                and spaced(first - 2)
                and _is_capitalised(tokens[first - 2][2])
            ):
                first -= 2
            else:
                break
        # Right: only a part opened by a preposition ("Plan to Combat ...",
        # "Office of the ..."): in it, capitalised words, link words followed
        # by a capitalised word, and a comma followed by a capitalised word.
        # A capitalised word right after the head does not join, so a
        # Title-Cased headline ("OSCE Conference Calls for ...") is not a name.
        after_preposition = False
        j = last + 1
        while j < count:
            if after_preposition and spaced(j - 1) and _is_capitalised(tokens[j][2]):
                last, j = j, j + 1
                continue
            if spaced(j - 1) and norms[j] in cues.links:
                k = j
                while k < count and norms[k] in cues.links and spaced(k - 1):
                    k += 1
                opens = any(norms[m] not in _JOINERS for m in range(j, k))
                if (
                    k < count
                    and spaced(k - 1)
                    and _is_capitalised(tokens[k][2])
                    and (opens or after_preposition)
                ):
                    after_preposition = True
                    last, j = k, k + 1
                    continue
                break
            if (
                after_preposition
                and _COMMA_GAP.fullmatch(gap(j - 1))
                and _is_capitalised(tokens[j][2])
            ):
                last, j = j, j + 1
                continue
            break
        while first < last and norms[first] in cues.links:
            first += 1
        start, end = tokens[first][0], tokens[last][1]
        if any(
            _is_head(norms, m, t)
            for m in range(first, last + 1)
            for t in title_index.get(norms[m], ())
        ):
            end = _title_complement(text, end, crimes)
        names.append((start, end))
        i = max(i + len(head), last + 1)
    names += _quoted_titles(text, cues)
    return _merge(names)


_COMPLEMENT = re.compile(
    r"\s*(?:on|for)\s+(?:(?:combating|combatting|countering|fighting|preventing)\s+)?", re.I
)
_COMPLEMENT_JOIN = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+", re.I)
_COMPLEMENT_TAIL = re.compile(r"\s+(?:issues|matters|questions)\b", re.I)


def _title_complement(text: str, end: int, crimes: list[Span]) -> int:
    """Extend an office-holder title over a lower-case crime complement ('on human trafficking')."""
    opener = _COMPLEMENT.match(text, end)
    if not opener:
        return end
    position, extended = opener.end(), end
    while True:
        crime = next((c for c in crimes if c.start == position), None)
        if crime is None:
            break
        extended = crime.end
        join = _COMPLEMENT_JOIN.match(text, extended)
        if not join:
            break
        position = join.end()
    if extended > end:
        tail = _COMPLEMENT_TAIL.match(text, extended)
        if tail:
            extended = tail.end()
    return extended


def _quoted_titles(text: str, cues: Cues) -> list[tuple[int, int]]:
    """Quoted spans whose content words are (nearly) all capitalised: titles."""
    found = []
    for quote in _QUOTED.finditer(text):
        inner = next(group for group in quote.groups() if group is not None)
        words = [w for w in _TOKEN.findall(inner) if not w[0].isdigit()]
        content = [w for w in words if _normalise_token(w) not in cues.links]
        if len(content) < 2 or not _is_capitalised(words[0]):
            continue
        if sum(_is_capitalised(w) for w in content) >= 0.8 * len(content):
            found.append((quote.start(), quote.end()))
    return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_FRAME_LISTS = ("distinction", "nexus", "element_trafficking", "element_smuggling")


def analyse(text: str, cues: Cues | pd.DataFrame) -> Analysis:
    """Find every cue in one sentence.

    In: the sentence text and the cues. Out: an ``Analysis`` with the names,
    the cue spans outside names (umbrella labels also inside names) and the
    crime mentions inside names. Mentions of trafficking or smuggling of goods
    (``not_trafficking``, ``not_smuggling``) are dropped.
    """
    cues = _as_cues(cues)
    text = as_text(text)
    norm, where = normalise_map(text)
    return _analyse(text, norm, where, cues)


# The lists without which a sentence gets no frame (see ``decide``).
_FRAME_DECIDING = ("trafficking", "smuggling", "umbrella")


def _may_get_frame(cues: Cues, norm: str) -> bool:
    """False when no cue of ``_FRAME_DECIDING`` occurs in the normalised text.

    Then ``decide(analyse(...))`` is ``(None, [])``: with no mention of either
    crime (inside or outside names) and no umbrella label, no rule applies.
    A cheap test that spares the full analysis of most sentences.
    """
    if norm.isascii():
        for name in _FRAME_DECIDING:
            gate = cues.list_literals[name]
            if gate is not None and not any(literal in norm for literal in gate):
                continue
            for cue, literals, starts in cues.cue_literals[name]:
                if not _may_match(literals, norm):
                    continue
                if _ascii_finditer(cue.pattern, starts, norm, first=True):
                    return True
        return False
    for name in _FRAME_DECIDING:
        anyone = cues.any_cue[name]
        if anyone is None or anyone.search(norm) is not None:
            return True
    return False


def _crimes_and_names(
    text: str, norm: str, where: Sequence[int], cues: Cues
) -> tuple[dict[str, list[Span]], list[tuple[int, int]]]:
    """The first step of ``analyse``: the crime mentions (goods dropped) and the names."""
    crimes = _crimes(text, norm, where, cues)
    return crimes, _find_names(text, cues, crimes["trafficking"] + crimes["smuggling"])


def _crimes(text: str, norm: str, where: Sequence[int], cues: Cues) -> dict[str, list[Span]]:
    """The mentions of each crime, those inside a mention of goods dropped."""
    crimes = {}
    for crime in ("trafficking", "smuggling"):
        found = _find(cues, crime, norm, where, text)
        goods = _find(cues, f"not_{crime}", norm, where, text) if found else []
        crimes[crime] = [span for span in found if not _within(span, goods)]
    return crimes


def _analyse(text: str, norm: str, where: Sequence[int], cues: Cues) -> Analysis:
    """``analyse`` of a text already normalised (``norm, where = normalise_map(text)``)."""
    crimes, names = _crimes_and_names(text, norm, where, cues)
    spans: list[Span] = []
    in_names: dict[str, list[Span]] = {}
    for crime, found in crimes.items():
        found = _maximal(found)
        spans += [span for span in found if not _inside(span, names)]
        in_names[crime] = [span for span in found if _inside(span, names)]
    framing = [
        span
        for name in _FRAME_LISTS
        for span in _find(cues, name, norm, where, text)
        if not _inside(span, names)
    ]
    # A cue inside a longer cue of another list gives way ("no clear distinction").
    framing = [
        span
        for span in framing
        if not any(
            other.list != span.list
            and other.start <= span.start
            and span.end <= other.end
            and (other.end - other.start) > (span.end - span.start)
            for other in framing
        )
    ]
    for name in _FRAME_LISTS:
        spans += _maximal([span for span in framing if span.list == name])
    spans += _maximal(_find(cues, "umbrella", norm, where, text))
    refugee = _maximal(
        [s for s in _find(cues, "refugee", norm, where, text) if not _inside(s, names)]
    )
    spans += refugee  # refugee vocabulary; a rights word inside it does not count as rights
    for name in ("security", "rights"):
        found = [s for s in _find(cues, name, norm, where, text) if not _inside(s, names)]
        spans += _maximal([s for s in found if not _within(s, refugee)])
    return Analysis(
        text=text,
        names=tuple(names),
        spans=tuple(sorted(spans, key=lambda s: (s.start, s.end, s.list))),
        trafficking_in_names=tuple(in_names["trafficking"]),
        smuggling_in_names=tuple(in_names["smuggling"]),
    )


def _unique(texts: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in texts:
        seen.setdefault(item, None)
    return list(seen)


def decide(analysis: Analysis) -> tuple[str | None, list[str]]:
    """Apply the precedence (module docstring) to an ``Analysis``.

    Out: ``(frame, cue words)``; the frame is None when the sentence mentions
    neither crime and has no umbrella label. The cue words are the matched
    text, in order of position, frame cues first and then the crime mentions.
    """
    trafficking, smuggling = analysis.of("trafficking"), analysis.of("smuggling")
    both = bool(trafficking and smuggling)
    crimes = sorted(trafficking + smuggling, key=lambda s: s.start)
    elements_t, elements_s = analysis.of("element_trafficking"), analysis.of("element_smuggling")

    def words(spans: list[Span]) -> list[str]:
        return _unique(span.text for span in sorted(spans, key=lambda span: span.start))

    contrast = analysis.of("distinction")
    if contrast and (both or (crimes and (elements_t or elements_s))):
        extra = [] if both else words(elements_t + elements_s)
        return "distinction", _unique(words(contrast) + extra + words(crimes))
    if both and elements_t and elements_s:
        return "distinction", words(elements_t + elements_s) + words(crimes)
    links = analysis.of("nexus")
    if both and links:
        return "nexus", words(links) + words(crimes)
    umbrella = analysis.of("umbrella")
    if umbrella:
        return "umbrella", words(umbrella)
    if both:
        return "paired", words(crimes)
    if trafficking:
        return "trafficking", words(trafficking)
    if smuggling:
        return "smuggling", words(smuggling)
    in_names = analysis.trafficking_in_names + analysis.smuggling_in_names
    if in_names:
        holders = [
            (start, end)
            for start, end in analysis.names
            if any(start <= s.start < end for s in in_names)
        ]
        return "institutional", _unique(analysis.text[start:end] for start, end in holders)
    return None, []


def frame_sentence(text: str, cues: Cues | pd.DataFrame) -> tuple[str | None, list[str]]:
    """Frame one sentence.

    In: the sentence text and the cues (``read_cues()``). Out: ``(frame, cue
    words)``: one of ``FRAMES`` or None, and the matched words that decided it
    (for ``institutional``, the names holding the mentions).
    """
    cues = _as_cues(cues)
    text = as_text(text)
    norm, where = normalise_map(text)
    if not _may_get_frame(cues, norm):
        return None, []
    return decide(_analyse(text, norm, where, cues))


# --------------------------------------------------------------------------- tables

FRAMED_COLUMNS: tuple[str, ...] = (
    "doc_id", "year", "sent_id", "para_id", "part", "sentence", "frame", "cues",
    "mentions_trafficking", "mentions_smuggling", "security_cues", "rights_cues",
)  # fmt: skip


def frame_sentences(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    cues: Cues | pd.DataFrame,
    progress: bool | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Frame every sentence of a corpus and keep those that get a frame.

    In: ``sentences`` (``doc_id, sent_id, text``, optionally ``para_id, part``,
    as in ``load_corpus().sentences``), ``documents`` (``doc_id, year``) and
    the cues; ``progress``, a progress bar (default: shown for more than
    ``parallel.SENTENCES_PROGRESS_FROM`` distinct sentences when stderr is a terminal, see
    ``helpers.progress``); ``workers``, processes that frame the sentences
    (default: every core from ``parallel.SENTENCES_FROM`` distinct sentences, else one;
    the result is the same). A sentence that recurs is framed once
    (``map_distinct``). Out: one row per framed sentence, sorted by year,
    doc_id and sent_id, with columns ``FRAMED_COLUMNS``: ``cues``,
    ``security_cues`` and ``rights_cues`` are '; '-joined matched words;
    ``mentions_trafficking`` and ``mentions_smuggling`` say whether the crime
    is named outside names.
    """
    cues = _as_cues(cues)
    years = documents.drop_duplicates("doc_id").set_index("doc_id")["year"]
    year_of = dict(years.items())
    has_para, has_part = "para_id" in sentences.columns, "part" in sentences.columns
    texts = list(sentences["text"])
    results = map_distinct(_frame_row, cues, texts, workers, "Framing sentences", progress)
    columns = [sentences["doc_id"], sentences["sent_id"], texts]
    if has_para:
        columns.append(sentences["para_id"])
    if has_part:
        columns.append(sentences["part"])
    rows = []
    for result, record in zip(results, zip(*columns, strict=True), strict=True):
        if result is None:
            continue
        doc_id, sent_id, raw = record[0], record[1], record[2]
        rows.append(
            (
                doc_id,
                year_of.get(doc_id, pd.NA),
                sent_id,
                record[3] if has_para else pd.NA,
                record[3 + has_para] if has_part else "",
                raw,
                *result,
            )
        )
    framed = pd.DataFrame.from_records(rows, columns=list(FRAMED_COLUMNS))
    if framed.empty:
        return framed.astype({"mentions_trafficking": bool, "mentions_smuggling": bool})
    framed["year"] = framed["year"].astype("Int64")
    return framed.sort_values(["year", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def _frame_row(cues: Cues, raw: object) -> tuple | None:
    """The columns of ``frame_sentences`` from ``frame`` on for one sentence, or None."""
    text = as_text(raw)
    norm, where = normalise_map(text)
    if not _may_get_frame(cues, norm):
        return None
    analysis = _analyse(text, norm, where, cues)
    frame, words = decide(analysis)
    if frame is None:
        return None
    # interned: a few thousand distinct cue lists recur over hundreds of thousands
    # of sentences; one object each (also once per chunk sent back by a worker)
    return (
        frame,
        sys.intern("; ".join(words)),
        bool(analysis.of("trafficking")),
        bool(analysis.of("smuggling")),
        sys.intern("; ".join(_unique(s.text for s in analysis.of("security")))),
        sys.intern("; ".join(_unique(s.text for s in analysis.of("rights")))),
    )


def frame_counts(
    framed: pd.DataFrame, years: Iterable[int] | None = None, shares: bool = True
) -> pd.DataFrame:
    """Count frames per year.

    In: the output of ``frame_sentences``; ``years``, the years to show (default:
    the years present; a year with no framed sentence gets a row of zeros);
    ``shares``, whether to add the shares. Out: one row per year (index
    ``year``), one count column per frame in ``FRAMES`` order (zeros kept),
    ``total``, and, with ``shares``, ``share_<frame>`` columns (count / total;
    NaN for a year with no framed sentence).
    """
    index = sorted(set(years)) if years is not None else sorted(framed["year"].dropna().unique())
    index = [int(year) for year in index]
    counts = (
        pd.crosstab(framed["year"], framed["frame"])
        .reindex(index=index, columns=list(FRAMES), fill_value=0)
        .astype("int64")
    )
    counts.index.name, counts.columns.name = "year", None
    counts["total"] = counts[list(FRAMES)].sum(axis=1)
    if shares:
        total = counts["total"].where(counts["total"] > 0)
        for frame in FRAMES:
            counts[f"share_{frame}"] = counts[frame] / total
    return counts


def bootstrap_shares(
    framed: pd.DataFrame, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> pd.DataFrame:
    """Bootstrap confidence intervals for each year's frame shares.

    In: the output of ``frame_sentences``; ``n_boot`` resamples; ``seed`` for
    ``numpy.random.default_rng``; ``level``, the interval's coverage. Sentences
    are resampled with replacement within each year (years in ascending order,
    one generator), so the result is the same on every run. Out: one row per
    year and frame (``FRAMES`` order): ``year, frame, n, n_year, share,
    ci_low, ci_high`` (percentile interval; 0 <= ci_low <= share <= ci_high <= 1
    up to resampling noise).
    """
    rng = np.random.default_rng(seed)
    codes = {frame: number for number, frame in enumerate(FRAMES)}
    tail = (1 - level) / 2
    rows = []
    for year in sorted(framed["year"].dropna().unique()):
        labels = framed.loc[framed["year"] == year, "frame"].map(codes).to_numpy()
        n_year = len(labels)
        counts = np.bincount(labels, minlength=len(FRAMES))
        boot = np.empty((n_boot, len(FRAMES)))
        for begin in range(0, n_boot, 256):
            block = min(256, n_boot - begin)
            draws = labels[rng.integers(0, n_year, size=(block, n_year))]
            offsets = draws + len(FRAMES) * np.arange(block)[:, None]
            boot[begin : begin + block] = (
                np.bincount(offsets.ravel(), minlength=block * len(FRAMES)).reshape(
                    block, len(FRAMES)
                )
                / n_year
            )
        low, high = np.quantile(boot, [tail, 1 - tail], axis=0)
        for frame, number in codes.items():
            rows.append(
                {
                    "year": int(year),
                    "frame": frame,
                    "n": int(counts[number]),
                    "n_year": n_year,
                    "share": counts[number] / n_year,
                    "ci_low": float(low[number]),
                    "ci_high": float(high[number]),
                }
            )
    return pd.DataFrame(
        rows, columns=["year", "frame", "n", "n_year", "share", "ci_low", "ci_high"]
    )


def _keyword_span(sentence: str, cue_words: str) -> tuple[int, int]:
    """Where the first deciding cue word sits in the sentence (case-insensitive)."""
    folded = sentence.casefold()
    for word in filter(None, (w.strip() for w in str(cue_words).split(";"))):
        at = sentence.find(word)
        if at < 0:
            at = folded.find(word.casefold())
        if at >= 0:
            return at, at + len(word)
    return 0, 0


def kwic_quotes(
    framed: pd.DataFrame,
    frames: Sequence[str] = ("distinction", "nexus", "umbrella"),
    width: int = 8,
) -> pd.DataFrame:
    """Keyword-in-context quotations for a report.

    In: the output of ``frame_sentences``; the frames to quote; ``width``, the
    number of words shown on each side. Out: one row per sentence with one of
    those frames, sorted by year, doc_id and sent_id: ``year, doc_id, sent_id,
    frame, left, keyword, right, sentence``; the keyword is the first cue word
    that decided the frame; a left or right side cut short starts or ends with '…'.
    """
    chosen = framed[framed["frame"].isin(list(frames))]
    rows = []
    for row in chosen.itertuples(index=False):
        start, end = _keyword_span(row.sentence, row.cues)
        left, right = context_window(row.sentence, start, end, width)
        rows.append(
            {
                "year": row.year,
                "doc_id": row.doc_id,
                "sent_id": row.sent_id,
                "frame": row.frame,
                "left": left,
                "keyword": row.sentence[start:end],
                "right": right,
                "sentence": row.sentence,
            }
        )
    columns = ["year", "doc_id", "sent_id", "frame", "left", "keyword", "right", "sentence"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["year", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def label_predictions(labelled: pd.DataFrame, cues: Cues | pd.DataFrame) -> pd.DataFrame:
    """Frame each labelled sentence and put the prediction beside the label.

    In: a table with ``sentence`` and ``frame`` (a frame or 'none'). Out: the
    same table with ``predicted`` (a frame or 'none'), ``predicted_cues`` and
    ``correct`` added: the rows to read when checking disagreements.
    """
    cues = _as_cues(cues)
    out = labelled.copy()
    results = [frame_sentence(text, cues) for text in out["sentence"]]
    out["frame"] = out["frame"].fillna(NONE_LABEL).astype(str).str.strip()
    out["predicted"] = [frame or NONE_LABEL for frame, _ in results]
    out["predicted_cues"] = ["; ".join(words) for _, words in results]
    out["correct"] = out["frame"] == out["predicted"]
    return out


def agreement(labelled: pd.DataFrame, cues: Cues | pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """Agreement of ``frame_sentence`` with a labelled set.

    In: a table with ``sentence`` and ``frame`` (one of ``FRAMES`` or 'none')
    and the cues. Out: ``(accuracy, confusion)``: the share of sentences where
    prediction and label agree (NaN for an empty table), and a confusion table
    with the labels as rows (index ``label``) and the predictions as columns
    (``prediction``), all frames plus 'none' on both axes, zeros kept.
    """
    predicted = label_predictions(labelled, cues)
    axis = [*FRAMES, NONE_LABEL]
    unknown = sorted(set(predicted["frame"]) - set(axis))
    if unknown:
        raise ValueError(f"unknown label(s) {unknown}; labels are {axis}")
    confusion = pd.crosstab(
        pd.Categorical(predicted["frame"], axis), pd.Categorical(predicted["predicted"], axis),
        dropna=False,
    ).reindex(index=axis, columns=axis, fill_value=0)  # fmt: skip
    confusion.index.name, confusion.columns.name = "label", "prediction"
    accuracy = float(predicted["correct"].mean()) if len(predicted) else float("nan")
    return accuracy, confusion.astype("int64")
