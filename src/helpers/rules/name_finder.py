"""The one finder of people's names in a text: a run of capitalised words next to a cue.

:func:`detect` reads four rules (after an honorific, closing a role's title, next to a speech
verb, before a comma and a role; ``data/name_cues.csv``); :func:`person_of` is the person in a
speaker's description. ``helpers.rules.people`` applies them to a corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from helpers.base.text import as_text
from helpers.rules.name_cues import NameCues, read_name_cues
from helpers.rules.words import Word, has_digit, lowercase_words, normalise_text, text_words

__all__ = [
    "CONNECTORS", "Hit", "NAME_MARK", "NameRules", "Pending", "closing_name", "detect",
    "name_rules", "person_of",
]  # fmt: skip


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


def _run_edge(words: list[Word], i: int, rules: NameRules, step: int = 1) -> int:
    """The run of capitalised words from word ``i``, walking by ``step``: its end (exclusive) to
    the right, its start to the left; a run does not cross punctuation."""
    j = i
    while 0 <= j + step < len(words) and not words[max(j, j + step)].brk:
        if not rules.is_cap(words[j + step]):
            break
        j += step
    return j + 1 if step > 0 else j


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
                return _name_in_run(words, i, _run_edge(words, i, rules), rules)
            return None
        if word.text.lower() in CONNECTORS:
            i += 1
            continue
        if not rules.is_cap(word):
            return None
        k = _run_edge(words, i, rules)
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
                a = _run_edge(words, i - 1, rules, -1)
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
                found = _name_in_run(words, j, _run_edge(words, j, rules), rules)
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
        k = _run_edge(words, i, rules)
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
    a = _run_edge(words, len(words) - 1, rules, -1)
    found = _name_in_run(words, a, len(words), rules)
    if found is None:
        return None
    return words[found[0]].start, words[found[1] - 1].end


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
