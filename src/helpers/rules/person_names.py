"""The word-level rules that find a person's name in one text, and the spans they remove.

What ``helpers.rules.name_finder`` applies to every sentence of a corpus, here
for one normalised text (``terms.normalise_text``) read as words
(``terms.text_words``):

- :class:`NameRules`: the cues (``terms.NameCues``, read by ``terms.read_name_cues``)
  and the corpus's lower-case words, with the tests a word must pass to be
  part of a name;
- :func:`detect`: the names the four rules find (after an honorific, closing
  a title begun by a role, next to a speech verb, before a comma and a role),
  as :class:`Hit` spans; :func:`with_known` adds the lone surnames before a
  speech verb that another document names in full (:class:`Pending`);
- :func:`surname_of`, :func:`name_spans` (every mention of some surnames in a
  text) and :func:`redact` (each span replaced by :data:`NAME_MARK`).

Pure functions; importing changes no setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
)

from helpers.rules.words import (
    POSSESSIVE,
    NameCues,
    Word,
    has_digit,
    text_words,
)

__all__ = [
    "CONNECTORS",
    "NAME_MARK",
    "Hit",
    "NameRules",
    "Pending",
    "closing_name",
    "detect",
    "name_spans",
    "redact",
    "surname_of",
    "with_known",
]

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
    """What the name rules need: the cues and the corpus's lower-case words.

    In: ``cues`` (``terms.read_name_cues``) and ``common``, the words the
    corpus writes in lower case (``terms.lowercase_words``). Its methods test
    one word (a ``terms.Word``) as the rules read it.
    """

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
    """Does the cue start at word ``i``, with no punctuation inside it?

    Speech verbs (``lower``) match exactly; a role matches whatever its case,
    except that a word capitalised in the cue must be capitalised in the text.
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
    """The person's name closing the capitalised run ``words[a:k]``, or None.

    The name is the run's last namey words (2 to 4 of them); the first word
    after a connector is a complement ("of Ukraine"), never a first name; a run
    holding an organisation word is an organisation.
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
    """The name that closes the title begun by a role cue ending before word ``j``.

    Walks over the title ("Minister of Social Policy of Ukraine"): connectors
    and capitalised words, and at most one comma, which must be followed by the
    name ("Secretary General, Lamberto Zannier").
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
    """Find names in one normalised text by the four rules.

    In: the text, the rules, the surnames known from the corpus (a lone one
    before a speech verb is a name). Out: one :class:`Hit` per name found,
    its span in characters of ``text`` and its rule, in the order found.

    ``pending``, when given, receives each hit that a lone surname before a
    speech verb would give if it were known, whether or not it is in
    ``known_surnames``: ``with_known`` then gives the result for any other
    known surnames without reading the text again.
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
    """The person's name that closes the last run of capitalised words of ``text``.

    The speech-verb rule of :func:`detect` without the verb: ``text`` is read
    as the subject of a speech verb that follows it ("United Nations High
    Commissioner for Refugees (UNHCR) Ruud Lubbers"). In: a normalised text and
    the rules. Out: the name's (start, end) in characters, or None (two to four
    namey words are needed; a run holding an organisation word names none).
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
    """The hits ``detect`` gives with ``known`` surnames, from its hits with none.

    In: the hits and pending hits of ``detect(text, rules, frozenset(), pending)``.
    Out: the hits, with each pending hit whose word is in ``known`` put in
    where ``detect(text, rules, known)`` finds it (the same list, in order).
    """
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
    """Character spans of every mention of ``surnames`` in normalised ``text``.

    A mention is the surname with the first names just before it (up to three
    namey words, stopping at a complement such as "of Ukraine") and an
    honorific before those ("Mr Lubbers", "Ruud Lubbers", "Viktor Yanukovych").
    Only the words around each place where a surname occurs are read (see
    ``_words_before``), not the whole text.

    In: the text, the surnames (any iterable; an empty one is ignored), the
    rules. Out: ``(start, end)`` of each mention, in order of the surname's place.
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
    """The words of ``text`` from ``_CONTEXT_WORDS`` word starts before ``at`` to the
    word at ``at``, as ``text_words`` finds them in the whole text (positions relative
    to the returned offset; the first word's gap and break aside)."""
    start, back = 0, at
    while back > 0:
        back = max(0, back - 80 * _CONTEXT_WORDS)
        starts = [m.start() for m in _WORD_START_FINDITER(text, back, at)]
        if len(starts) >= _CONTEXT_WORDS:
            start = starts[-_CONTEXT_WORDS]
            break
    white = _WHITE_SEARCH(text, at)
    return start, text_words(text[start : white.start() if white else len(text)])


def redact(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span of ``text`` by :data:`NAME_MARK`.

    In: a text and character spans (in any order; a span that overlaps an
    earlier one is skipped). Out: the text with each span replaced.
    """
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(NAME_MARK)
        last = end
    out.append(text[last:])
    return "".join(out)
