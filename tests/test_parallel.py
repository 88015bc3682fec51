"""Every stage that can use several processes gives the same table with one or two.

The seeds are small, but ``workers=2`` forces the process pool whatever the
size, so these tests run the code path a large corpus takes.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from helpers import terms, themes
from helpers.corpus import load_corpus
from helpers.framing import frame_sentences, read_cues
from helpers.paths import SEEDS_DIR


@pytest.fixture(scope="module")
def corpus():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(SEEDS_DIR, cache=False)


@pytest.fixture(scope="module")
def cues():
    return read_cues()


def test_framing_with_one_or_two_processes(corpus, cues) -> None:
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


def test_terms_with_one_or_two_processes(corpus) -> None:
    cues = terms.read_name_cues()
    one = terms.analysis_texts(corpus.documents, cues=cues, workers=1)
    two = terms.analysis_texts(corpus.documents, cues=cues, workers=2)
    assert one["names_removed"].sum() > 0
    pd.testing.assert_frame_equal(one, two)


def test_theme_matches_with_one_or_two_processes(corpus, cues) -> None:
    units = themes.make_units(corpus, "sentence", include_titles=True)
    codebook = themes.read_codebook(cues=cues)
    statuses = tuple(themes.STATUSES)
    one = themes.theme_matches(units, codebook, statuses, workers=1)
    two = themes.theme_matches(units, codebook, statuses, workers=2)
    assert set(one["status"]) > {"counted"}
    pd.testing.assert_frame_equal(one, two)
