"""The one finder of names of people, shared by the speaker finder and the annotation table.

A run of capitalised words is read here, once, for every use the project has
for it, so that the speaker of a sentence and the names masked in the words
that are counted never disagree about who a person is:

- :func:`description_run`: the run of Title-Cased words (with link words,
  role words, parentheses and a comma between two parts) that describes a
  speaker as the page gives them, with the role ("United Nations High
  Commissioner for Refugees (UNHCR) Ruud Lubbers"); ``helpers.reading.voice`` reads
  it next to a speech verb, after "on behalf of", and at a sentence's opening;
- :func:`person_of`: the person's name inside such a description ("Ruud
  Lubbers"), or '' for an organisation, a report or an unnamed official; the
  word rules of ``helpers.rules.person_names`` decide (``data/name_cues.csv``,
  with the speech verbs of ``data/speech_verbs.csv``);
- :func:`find_people`: the people's names in every sentence of a corpus: those
  the person rules find (after an honorific, closing a role's title, next to a
  speech verb, before a comma and a role), the person of every speaker the
  voice rules give the document, and every other mention of their surnames
  in the same document ("Jarbussynova said").

The names of institutions (offices, plans, units, events, treaties, titles)
are found by ``helpers.rules.names.find_names`` around the heads of
``data/framing_cues.csv``; the annotation table (``helpers.reading.units``) lists both
kinds in its ``names`` column and the people in its ``people`` column, and
every count of words masks them from there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.parallel import map_distinct
from helpers.base.text import as_text
from helpers.rules.person_names import (
    Hit,
    NameRules,
    Pending,
    closing_name,
    detect,
    name_spans,
    surname_of,
    with_known,
)
from helpers.rules.words import WORD, NameCues, lowercase_words, normalise_text, read_name_cues

__all__ = [
    "DESCRIPTION_LINKS",
    "description_run",
    "find_people",
    "name_rules",
    "person_of",
    "word_tokens",
]

# Lower-case words that may stand inside a speaker's description ("Minister of Social
# Policy of Ukraine", "Ruud van der Berg").
DESCRIPTION_LINKS = frozenset(
    {"of", "for", "the", "and", "in", "on", "de", "van", "von", "der", "du", "al"}
)
_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*|\d[\w\-]*|\S")


def word_tokens(text: str) -> list[re.Match[str]]:
    """The tokens a description is read in: words, numbers and each other character.

    In: a text. Out: the matches, in order.
    """
    return list(_TOKEN.finditer(text))


def _fits(token: str, roles: frozenset[str]) -> bool:
    """Whether a token may be part of a speaker's description."""
    return token[:1].isupper() or token in roles or token in "()"


def _abbreviation(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether the full stop at token ``i`` ends a title or an initial inside a name:
    right after a capitalised word of at most three letters ("Mr", "Dr", "J"), with no
    space before it, and followed by a capitalised word."""
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
    """The description of a person or body from token ``start``, walking by ``step``.

    In: the text, its :func:`word_tokens`, the token to start from, ``step``
    (-1 walks left, towards the start; +1 right) and the role words that may
    stand in lower case ("official"). Out: the run as written ("Ruth Pojman,
    Deputy Co-ordinator"), or '' when it holds no capitalised word. A comma is
    kept only between two parts of the run; link words and a comma never
    open or close it.
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
    """The person rules of a corpus: the name cues and the words it writes in lower case.

    In: the corpus's texts (a capitalised word whose lower-case form occurs in
    them is a common word, not a name); the cues (default
    ``terms.read_name_cues``). Out: ``person_name_rules.NameRules``.
    """
    return NameRules(
        cues if cues is not None else read_name_cues(), lowercase_words(texts, workers)
    )


def person_of(description: str, rules: NameRules) -> str:
    """The person's name in a speaker's description, or ''.

    In: a description as the speaker finder gives it; the rules
    (:func:`name_rules`). Out: the first name the person rules find in it
    (after an honorific, closing a role's title, before a comma and a role),
    else the name closing its last capitalised run, read as the subject of a
    speech verb ("... Christopher Smith"); '' when it names nobody ("OSCE
    official", "UNHCR", "the 2016 report"). The name is in normalised form
    (``terms.normalise_text``: straight quotes and apostrophes).
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


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def find_people(
    sentences: pd.DataFrame,
    speakers: Sequence[str] | None = None,
    cues: NameCues | None = None,
    *,
    workers: int | None = None,
    progress: bool | None = None,
) -> list[list[tuple[int, int]]]:
    """The people's names in every sentence of a corpus, where they stand.

    In: the sentences (``doc_id, text``, a document's sentences together);
    ``speakers``, the speaker of each sentence as ``helpers.reading.voice`` gives it
    (same order; default none); the name cues (default
    ``terms.read_name_cues``). A lone surname before a speech verb counts when
    the corpus names the person in full somewhere ("Jarbussynova said").

    Out: for each sentence, in order, the (start, end) of each person's name
    in its text, merged and sorted: the names the person rules find, and
    every mention, in any sentence of the same document, of the surname of a
    person found there or of a speaker's person (:func:`person_of`), with the
    first names and honorific before it ("Mr Lubbers", "Ruud Lubbers").
    """
    require_columns(sentences, ["doc_id", "text"], "find_people")
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
        out.append(_merge(spans))
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
