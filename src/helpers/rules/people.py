"""Every person of a corpus: the names :func:`detect` finds, and their surnames again.

A surname found once in a document (or a speaker's) marks its later mentions ("Mr Lubbers"), so
the ``people`` column, the speaker and the names masked in the counted words agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

import pandas as pd

from helpers.base.parallel import map_distinct
from helpers.base.text import as_text
from helpers.rules.institutions import merge_spans
from helpers.rules.name_cues import NameCues
from helpers.rules.name_finder import Hit, NameRules, Pending, detect, name_rules, person_of
from helpers.rules.words import POSSESSIVE, WORD, Word, normalise_text, text_words

__all__ = ["find_people", "name_spans", "occurrences", "surname_of", "with_known"]


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
    places = sorted({at for surname in surnames if surname for at in occurrences(text, surname)})
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


def occurrences(text: str, part: str) -> Iterator[int]:
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
        out.append(merge_spans(spans, touching=False))
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
