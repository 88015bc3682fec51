"""The one finder of names: runs of capitalised words, read once for every use.

- Names of institutions (offices, plans, events, treaties, titles): :func:`find_names`, by
  structure around the ``name_head`` and ``title_head`` cues of ``data/framing_cues.csv``;
  the framing rules and the theme codebook leave crime and vocabulary words inside them.
- People: :func:`detect` (after an honorific, closing a role's title, next to a speech
  verb, before a comma and a role; ``data/name_cues.csv`` with ``data/speech_verbs.csv``)
  and :func:`find_people`, every person of a corpus, with the surnames of the speakers.
- Speakers: :func:`description_run`, a speaker as the page describes them with their role,
  read by ``helpers.reading.voice``; :func:`person_of` is the person inside it.

So the speaker, the ``people`` column and the names masked in the counted words agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from helpers.base.parallel import map_distinct
from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import file_errors, read_rule_file, rule_rows
from helpers.base.text import as_text, normalise_map
from helpers.rules.patterns import cue_words
from helpers.rules.words import (
    POSSESSIVE,
    WORD,
    Word,
    has_digit,
    lowercase_words,
    normalise_text,
    text_words,
)

if TYPE_CHECKING:
    from helpers.rules.cues import Cues

__all__ = [
    "DESCRIPTION_WORD", "NAME_CUES_FILE", "NAME_CUE_KINDS", "NAME_MARK", "NameCues", "NameRules",
    "SPEECH_VERBS_FILE", "capitalised_words", "description_run", "detect", "find_names",
    "find_people", "inside", "name_cues_from_table", "name_rules", "name_spans", "person_of",
    "read_name_cues", "read_speech_verbs", "speech_verb_rows", "surname_of", "with_known",
    "word_tokens",
]  # fmt: skip

NAME_CUES_FILE: Path = DATA_DIR / "name_cues.csv"
SPEECH_VERBS_FILE: Path = DATA_DIR / "speech_verbs.csv"
NAME_CUE_COLUMNS: tuple[str, ...] = ("kind", "cue", "match", "rationale")
NAME_CUE_KINDS: tuple[str, ...] = ("honorific", "role", "speech_verb", "organisation_word")

# --------------------------------------------------------------------------- name cues


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

    # Derived once, on first use, for speed only: the cues that may start at a
    # word, in the order of ``roles`` / ``speech_verbs`` (see ``_match``).

    @cached_property
    def role_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Lower-case word -> the roles whose first word it is."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for role in self.roles:
            index.setdefault(role[0].lower(), []).append(role)
        return {word: tuple(roles) for word, roles in index.items()}

    @cached_property
    def verb_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Word -> the speech verbs whose first word it is (exactly)."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for verb in self.speech_verbs:
            index.setdefault(verb[0], []).append(verb)
        return {word: tuple(verbs) for word, verbs in index.items()}


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


# --------------------------------------------------------------------------- institutions

# Link words that are not prepositions: they may join two capitalised words of
# a name, but do not open the part after the head where commas are allowed.
_JOINERS = frozenset({"and", "&", "or", "the", "a", "an"})

_NAME_TOKEN = re.compile(r"[^\W_](?:[\w'’‐‑\-]*[^\W_])?|&")
_QUOTED = re.compile(r"“([^“”]{3,400})”|\"([^\"]{3,400})\"|«([^«»]{3,400})»")
# Each token with the text before it (the shortest stretch after which _NAME_TOKEN
# matches, so the tokens are those of ``_NAME_TOKEN.finditer``), as strings.
_GAP_TOKEN_FINDALL = re.compile(rf"(.*?)((?:{_NAME_TOKEN.pattern}))", re.DOTALL).findall
_COMMA_GAP = re.compile(r",\s+")
# In ASCII text, every capitalised token of ``_NAME_TOKEN`` is one of these stretches
# with its trailing '_', "'" and '-' removed (a token ends with a letter or digit;
# no letter or digit comes right before or after it).
_ASCII_CAPITALISED = re.compile(r"(?<![A-Za-z0-9])[A-Z][\w'-]*", re.ASCII).findall


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
    """Whether a capitalised token of an ASCII ``text`` may be a key of ``head_index``: a prefilter
    without tokenising (True for every such token, rarely otherwise; then the tokens decide).
    """
    return any(word.rstrip("_'-").lower() in head_index for word in _ASCII_CAPITALISED(text))


def find_names(text: str, cues: Cues, crimes: Sequence) -> list[tuple[int, int]]:
    """The names of institutions in ``text``.

    A run of Title-Cased words around a head, ``name_link`` words inside, commas only after a
    preposition; a ``title_head`` may take a lower-case crime complement; a quoted Title-Cased
    text is a title. In: the text, the cues, the crime mentions (``start``, ``end``). Out:
    (start, end) pairs, merged and sorted.
    """
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
        # Only the heads that may start at this word are tried (``framing_cues.Cues.head_index``),
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


def _title_complement(text: str, end: int, crimes: Sequence) -> int:
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
        words = [w for w in _NAME_TOKEN.findall(inner) if not w[0].isdigit()]
        content = [w for w in words if _normalise_token(w) not in cues.links]
        if len(content) < 2 or not _is_capitalised(words[0]):
            continue
        if sum(_is_capitalised(w) for w in content) >= 0.8 * len(content):
            found.append((quote.start(), quote.end()))
    return found


def _merge(spans: list[tuple[int, int]], touching: bool = True) -> list[tuple[int, int]]:
    """Spans sorted, overlapping ones (and touching ones, with ``touching``) joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start < merged[-1][1] or touching and start == merged[-1][1]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def inside(start: int, names: Sequence[tuple[int, int]]) -> bool:
    """Whether a match starting at ``start`` starts inside one of ``names`` ((start, end) pairs)."""
    return any(first <= start < last for first, last in names)


# --------------------------------------------------------------------------- people

# Marks the place of a removed name: it is punctuation, so no bigram jumps over it.
# ASCII on purpose: one character above U+00FF (such as "…") makes Python store
# the whole text at two bytes a character, and nearly every text has a name.
NAME_MARK = "[...]"

# Words that join a title to its complement: "President of Ukraine", "Co-ordinator
# for Combating Trafficking". The capitalised word right after one of them is read
# as part of the title (a country, an office), not as a first name.
CONNECTORS = frozenset({"of", "for", "in", "on", "at", "to", "from", "against", "with",
                        "the", "and", "&"})  # fmt: skip
_ARTICLES = frozenset({"the", "a", "an"})
_MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class NameRules:
    """The name cues and the corpus's lower-case words, with the tests a word must pass."""

    cues: NameCues
    common: frozenset[str]

    def is_cap(self, word: Word) -> bool:
        """In: a word. Out: True when it starts with a capital letter."""
        return word.text[:1].isupper()

    def is_acronym(self, word: Word) -> bool:
        """In: a word. Out: True when a part of it is two or more capitals ("OSCE", "UN-Women")."""
        return any(len(part) >= 2 and part.isupper() for part in word.text.split("-"))

    def is_namey(self, word: Word) -> bool:
        """A capitalised word that could be part of a person's name."""
        lower = word.text.lower()
        return (
            self.is_cap(word)
            and len(word.text) >= 2
            and not self.is_acronym(word)
            and not has_digit(lower)
            and lower not in self.common
            and lower not in ENGLISH_STOP_WORDS
            and lower not in self.cues.cue_words
        )

    def is_honorific(self, word: Word) -> bool:
        """In: a word. Out: True when it is an honorific of the cues, in the same case."""
        return word.text in self.cues.honorifics

    def after_connector(self, words: list[Word], i: int) -> bool:
        """True when word ``i`` directly follows a connector ("of Ukraine")."""
        return i > 0 and not words[i].brk and words[i - 1].text.lower() in CONNECTORS


def _match(words: list[Word], i: int, cue: tuple[str, ...], lower: bool) -> bool:
    """Whether the cue starts at word ``i`` with no punctuation inside: a speech verb (``lower``)
    exactly, a role in any case but with its capitals.
    """
    if i + len(cue) > len(words):
        return False
    for k, part in enumerate(cue):
        word = words[i + k]
        if k and word.brk:
            return False
        if lower:
            if word.text != part:
                return False
        elif word.text.lower() != part.lower() or (
            part[:1].isupper() and not word.text[:1].isupper()
        ):
            return False
    return True


def _run_end(words: list[Word], i: int, rules: NameRules) -> int:
    """End (exclusive) of the run of capitalised words starting at ``i``."""
    k = i + 1
    while k < len(words) and not words[k].brk and rules.is_cap(words[k]):
        k += 1
    return k


def _run_start(words: list[Word], k: int, rules: NameRules) -> int:
    """Start of the run of capitalised words ending (inclusive) at ``k``."""
    a = k
    while a > 0 and not words[a].brk and rules.is_cap(words[a - 1]):
        a -= 1
    return a


def _name_in_run(
    words: list[Word], a: int, k: int, rules: NameRules, min_words: int = 2
) -> tuple[int, int] | None:
    """The person's name closing the capitalised run ``words[a:k]``, or None: its last 2 to 4 namey
    words; a word after a connector is a complement; an organisation word names no person.
    """
    if a >= k:
        return None
    if rules.after_connector(words, a):
        a += 1
    if any(w.text.lower() in rules.cues.organisation_words for w in words[a:k]):
        return None
    s = k
    while s > a and rules.is_namey(words[s - 1]):
        s -= 1
    if min_words <= k - s <= _MAX_NAME_WORDS:
        return s, k
    return None


def _after_role(
    words: list[Word], j: int, rules: NameRules, max_steps: int = 20
) -> tuple[int, int] | None:
    """The name closing the title begun by a role ending before word ``j`` ("Minister of Social
    Policy of Ukraine Viktor Y."; one comma, before the name).
    """
    i, steps = j, 0
    while i < len(words) and steps < max_steps:
        steps += 1
        word = words[i]
        if word.brk:
            if word.gap.strip() == "," and rules.is_cap(word):
                return _name_in_run(words, i, _run_end(words, i, rules), rules)
            return None
        if word.text.lower() in CONNECTORS:
            i += 1
            continue
        if not rules.is_cap(word):
            return None
        k = _run_end(words, i, rules)
        found = _name_in_run(words, i, k, rules)
        if found:
            return found
        i = k
    return None


class Hit(NamedTuple):
    """A name found: where it starts and ends (words or characters) and the rule that found it."""

    start: int
    end: int
    rule: str


class Pending(NamedTuple):
    """A hit that counts only when ``word`` is a known surname (see ``with_known``)."""

    at: int  # the number of hits found before it
    word: str
    hit: Hit


def detect(
    text: str,
    rules: NameRules,
    known_surnames: frozenset[str],
    pending: list[Pending] | None = None,
) -> list[Hit]:
    """The names of people in one normalised text, by the four rules.

    In: the text, the rules, the surnames known in the corpus (a lone one before a speech verb
    is a name). Out: :class:`Hit` spans in characters, in the order found. ``pending`` receives
    the hits a lone surname would give, for :func:`with_known`.
    """
    words = text_words(text)
    hits: list[Hit] = []
    cues = rules.cues
    honorifics, role_index, verb_index = cues.honorifics, cues.role_index, cues.verb_index
    for i, word in enumerate(words):
        # Most words start no cue: only an honorific, a role or a speech verb does.
        if (
            word.text not in honorifics
            and word.text.lower() not in role_index
            and word.text not in verb_index
        ):
            continue
        # 1. honorific: "Mr Lubbers", "Ms. Smith"
        if rules.is_honorific(word) and i + 1 < len(words):
            nxt = words[i + 1]
            if not nxt.brk or nxt.gap.strip() == ".":
                k = i + 1
                while k < len(words) and (k == i + 1 or not words[k].brk):
                    if not rules.is_namey(words[k]):
                        break
                    k += 1
                if 1 <= k - (i + 1) <= _MAX_NAME_WORDS:
                    hits.append(Hit(i + 1, k, f"honorific '{word.text}'"))
        # 2. role cue: "Ambassador Istvan Venczel", "President of Ukraine Viktor Yanukovych"
        for role in cues.role_index.get(word.text.lower(), ()):
            if _match(words, i, role, lower=False):
                found = _after_role(words, i + len(role), rules)
                if found:
                    hits.append(Hit(*found, f"role '{' '.join(role)}'"))
                break
        # 3. speech verb, the name before or after it
        for verb in cues.verb_index.get(word.text, ()):
            if not _match(words, i, verb, lower=True):
                continue
            label = " ".join(verb)
            if i > 0 and not word.brk and rules.is_cap(words[i - 1]):
                a = _run_start(words, i - 1, rules)
                found = _name_in_run(words, a, i, rules)
                if found is None and pending is not None:
                    alone = _name_in_run(words, a, i, rules, min_words=1)
                    if alone:
                        hit = Hit(*alone, f"before '{label}'")
                        pending.append(Pending(len(hits), words[i - 1].text, hit))
                if found is None and words[i - 1].text in known_surnames:
                    found = _name_in_run(words, a, i, rules, min_words=1)
                if found:
                    hits.append(Hit(*found, f"before '{label}'"))
            j = i + len(verb)
            if j < len(words) and not words[j].brk and rules.is_cap(words[j]):
                found = _name_in_run(words, j, _run_end(words, j, rules), rules)
                if found:
                    hits.append(Hit(*found, f"after '{label}'"))
            break
    # 4. apposition: "Joy Smith, Member of Parliament", "Ruth Pojman, Deputy Co-ordinator"
    i = 0
    n_words = len(words)
    while i < n_words:
        if not words[i].text[:1].isupper():  # rules.is_cap
            i += 1
            continue
        k = _run_end(words, i, rules)
        if k < len(words) and words[k].gap.strip() == ",":
            j = k + 1 if words[k].text.lower() in _ARTICLES else k
            starting = cues.role_index.get(words[j].text.lower(), ()) if j < len(words) else ()
            role = next((r for r in starting if _match(words, j, r, lower=False)), None)
            if role is not None and (j == k or not words[j].brk):
                found = _name_in_run(words, i, k, rules)
                if found:
                    hits.append(Hit(*found, f"apposition ', {' '.join(role)}'"))
        i = k
    if pending:  # their hits in characters too
        pending[:] = [
            Pending(at, word, Hit(words[hit.start].start, words[hit.end - 1].end, hit.rule))
            for at, word, hit in pending
        ]
    return [Hit(words[s].start, words[e - 1].end, rule) for s, e, rule in hits]


def closing_name(text: str, rules: NameRules) -> tuple[int, int] | None:
    """The person's name closing the last capitalised run of ``text``, read as a speech verb's
    subject; (start, end) in characters, or None.
    """
    words = text_words(text)
    if not words or not rules.is_cap(words[-1]):
        return None
    a = _run_start(words, len(words) - 1, rules)
    found = _name_in_run(words, a, len(words), rules)
    if found is None:
        return None
    return words[found[0]].start, words[found[1] - 1].end


def with_known(hits: list[Hit], pending: list[Pending], known: frozenset[str]) -> list[Hit]:
    """The hits ``detect`` gives with ``known`` surnames, from its hits and pending hits with
    none."""
    out: list[Hit] = []
    done = 0
    for at, word, hit in pending:
        if word in known:
            out += hits[done:at]
            out.append(hit)
            done = at
    return out + hits[done:] if out else hits


def surname_of(name: str) -> str:
    """In: a name as found ("Mr Ruud Lubbers's"). Out: its last word, without a possessive."""
    return POSSESSIVE.sub("", name.split()[-1])


def name_spans(text: str, surnames: Iterable[str], rules: NameRules) -> list[tuple[int, int]]:
    """Every mention of ``surnames`` in normalised ``text``, with the first names (up to three namey
    words, not past a complement) and an honorific before them: ``(start, end)``, in order.
    """
    surnames = set(surnames)  # looked up below: any iterable, read once
    places = sorted({at for surname in surnames if surname for at in _occurrences(text, surname)})
    spans = []
    for at in places:
        offset, words = _words_before(text, at)
        i = next((k for k, word in enumerate(words) if word.start == at - offset), None)
        if i is None or words[i].text not in surnames:  # inside a longer word
            continue
        s = i
        while (
            s > 0
            and i - s < 3
            and not words[s].brk
            and rules.is_namey(words[s - 1])
            and not rules.after_connector(words, s - 1)
        ):
            s -= 1
        if s > 0 and rules.is_honorific(words[s - 1]):
            if not words[s].brk or words[s].gap.strip() == ".":
                s -= 1
        spans.append((offset + words[s].start, offset + words[i].end))
    return spans


def _occurrences(text: str, part: str) -> Iterator[int]:
    """Every position where ``part`` (not empty) occurs in ``text``, overlaps included."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


# A letter or digit after white space starts a word of ``text_words`` (a word holds
# no white space, and one starting earlier would hold it): reading the text
# from there gives the same words, with the same gaps but for the first.
_WORD_START_FINDITER = re.compile(r"(?<=\s)[^\W_]").finditer
_WHITE_SEARCH = re.compile(r"\s").search
_CONTEXT_WORDS = 6  # the rules of a mention look at most four words back (``name_spans``)


def _words_before(text: str, at: int) -> tuple[int, list[Word]]:
    """The words of ``text`` from a few word starts before ``at`` to the word at ``at``, as
    ``text_words`` finds them (positions relative to the returned offset).
    """
    start, back = 0, at
    while back > 0:
        back = max(0, back - 80 * _CONTEXT_WORDS)
        starts = [m.start() for m in _WORD_START_FINDITER(text, back, at)]
        if len(starts) >= _CONTEXT_WORDS:
            start = starts[-_CONTEXT_WORDS]
            break
    white = _WHITE_SEARCH(text, at)
    return start, text_words(text[start : white.start() if white else len(text)])


# --------------------------------------------------------------------------- speakers and corpora

# Lower-case words that may stand inside a speaker's description ("Minister of Social
# Policy of Ukraine", "Ruud van der Berg").
DESCRIPTION_LINKS = frozenset(
    {"of", "for", "the", "and", "in", "on", "de", "van", "von", "der", "du", "al"}
)
# A word of a description: a letter, then letters, digits, apostrophes or hyphens.
DESCRIPTION_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_DESCRIPTION_TOKEN = re.compile(rf"{DESCRIPTION_WORD.pattern}|\d[\w\-]*|\S")


def word_tokens(text: str) -> list[re.Match[str]]:
    """The tokens a description is read in: words, numbers and each other character."""
    return list(_DESCRIPTION_TOKEN.finditer(text))


def capitalised_words(description: str) -> set[str]:
    """The Title-Cased words of a description, honorifics and "The" aside: what two
    descriptions of one person share."""
    return {
        w
        for w in DESCRIPTION_WORD.findall(description)
        if w[:1].isupper() and w not in {"The", "Mr", "Ms", "Mrs", "Dr"}
    }


def _fits(token: str, roles: frozenset[str]) -> bool:
    """Whether a token may be part of a speaker's description."""
    return token[:1].isupper() or token in roles or token in "()"


def _abbreviation(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether the full stop at token ``i`` ends a title or an initial ("Mr.", "J."): after a short
    capitalised word with no space, before a capitalised word.
    """
    if not (0 < i < len(tokens) - 1):
        return False
    before, after = tokens[i - 1], tokens[i + 1]
    word = before.group()
    return (
        before.end() == tokens[i].start()
        and word[:1].isupper()
        and word.isalpha()
        and len(word) <= 3
        and after.group()[:1].isupper()
    )


def description_run(
    text: str, tokens: list[re.Match[str]], start: int, step: int, roles: frozenset[str]
) -> str:
    """The description of a person or body from token ``start``, walking by ``step`` (-1 left).

    In: the text, its :func:`word_tokens`, ``start``, ``step``, the role words that may stand
    in lower case. Out: the run as written ("Ruth Pojman, Deputy Co-ordinator"), or '' without a
    capitalised word; a comma only between two parts.
    """
    kept: list[int] = []
    i = start
    while 0 <= i < len(tokens):
        word = tokens[i].group()
        if _fits(word, roles) or word.casefold() in DESCRIPTION_LINKS and word.islower():
            kept.append(i)
        elif word == "." and _abbreviation(tokens, i):
            kept.append(i)  # "Mr. J. Smith": the full stop of a title or an initial
        elif word == ",":
            # A comma joins two parts of a description ("Ruth Pojman, Deputy
            # Co-ordinator"), or ends it right before the verb ("X, described").
            neighbour, previous = i + step, i - step

            def fits(j: int) -> bool:
                word = tokens[j].group()
                return _fits(word, roles) or word == "the"

            if not (0 <= neighbour < len(tokens) and fits(neighbour)):
                break
            if not (i == start or fits(previous)):
                break
            kept.append(i)
        else:
            break
        i += step
    kept.sort()
    while kept and (
        tokens[kept[0]].group() in DESCRIPTION_LINKS | {",", "The"}
        or tokens[kept[0]].group() == ")"
    ):
        kept.pop(0)
    while kept and tokens[kept[-1]].group() in DESCRIPTION_LINKS | {",", "("}:
        kept.pop()
    if not kept or not any(tokens[k].group()[:1].isupper() for k in kept):
        return ""
    return text[tokens[kept[0]].start() : tokens[kept[-1]].end()]


def name_rules(texts: Sequence[str], cues: NameCues | None = None, workers: int | None = None):
    """In: the corpus's texts (their lower-case words are common words); the cues (default: the
    file). Out: :class:`NameRules`.
    """
    return NameRules(
        cues if cues is not None else read_name_cues(), lowercase_words(texts, workers)
    )


def person_of(description: str, rules: NameRules) -> str:
    """The person's name in a speaker's description ("Ruud Lubbers"), or '' for nobody ("UNHCR").

    The first name :func:`detect` finds, else the name closing its last capitalised run; in
    normalised form.
    """
    text = normalise_text(as_text(description))
    hits = detect(text, rules, frozenset())
    if hits:
        first = min(hits, key=lambda hit: hit.start)
        return text[first.start : first.end]
    found = closing_name(text, rules)
    return text[found[0] : found[1]] if found else ""


def _may_name(text: str, cues: NameCues) -> bool:
    """Whether a word of ``text`` may start a cue (an honorific, a role, a speech verb):
    every rule of ``detect`` starts at one, so a text without any names nobody."""
    honorifics, roles, verbs = cues.honorifics, cues.role_index, cues.verb_index
    for form in WORD.findall(text):
        if form[-2:] == "'s":
            form = form[:-2]
        if form in honorifics or form in verbs or form.lower() in roles:
            return True
    return False


def _first_pass(rules: NameRules, text: str) -> tuple[list[Hit], list[Pending]]:
    """``detect`` with no known surname, and the hits that wait on one (``Pending``)."""
    text = normalise_text(text)
    if not _may_name(text, rules.cues):
        return [], []
    pending: list[Pending] = []
    return detect(text, rules, frozenset(), pending), pending


def find_people(
    sentences: pd.DataFrame,
    speakers: Sequence[str] | None = None,
    cues: NameCues | None = None,
    *,
    workers: int | None = None,
    progress: bool | None = None,
) -> list[list[tuple[int, int]]]:
    """The people's names in every sentence of a corpus.

    In: sentences (``doc_id, text``, a document's together); each sentence's speaker (from
    ``helpers.reading.voice``); the name cues. Out: per sentence, merged (start, end) spans: the
    names :func:`detect` finds, and every mention in the same document of the surname of a
    person found there or of a speaker ("Mr Lubbers").
    """
    texts = [as_text(text) for text in sentences["text"]]
    speakers = list(speakers) if speakers is not None else [""] * len(texts)
    if len(speakers) != len(texts):
        raise ValueError(f"find_people: {len(speakers)} speakers for {len(texts)} sentences")
    rules = name_rules(texts, cues, workers)
    norms = [normalise_text(text) for text in texts]
    passes = map_distinct(_first_pass, rules, texts, workers, "Finding names", progress)
    persons = {speaker: person_of(speaker, rules) for speaker in set(speakers) if speaker}
    known = {surname_of(p) for p in persons.values() if p}
    for norm, (hits, _) in zip(norms, passes, strict=True):
        known.update(surname_of(norm[h.start : h.end]) for h in hits)
    frozen = frozenset(known)
    doc_ids = sentences["doc_id"].tolist()
    found = [with_known(hits, pending, frozen) for hits, pending in passes]
    surnames: dict[object, set[str]] = {}
    for doc_id, norm, hits, speaker in zip(doc_ids, norms, found, speakers, strict=True):
        mine = surnames.setdefault(doc_id, set())
        mine.update(surname_of(norm[h.start : h.end]) for h in hits)
        if persons.get(speaker):
            mine.add(surname_of(persons[speaker]))
    out = []
    for doc_id, text, norm, hits in zip(doc_ids, texts, norms, found, strict=True):
        spans = [(h.start, h.end) for h in hits] + name_spans(norm, surnames[doc_id], rules)
        if len(norm) != len(text):  # a soft hyphen or zero-width character was dropped
            spans = _in_original(text, norm, spans)
        out.append(_merge(spans, touching=False))
    return out


def _in_original(text: str, norm: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the normalised text, found again in the text as written (by their words)."""
    out = []
    for start, end in spans:
        pattern = r"\W{0,3}".join(re.escape(word) for word in norm[start:end].split())
        found = re.search(pattern, text) if pattern else None
        if found:
            out.append((found.start(), found.end()))
    return out
