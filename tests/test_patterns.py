"""Tests for helpers.patterns: one pattern language, and the rule files read as before."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.framing import CUES_FILE, compile_cue
from helpers.patterns import MATCH_KINDS, compile_pattern, pattern_body
from helpers.themes import CODEBOOK_FILE, phrase_regex


def spans(pattern: str, match: str, text: str) -> list[str]:
    from helpers.text import normalise

    return [m.group() for m in compile_pattern(pattern, match).finditer(normalise(text))]


def test_phrase_reads_words_as_written() -> None:
    text = "Co–operation, cooperation, co operation and CO-OPERATIONS."
    assert spans("co-operation", "phrase", text) == [
        "co-operation",
        "cooperation",
        "co operation",
    ]  # not "CO-OPERATIONS": a phrase matches whole words only
    # white space in the pattern and in the text is collapsed by the normaliser
    assert spans("human   rights", "phrase", "Human rights, human\n rights") == [
        "human rights",
        "human rights",
    ]


def test_glob_star_ends_a_word() -> None:
    text = "Traffickers trafficked; the traffic and trafficking."
    assert spans("traffick*", "glob", text) == ["traffickers", "trafficked", "trafficking"]
    assert spans("traffick*", "phrase", text) == []  # a phrase's '*' is literal
    for bad in ("*ing", "traf*ick", "*"):
        with pytest.raises(ValueError, match="may only end a word"):
            pattern_body(bad, "glob")


def test_whole_words_only() -> None:
    assert spans("rights", "phrase", "copyrights and rights-based rights") == ["rights", "rights"]
    assert spans("right(s)?", "regex", "rights, right, righteous") == ["rights", "right"]


def test_errors_name_the_pattern_and_the_kind() -> None:
    with pytest.raises(ValueError, match="unknown match 'fixed'"):
        pattern_body("x", "fixed")
    with pytest.raises(ValueError, match=r"regex '\(unclosed' does not compile"):
        pattern_body("(unclosed", "regex")
    with pytest.raises(ValueError, match="empty phrase"):
        pattern_body("  ", "phrase")
    assert MATCH_KINDS == ("phrase", "glob", "regex")


def test_framing_cues_compile_as_before() -> None:
    """Every cue of data/framing_cues.csv gives the same regular expression as the framing
    rules have always compiled, so converting them to the one language changes nothing."""
    table = pd.read_csv(CUES_FILE, dtype=str, keep_default_na=False, comment="#")
    for row in table.itertuples(index=False):
        if not row.cue.strip():
            continue
        old = compile_cue(row.cue, row.match)
        assert compile_pattern(row.cue, row.match).pattern == old.pattern, row.cue


def test_theme_patterns_compile_as_before() -> None:
    """Every theme pattern of data/themes.csv read as a glob is the codebook's own regex."""
    table = pd.read_csv(CODEBOOK_FILE, dtype=str, keep_default_na=False, comment="#")
    items = [
        item.strip()
        for column in ("patterns", "exclude")
        for cell in table[column]
        for item in cell.split(";")
        if item.strip() and not item.strip().startswith("@")
    ]
    assert items
    for item in items:
        old = compile_cue(phrase_regex(item), "regex")
        assert compile_pattern(item, "glob").pattern == old.pattern, item
