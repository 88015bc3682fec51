"""Every stage that can use several processes gives the same table with one or two.

The seeds are small, but ``workers=2`` forces the process pool whatever the
size, so these tests run the code path a large corpus takes.
"""

from __future__ import annotations

import pickle
import sys
import warnings

import pandas as pd
import pytest

from helpers.analysis import terms as terms_stats
from helpers.base import parallel
from helpers.base.paths import SEEDS_DIR
from helpers.corpus.load import load_corpus
from helpers.reading import counted, framing, themes, units
from helpers.reading.framing import frame_sentences
from helpers.rules import name_cues, people
from helpers.rules import words as terms
from helpers.rules.cues import read_cues


@pytest.fixture(scope="module")
def corpus():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(SEEDS_DIR, cache=False)


@pytest.fixture(params=[True, False], ids=["inherited", "sent"])
def inherit(request, monkeypatch):
    """Workers given the items by fork (Linux), or sent them pickled (other start methods)."""
    if request.param and not parallel.inherits_objects():
        pytest.skip("worker processes are not forked here")
    monkeypatch.setattr(parallel, "inherits_objects", lambda: request.param)
    monkeypatch.setattr(terms_stats, "inherits_objects", lambda: request.param)
    return request.param


def test_framing_with_one_or_two_processes(corpus, cues, inherit) -> None:
    one = frame_sentences(corpus.sentences, corpus.documents, cues, workers=1)
    two = frame_sentences(corpus.sentences, corpus.documents, cues, workers=2)
    assert len(one) > 0
    pd.testing.assert_frame_equal(one, two)


def test_themes_with_one_or_two_processes(corpus, cues) -> None:
    units = themes.make_units(corpus, "sentence", include_titles=True)
    codebook = themes.read_codebook(cues=cues)
    one = themes.theme_matrix(units, codebook, workers=1)
    two = themes.theme_matrix(units, codebook, workers=2)
    assert one.to_numpy().any()
    pd.testing.assert_frame_equal(one, two)


def test_people_with_one_or_two_processes(corpus, inherit) -> None:
    cues = name_cues.read_name_cues()
    one = people.find_people(corpus.sentences, cues=cues, workers=1)
    two = people.find_people(corpus.sentences, cues=cues, workers=2)
    assert sum(map(len, one)) > 0
    assert one == two


def _length(_: None, item: str) -> int:
    return len(item)


def test_released_items_are_let_go_as_their_results_come_back(inherit) -> None:
    """``release``: forked workers hold their own copy, so the caller's list is emptied."""
    items = [f"text number {i}" for i in range(50)]
    results = parallel.map_items(_length, None, items, 2, "", False, release=True)
    assert results == [len(f"text number {i}") for i in range(50)]
    assert items == ([None] * 50 if inherit else [f"text number {i}" for i in range(50)])


def test_theme_matches_with_one_or_two_processes(corpus, cues) -> None:
    units = themes.make_units(corpus, "sentence", include_titles=True)
    codebook = themes.read_codebook(cues=cues)
    statuses = tuple(themes.STATUSES)
    one = themes.theme_matches(units, codebook, statuses, workers=1)
    two = themes.theme_matches(units, codebook, statuses, workers=2)
    assert set(one["status"]) > {"counted"}
    pd.testing.assert_frame_equal(one, two)


def test_tfidf_by_period_with_one_or_two_processes(corpus, inherit) -> None:
    texts = counted.counted_documents(units.build_units(corpus))
    analyzer = terms.make_analyzer(texts["text"], workers=1)
    assert analyzer == terms.make_analyzer(texts["text"], workers=2)
    pooled = terms_stats.pool_by_period(texts)
    one = terms_stats.tfidf_by_period(pooled, analyzer, workers=1)
    two = terms_stats.tfidf_by_period(pooled, analyzer, workers=2)
    assert one.shape[1] > 100
    pd.testing.assert_frame_equal(one, two)


def test_forked_workers_leave_the_texts_as_they_were() -> None:
    """Pickling a non-ASCII str makes CPython keep its UTF-8 form in it: texts that
    workers inherit are not pickled, so they do not grow."""
    if not parallel.inherits_objects():
        pytest.skip("worker processes are not forked here")
    texts = ["".join(["Trafficking \u2013 smuggling ", str(i)] * 50) for i in range(40)]
    sizes = [sys.getsizeof(text) for text in texts]
    pickle.dumps(texts[:1])  # the effect this guards against, seen on the first text
    assert sys.getsizeof(texts[0]) > sizes[0]
    parallel.map_items(framing._frame_row, read_cues(), texts[1:], 2, "", False)
    assert [sys.getsizeof(text) for text in texts[1:]] == sizes[1:]


def test_map_distinct_works_out_each_text_once() -> None:
    seen: list[str] = []

    def record(state: int, text: str) -> tuple[int, str]:
        seen.append(text)
        return state, text.upper()

    texts = ["a", "b", "a", None, float("nan"), "", "b"]
    out = parallel.map_distinct(record, 1, texts, workers=1, desc="", progress=False)
    assert out == [(1, "A"), (1, "B"), (1, "A"), (1, ""), (1, ""), (1, ""), (1, "B")]
    assert seen == ["a", "b", ""]


def _doubled(table: pd.DataFrame) -> pd.DataFrame:
    """The table twice, the copy's rows under new doc_ids (a corpus whose pages repeat)."""
    copy = table.assign(doc_id=table["doc_id"] + "_copy")
    return pd.concat([table, copy], ignore_index=True)


def test_a_repeated_sentence_is_framed_in_each_of_its_rows(corpus, cues) -> None:
    sentences, documents = _doubled(corpus.sentences), _doubled(corpus.documents)
    framed = frame_sentences(sentences, documents, cues, workers=2)
    one_by_one = [framing._frame_row(cues, text) for text in sentences["text"]]
    expected = sentences[[row is not None for row in one_by_one]]
    assert len(framed) == len(expected) > 0
    assert sorted(zip(framed["doc_id"], framed["sent_id"], strict=True)) == sorted(
        zip(expected["doc_id"], expected["sent_id"], strict=True)
    )
    columns = list(framing.FRAMED_COLUMNS[-6:])
    by_row = {
        (doc_id, sent_id): row
        for doc_id, sent_id, row in zip(
            sentences["doc_id"], sentences["sent_id"], one_by_one, strict=True
        )
    }
    for record in framed.itertuples(index=False):
        assert tuple(getattr(record, c) for c in columns) == by_row[record.doc_id, record.sent_id]


def test_a_repeated_unit_gets_the_same_themes(corpus, cues) -> None:
    units = _doubled(themes.make_units(corpus, "sentence", include_titles=True))
    codebook = themes.read_codebook(cues=cues)
    matrix = themes.theme_matrix(units, codebook, workers=2)
    one_by_one = [list(themes._theme_row(codebook, text)) for text in units["text"]]
    assert matrix.to_numpy().any()
    assert matrix.astype(int).to_numpy().tolist() == one_by_one


def test_finding_distinct_texts_leaves_them_as_they_were() -> None:
    """Hashing a non-ASCII str through its UTF-8 form (pandas.factorize) makes CPython
    keep that form in it: ``map_distinct`` hashes them as Python does."""
    texts = ["".join(["Trafficking \u2013 smuggling ", str(i)] * 20) for i in range(30)] * 2
    sizes = [sys.getsizeof(text) for text in texts]
    out = parallel.map_distinct(_length, None, texts, workers=1, desc="", progress=False)
    assert out == [len(text) for text in texts]
    assert [sys.getsizeof(text) for text in texts] == sizes


def test_worker_state_outside_a_worker_says_so() -> None:
    with pytest.raises(RuntimeError, match="inside a worker"):
        parallel.worker_state()


def test_the_loader_does_not_import_the_research_rules() -> None:
    """The loader sits below the rules: importing it must not import framing, terms or themes."""
    import subprocess

    code = (
        "import sys, helpers.corpus.load; "
        "print(sorted(m for m in sys.modules if m in "
        "('helpers.reading.framing', 'helpers.rules.words', 'helpers.reading.themes')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
