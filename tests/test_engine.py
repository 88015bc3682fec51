"""Tests for helpers.rules.engine: every backend finds exactly the spans of Python's ``re``."""

from __future__ import annotations

import pickle
import random
import re

import pytest

from helpers.base.paths import SEEDS_DIR
from helpers.base.text import normalise
from helpers.corpus.load import load_corpus
from helpers.reading.themes import read_codebook
from helpers.rules import engine
from helpers.rules.cues import read_cues
from helpers.rules.engine import PatternSet, find
from helpers.rules.patterns import compile_pattern

needs_re2 = pytest.mark.skipif(engine.default_backend() != "re2", reason="google-re2 missing")


def project_patterns() -> list[re.Pattern[str]]:
    """Every framing cue and every theme pattern and exclusion, in file order."""
    cues = read_cues()
    patterns = [cue.pattern for items in cues.lists.values() for cue in items]
    for theme in read_codebook(cues=cues).themes:
        patterns += [p.regex for p in (*theme.patterns, *theme.exclude) if p.regex is not None]
    return patterns


def reference(patterns: list[re.Pattern[str]], text: str) -> list[tuple[int, int, int]]:
    """Every pattern's ``finditer`` on the text, no prefilter at all."""
    return [
        (index, *hit.span())
        for index, pattern in enumerate(patterns)
        for hit in pattern.finditer(text)
        if hit.end() > hit.start()
    ]


# Characters that make a text non-ASCII, or that RE2 and re might read differently.
ODD = ["é", "ü", "\u212a", "ſ", "İ", "ß", "’", "–", "\u00a0", "ﬁ", "_", "9"]


def generated_sentences(sentences: list[str], cue_words: list[str], n: int) -> list[str]:
    """Sentences made of seed words and cue words, with odd characters and cases mixed in."""
    rng = random.Random(18)
    words = [word for sentence in sentences for word in sentence.split()]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(3, 25)):
            pick = rng.random()
            if pick < 0.35:
                part = rng.choice(cue_words)
            elif pick < 0.9:
                part = rng.choice(words)
            else:
                part = rng.choice(ODD) + rng.choice(words)
            if rng.random() < 0.1:
                part = part.upper()
            parts.append(part)
        out.append(
            rng.choice([" ", "  ", "-", " – "]).join(parts)
            if rng.random() < 0.2
            else " ".join(parts)
        )
    return out


@pytest.fixture(scope="module")
def raw_texts() -> list[str]:
    """The seeds' sentences and 3,000 generated ones, as written."""
    seeds = list(load_corpus(SEEDS_DIR).sentences["text"])
    cues = read_cues()
    cue_words = [
        c.cue.replace("\\s+", " ").replace("(s)?", "s")
        for items in cues.lists.values()
        for c in items
    ]
    return seeds + generated_sentences(seeds, cue_words, 3000)


@pytest.fixture(scope="module")
def texts(raw_texts: list[str]) -> list[str]:
    return [normalise(text) for text in raw_texts]


@pytest.fixture(scope="module")
def expected(texts: list[str]) -> tuple[list, list]:
    """Every rule pattern and, for each text, the spans of a plain ``finditer`` of each."""
    patterns = project_patterns()
    return patterns, [reference(patterns, text) for text in texts]


@pytest.mark.slow  # thousands of sentences: run by the full suite, skipped by -m "not slow"
@pytest.mark.parametrize("backend", [pytest.param("re2", marks=needs_re2), "re"])
def test_every_rule_pattern_gives_the_spans_of_re(
    backend: str, texts: list[str], expected: tuple[list, list]
) -> None:
    patterns, expected = expected
    assert len(patterns) > 300
    matcher = PatternSet.from_patterns(patterns, backend)
    found = find(matcher, texts)
    assert found == expected
    # the test is not empty: most rule patterns match somewhere, non-ASCII text is in it
    assert len({index for spans in expected for index, _, _ in spans}) > len(patterns) // 2
    assert sum(not text.isascii() for text in texts) > 100


@needs_re2
def test_re2_prefilters_and_tries_what_it_cannot_read_everywhere() -> None:
    patterns = [
        compile_pattern("traffick*", "glob"),
        compile_pattern(r"smuggl(?!ed goods)\w*", "regex"),  # a look-around: not RE2 syntax
        re.compile("border"),  # not made by compile_pattern: tried everywhere
    ]
    matcher = PatternSet.from_patterns(patterns, "re2")
    assert list(matcher.candidates("nothing here")) == [1, 2]
    assert list(matcher.candidates("trafficking and nothing")) == [0, 1, 2]
    text = "traffickers smuggled goods, smuggling over borders"
    assert find(matcher, text) == [(0, 0, 11), (1, 28, 37), (2, 43, 49)]
    assert find(matcher, [text, ""]) == [find(matcher, text), []]
    # a match may not start inside a word: the next one is still found
    inside = "antitrafficking, trafficking_x 9trafficked trafficked"
    assert find(matcher, inside) == [(0, 17, 30), (0, 43, 53)]
    assert find(matcher, inside) == find(PatternSet.from_patterns(patterns, "re"), inside)


def test_re_backend_skips_texts_no_pattern_matches() -> None:
    matcher = PatternSet.from_patterns([compile_pattern("human rights", "phrase")], "re")
    assert list(matcher.candidates("rights of humans")) == []
    assert list(matcher.candidates("human rights")) == [0]


def test_pickles_and_checks_its_backend() -> None:
    patterns = [compile_pattern("co-operation", "phrase")]
    matcher = PatternSet.from_patterns(patterns)
    copy = pickle.loads(pickle.dumps(matcher))
    assert copy.patterns == matcher.patterns and copy.backend == matcher.backend
    assert find(copy, "cooperation") == [(0, 0, 11)]
    with pytest.raises(ValueError, match="unknown backend 'pcre'"):
        PatternSet.from_patterns(patterns, "pcre")


@pytest.mark.slow
def test_theme_matrix_agrees_with_match_text(raw_texts: list[str]) -> None:
    """The fast path (``theme_matrix``) and the explained one (``match_text``) give every
    theme the same presence, for every theme, on the seeds and 1,000 generated sentences."""
    import pandas as pd

    from helpers.reading.themes import match_text, theme_matrix

    raw_texts = raw_texts[:-2000]  # the explained path is slow: the seeds and 1,000 more
    codebook = read_codebook()
    matrix = theme_matrix(pd.DataFrame({"text": raw_texts}), codebook, workers=1)
    explained = [
        [any(m["theme"] == name and m["status"] == "counted" for m in match_text(text, codebook))
         for name in codebook.names]
        for text in raw_texts
    ]  # fmt: skip
    assert matrix.to_numpy().tolist() == explained
    assert matrix.to_numpy().sum(axis=0).min() > 0  # every theme is present somewhere
