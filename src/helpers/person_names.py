"""The names of people: found by their context, and removed from the texts that are counted.

:func:`find_person_names` finds speakers' names by their context (a title such
as "Ambassador", a speech verb such as "said"; the cues are
``data/terms_name_cues.txt``, read by ``terms.read_name_cues``), to audit what
the name switch removes; :func:`analysis_texts` and :func:`analysis_sentences`
return the texts as notebook 03 counts them, with those names removed when
``remove_names=True``. Pure functions; importing changes no setting.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
)

from .checks import require_columns
from .pages import DATELINE
from .parallel import (
    DOCUMENTS_FROM,
    map_items,
    worker_count,
)
from .progress import show_progress
from .terms import (
    POSSESSIVE,
    NameCues,
    Word,
    has_digit,
    lowercase_words,
    normalise_text,
    read_name_cues,
    text_words,
)

__all__ = [
    "CONNECTORS",
    "NAME_COLUMNS",
    "NAME_MARK",
    "PROGRESS_FROM",
    "SENTENCE_COLUMNS",
    "TEXT_COLUMNS",
    "analysis_sentences",
    "analysis_texts",
    "find_person_names",
]

TEXT_COLUMNS = ["doc_id", "year", "text", "names_removed"]
SENTENCE_COLUMNS = ["doc_id", "year", "sent_id", "text"]
NAME_COLUMNS = ["doc_id", "year", "person", "surname", "found_by", "mentions_removed", "removed"]

# Marks the place of a removed name: it is punctuation, so no bigram jumps over it.
# ASCII on purpose: one character above U+00FF (such as "…") makes Python store
# the whole text at two bytes a character, and nearly every text has a name.
NAME_MARK = "[...]"
PROGRESS_FROM = 500  # documents: below this, no progress bar (see helpers.progress)

# Words that join a title to its complement: "President of Ukraine", "Co-ordinator
# for Combating Trafficking". The capitalised word right after one of them is read
# as part of the title (a country, an office), not as a first name.
CONNECTORS = frozenset({"of", "for", "in", "on", "at", "to", "from", "against", "with",
                        "the", "and", "&"})  # fmt: skip
_ARTICLES = frozenset({"the", "a", "an"})
_MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class _NameRules:
    """What the name rules need: the cues and the corpus's lower-case words."""

    cues: NameCues
    common: frozenset[str]

    def is_cap(self, word: Word) -> bool:
        return word.text[:1].isupper()

    def is_acronym(self, word: Word) -> bool:
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


def _run_end(words: list[Word], i: int, rules: _NameRules) -> int:
    """End (exclusive) of the run of capitalised words starting at ``i``."""
    k = i + 1
    while k < len(words) and not words[k].brk and rules.is_cap(words[k]):
        k += 1
    return k


def _run_start(words: list[Word], k: int, rules: _NameRules) -> int:
    """Start of the run of capitalised words ending (inclusive) at ``k``."""
    a = k
    while a > 0 and not words[a].brk and rules.is_cap(words[a - 1]):
        a -= 1
    return a


def _name_in_run(
    words: list[Word], a: int, k: int, rules: _NameRules, min_words: int = 2
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
    words: list[Word], j: int, rules: _NameRules, max_steps: int = 20
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


class _Hit(NamedTuple):
    start: int
    end: int
    rule: str


class _Pending(NamedTuple):
    """A hit that counts only when ``word`` is a known surname (see ``_with_known``)."""

    at: int  # the number of hits found before it
    word: str
    hit: _Hit


def _detect(
    text: str,
    rules: _NameRules,
    known_surnames: frozenset[str],
    pending: list[_Pending] | None = None,
) -> list[_Hit]:
    """Find names in one normalised text by the four rules. Out: word spans and rules.

    ``pending``, when given, receives each hit that a lone surname before a
    speech verb would give if it were known, whether or not it is in
    ``known_surnames``: ``_with_known`` then gives the result for any other
    known surnames without reading the text again.
    """
    words = text_words(text)
    hits: list[_Hit] = []
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
                    hits.append(_Hit(i + 1, k, f"honorific '{word.text}'"))
        # 2. role cue: "Ambassador Istvan Venczel", "President of Ukraine Viktor Yanukovych"
        for role in cues.role_index.get(word.text.lower(), ()):
            if _match(words, i, role, lower=False):
                found = _after_role(words, i + len(role), rules)
                if found:
                    hits.append(_Hit(*found, f"role '{' '.join(role)}'"))
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
                        hit = _Hit(*alone, f"before '{label}'")
                        pending.append(_Pending(len(hits), words[i - 1].text, hit))
                if found is None and words[i - 1].text in known_surnames:
                    found = _name_in_run(words, a, i, rules, min_words=1)
                if found:
                    hits.append(_Hit(*found, f"before '{label}'"))
            j = i + len(verb)
            if j < len(words) and not words[j].brk and rules.is_cap(words[j]):
                found = _name_in_run(words, j, _run_end(words, j, rules), rules)
                if found:
                    hits.append(_Hit(*found, f"after '{label}'"))
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
                    hits.append(_Hit(*found, f"apposition ', {' '.join(role)}'"))
        i = k
    if pending:  # their hits in characters too
        pending[:] = [
            _Pending(at, word, _Hit(words[hit.start].start, words[hit.end - 1].end, hit.rule))
            for at, word, hit in pending
        ]
    return [_Hit(words[s].start, words[e - 1].end, rule) for s, e, rule in hits]


def _with_known(hits: list[_Hit], pending: list[_Pending], known: frozenset[str]) -> list[_Hit]:
    """The hits ``_detect`` gives with ``known`` surnames, from its hits with none.

    In: the hits and pending hits of ``_detect(text, rules, frozenset(), pending)``.
    Out: the hits, with each pending hit whose word is in ``known`` put in
    where ``_detect(text, rules, known)`` finds it (the same list, in order).
    """
    out: list[_Hit] = []
    done = 0
    for at, word, hit in pending:
        if word in known:
            out += hits[done:at]
            out.append(hit)
            done = at
    return out + hits[done:] if out else hits


def _surname(name: str) -> str:
    return POSSESSIVE.sub("", name.split()[-1])


def _name_spans(text: str, surnames: Iterable[str], rules: _NameRules) -> list[tuple[int, int]]:
    """Character spans of every mention of ``surnames`` in normalised ``text``.

    A mention is the surname with the first names just before it (up to three
    namey words, stopping at a complement such as "of Ukraine") and an
    honorific before those ("Mr Lubbers", "Ruud Lubbers", "Viktor Yanukovych").
    Only the words around each place where a surname occurs are read (see
    ``_words_before``), not the whole text.
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
_CONTEXT_WORDS = 6  # the rules of a mention look at most four words back (``_name_spans``)


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


def _redact(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span of ``text`` by :data:`NAME_MARK`."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(NAME_MARK)
        last = end
    out.append(text[last:])
    return "".join(out)


def _document_texts(documents: pd.DataFrame, include_titles: bool, strip_datelines: bool):
    """Yield ``(doc_id, year, normalised text)`` of each document."""
    for row in documents.itertuples(index=False):
        body = str(row.text)
        if strip_datelines:
            body = DATELINE.sub("", body, count=1)
        if include_titles and isinstance(row.title, str) and row.title.strip():
            body = f"{row.title}\n\n{body}"
        yield row.doc_id, int(row.year), normalise_text(body)


def _name_rules(
    documents: pd.DataFrame, cues: NameCues | None, workers: int | None = None
) -> _NameRules:
    texts = list(documents["text"].astype(str)) + list(documents["title"].fillna("").astype(str))
    common = lowercase_words(texts, workers)
    return _NameRules(cues if cues is not None else read_name_cues(), common)


def _surnames_by_document(
    documents: pd.DataFrame,
    rules: _NameRules,
    include_titles: bool,
    workers: int | None = None,
    progress: bool | None = None,
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """Detect names in every document. A lone surname next to a speech verb
    counts when it was found as a full name anywhere in the corpus
    ("Jarbussynova said"): each document is read once, keeping such candidates
    aside (``_Pending``) until the corpus's surnames are known. Out: names per
    doc_id ``(name, rule)`` and texts."""
    texts = {doc: text for doc, _, text in _document_texts(documents, include_titles, True)}
    docs = list(texts)
    n_workers = worker_count(len(docs), workers, DOCUMENTS_FROM)
    show = show_progress(len(docs), PROGRESS_FROM, progress)
    passes = map_items(
        _first_pass, rules, [texts[d] for d in docs], n_workers, "Finding names", show
    )
    known = frozenset(
        _surname(texts[doc][h.start : h.end])
        for doc, (hits, _) in zip(docs, passes, strict=True)
        for h in hits
    )
    found = {
        doc: [(texts[doc][h.start : h.end], h.rule) for h in _with_known(hits, pending, known)]
        for doc, (hits, pending) in zip(docs, passes, strict=True)
    }
    return found, texts


def _first_pass(rules: _NameRules, text: str) -> tuple[list[_Hit], list[_Pending]]:
    """``_detect`` with no known surname, and the hits that wait on one (``_Pending``)."""
    pending: list[_Pending] = []
    return _detect(text, rules, frozenset(), pending), pending


def find_person_names(
    documents: pd.DataFrame,
    cues: NameCues | None = None,
    include_titles: bool = False,
) -> pd.DataFrame:
    """Find the names of people in each document, to audit what the name switch removes.

    In: the documents table (``doc_id``, ``year``, ``title``, ``text``); the cues
    (default ``terms.read_name_cues``); whether titles are searched too.

    Rules (context, never a list of names): capitalised words that are not
    common words (their lower-case form never occurs in the corpus), not
    acronyms and not cue words, found (1) right after an honorific, one or
    more of them ("Mr Lubbers"), or, two to four of them, (2) closing a title
    begun by a role ("Foreign Minister Leonid Kozhara", "President of Ukraine
    Viktor Yanukovych"), (3) right before or after a speech verb ("said Ruth
    Pojman", "Ruud Lubbers urged"; a lone surname too when another document
    names the person in full), or (4) before a comma and a role ("Joy Smith,
    Member of Parliament"). Every other mention of the same surname in the
    document is removed too.

    Out: one row per person and document (``NAME_COLUMNS``): the longest form
    found, the surname, the rules that found it, the number of mentions removed
    and the forms removed ("Mr Lubbers ×2; Ruud Lubbers").
    """
    require_columns(documents, ["doc_id", "year", "title", "text"], "find_person_names")
    rules = _name_rules(documents, cues)
    found, texts = _surnames_by_document(documents, rules, include_titles)
    years = dict(zip(documents["doc_id"], documents["year"].astype(int), strict=True))
    rows = []
    for doc, hits in found.items():
        people: dict[str, dict] = {}
        for name, rule in hits:
            person = people.setdefault(_surname(name), {"forms": set(), "rules": []})
            person["forms"].add(name)
            if rule not in person["rules"]:
                person["rules"].append(rule)
        text = texts[doc]
        for surname, person in people.items():
            removed = Counter(text[s:e] for s, e in _name_spans(text, [surname], rules))
            longest = max(person["forms"], key=lambda form: (len(form.split()), form))
            rows.append(
                {
                    "doc_id": doc,
                    "year": years[doc],
                    "person": longest,
                    "surname": surname,
                    "found_by": "; ".join(sorted(person["rules"])),
                    "mentions_removed": sum(removed.values()),
                    "removed": "; ".join(
                        form if n == 1 else f"{form} ×{n}" for form, n in sorted(removed.items())
                    ),
                }
            )
    table = pd.DataFrame(rows, columns=NAME_COLUMNS)
    return table.sort_values(["year", "doc_id", "surname"], kind="stable").reset_index(drop=True)


def analysis_texts(
    documents: pd.DataFrame,
    *,
    remove_names: bool = True,
    include_titles: bool = False,
    strip_datelines: bool = True,
    cues: NameCues | None = None,
    workers: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Return the text of each document as it is counted.

    In: the documents table; ``remove_names``, the person-name switch (see
    :func:`find_person_names`; each mention becomes ``[...]``, a break that no
    bigram jumps over); ``include_titles``: put the title before the body
    (default False: the body only); ``strip_datelines``: drop the opening
    dateline ("VIENNA, 8 April 2003 -"), which repeats the place and date columns.

    For large corpora: ``workers``, processes that find and remove the names
    (default: every core from ``DOCUMENTS_FROM`` documents, else one; the
    result is the same); ``progress``, progress bars (default: shown from
    ``PROGRESS_FROM`` documents when stderr is a terminal, see
    ``helpers.progress``).

    Out: ``doc_id, year, text, names_removed`` (mentions replaced), one row per
    document, in the order of ``documents``; the text is normalised (straight
    apostrophes and quotes).
    """
    require_columns(documents, ["doc_id", "year", "title", "text"], "analysis_texts")
    rules = _name_rules(documents, cues, workers) if remove_names else None
    found: dict[str, list[tuple[str, str]]] = {}
    texts: dict[str, str] = {}
    if rules is not None:
        found, texts = _surnames_by_document(documents, rules, include_titles, workers, progress)
    if rules is not None and strip_datelines and documents["doc_id"].is_unique:
        # the texts the names were found in are these (same switches): not made again
        keys = [
            (doc, int(year))
            for doc, year in zip(documents["doc_id"], documents["year"], strict=True)
        ]
        bodies = [texts.pop(doc) for doc, _ in keys]
    else:
        made = _document_texts(documents, include_titles, strip_datelines)
        keys, bodies = [], []
        for doc, year, text in made:
            keys.append((doc, year))
            bodies.append(text)
    del texts
    if rules is None:
        redacted = [(text, 0) for text in bodies]
    else:
        # the items hold the only reference to each text: map_items lets go of
        # them as the name-free texts come back (one copy of the corpus at a time)
        items = [
            (text, {_surname(name) for name, _ in found[doc]})
            for (doc, _), text in zip(keys, bodies, strict=True)
        ]
        del bodies
        redacted = map_items(
            _redacted,
            rules,
            items,
            worker_count(len(items), workers, DOCUMENTS_FROM),
            "Removing names",
            show_progress(len(items), PROGRESS_FROM, progress),
            release=True,
        )
    columns = {
        "doc_id": [doc for doc, _ in keys],
        "year": np.array([year for _, year in keys], dtype=np.int64),
        "text": [text for text, _ in redacted],
        "names_removed": np.array([n for _, n in redacted], dtype=np.int64),
    }
    return pd.DataFrame(columns, columns=TEXT_COLUMNS)


def _redacted(rules: _NameRules, item: tuple[str, set[str]]) -> tuple[str, int]:
    """A document's text with its people's names replaced, and the number replaced."""
    text, surnames = item
    spans = _name_spans(text, surnames, rules)
    return _redact(text, spans), len(spans)


def analysis_sentences(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    remove_names: bool = True,
    include_titles: bool = False,
    strip_datelines: bool = True,
    cues: NameCues | None = None,
) -> pd.DataFrame:
    """Return the sentences as they are counted (for the bootstrap).

    In: the sentences table (``doc_id, sent_id, part, text``), the documents
    table, and the same switches as :func:`analysis_texts` (names are found in
    the whole document, then removed from its sentences; the dateline is
    removed from the first body sentence). Out: ``doc_id, year, sent_id,
    text``; title sentences only when ``include_titles``. Pooled, they give the
    same counts as :func:`analysis_texts`.
    """
    require_columns(documents, ["doc_id", "year", "title", "text"], "analysis_sentences")
    require_columns(sentences, ["doc_id", "sent_id", "part", "text"], "analysis_sentences")
    keep = sentences if include_titles else sentences[sentences["part"] == "body"]
    years = dict(zip(documents["doc_id"], documents["year"].astype(int), strict=True))
    keep = keep[keep["doc_id"].isin(years)]
    body = sentences[sentences["part"] == "body"]
    first_body = set(body.groupby("doc_id")["sent_id"].min().items()) if strip_datelines else set()
    surnames: dict[str, set[str]] = {}
    rules = None
    if remove_names:
        rules = _name_rules(documents, cues)
        found = _surnames_by_document(documents, rules, include_titles)[0]
        surnames = {doc: {_surname(name) for name, _ in hits} for doc, hits in found.items()}
    rows = []
    for row in keep.itertuples(index=False):
        text = str(row.text)
        if (row.doc_id, row.sent_id) in first_body:
            text = DATELINE.sub("", text, count=1)
        text = normalise_text(text)
        if rules is not None:
            text = _redact(text, _name_spans(text, surnames.get(row.doc_id, set()), rules))
        rows.append(
            {"doc_id": row.doc_id, "year": years[row.doc_id], "sent_id": row.sent_id, "text": text}
        )
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
