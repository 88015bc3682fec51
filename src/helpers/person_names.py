"""The names of people: found by their context, and removed from the texts that are counted.

:func:`find_person_names` finds speakers' names by their context (a title such
as "Ambassador", a speech verb such as "said"; the cues are
``data/name_cues.csv``, read by ``terms.read_name_cues``), to audit what
the name switch removes; :func:`analysis_texts` and :func:`analysis_sentences`
return the texts as notebook 03 counts them, with those names removed when
``remove_names=True``. They apply the word-level rules of
``helpers.person_name_rules`` to every document, on several processes for a
large corpus. Pure functions; importing changes no setting.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from .checks import require_columns
from .pages import DATELINE
from .parallel import (
    DOCUMENTS_FROM,
    map_items,
    worker_count,
)
from .person_name_rules import (
    CONNECTORS,
    NAME_MARK,
    Hit,
    NameRules,
    Pending,
    detect,
    name_spans,
    redact,
    surname_of,
    with_known,
)
from .progress import show_progress
from .terms import (
    NameCues,
    lowercase_words,
    normalise_text,
    read_name_cues,
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

PROGRESS_FROM = 500  # documents: below this, no progress bar (see helpers.progress)


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
) -> NameRules:
    texts = list(documents["text"].astype(str)) + list(documents["title"].fillna("").astype(str))
    common = lowercase_words(texts, workers)
    return NameRules(cues if cues is not None else read_name_cues(), common)


def _surnames_by_document(
    documents: pd.DataFrame,
    rules: NameRules,
    include_titles: bool,
    workers: int | None = None,
    progress: bool | None = None,
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """Detect names in every document. A lone surname next to a speech verb
    counts when it was found as a full name anywhere in the corpus
    ("Jarbussynova said"): each document is read once, keeping such candidates
    aside (``Pending``) until the corpus's surnames are known. Out: names per
    doc_id ``(name, rule)`` and texts."""
    texts = {doc: text for doc, _, text in _document_texts(documents, include_titles, True)}
    docs = list(texts)
    n_workers = worker_count(len(docs), workers, DOCUMENTS_FROM)
    show = show_progress(len(docs), PROGRESS_FROM, progress)
    passes = map_items(
        _first_pass, rules, [texts[d] for d in docs], n_workers, "Finding names", show
    )
    known = frozenset(
        surname_of(texts[doc][h.start : h.end])
        for doc, (hits, _) in zip(docs, passes, strict=True)
        for h in hits
    )
    found = {
        doc: [(texts[doc][h.start : h.end], h.rule) for h in with_known(hits, pending, known)]
        for doc, (hits, pending) in zip(docs, passes, strict=True)
    }
    return found, texts


def _first_pass(rules: NameRules, text: str) -> tuple[list[Hit], list[Pending]]:
    """``detect`` with no known surname, and the hits that wait on one (``Pending``)."""
    pending: list[Pending] = []
    return detect(text, rules, frozenset(), pending), pending


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
            person = people.setdefault(surname_of(name), {"forms": set(), "rules": []})
            person["forms"].add(name)
            if rule not in person["rules"]:
                person["rules"].append(rule)
        text = texts[doc]
        for surname, person in people.items():
            removed = Counter(text[s:e] for s, e in name_spans(text, [surname], rules))
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
            (text, {surname_of(name) for name, _ in found[doc]})
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


def _redacted(rules: NameRules, item: tuple[str, set[str]]) -> tuple[str, int]:
    """A document's text with its people's names replaced, and the number replaced."""
    text, surnames = item
    spans = name_spans(text, surnames, rules)
    return redact(text, spans), len(spans)


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
        surnames = {doc: {surname_of(name) for name, _ in hits} for doc, hits in found.items()}
    rows = []
    for row in keep.itertuples(index=False):
        text = str(row.text)
        if (row.doc_id, row.sent_id) in first_body:
            text = DATELINE.sub("", text, count=1)
        text = normalise_text(text)
        if rules is not None:
            text = redact(text, name_spans(text, surnames.get(row.doc_id, set()), rules))
        rows.append(
            {"doc_id": row.doc_id, "year": years[row.doc_id], "sent_id": row.sent_id, "text": text}
        )
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
