"""Tests for helpers.rules.patterns: one pattern language, and the rule files read through it."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.base.text import normalise
from helpers.reading.themes import CODEBOOK_FILE, read_codebook
from helpers.rules.cues import CUES_FILE, read_cues
from helpers.rules.patterns import MATCH_KINDS, compile_pattern, cue_words, pattern_body


def spans(pattern: str, match: str, text: str) -> list[str]:
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


def test_word_cues_are_phrases_of_whole_words() -> None:
    """The name cues are compared word by word: a phrase, split into words as written."""
    assert cue_words("Member  of Parliament", "phrase") == ("Member", "of", "Parliament")
    assert cue_words("Vice-President", "phrase") == ("Vice-President",)  # one word
    assert cue_words("O'Brien", "phrase") == ("O'Brien",)
    for match in ("glob", "regex"):
        with pytest.raises(ValueError, match=f"{match} cue 'Chair': .* only 'phrase' applies"):
            cue_words("Chair", match)
    with pytest.raises(ValueError, match="unknown match 'word'"):
        cue_words("Chair", "word")
    with pytest.raises(ValueError, match="empty phrase"):
        cue_words(" ", "phrase")
    for bad in ("Chair*", "Co\u2013ordinator", "Mr.", "said,"):  # never a word of a text
        with pytest.raises(ValueError, match=re.escape(f"{bad!r} is not a word")):
            cue_words(f"Deputy {bad}", "phrase")


def test_regular_expressions_are_pinned() -> None:
    """The sources the language gives, written out: a change to the compiler shows here."""
    assert compile_pattern("co-operat*", "glob").pattern == (
        r"(?<!\w)(?:co(?:-|\s)?operat\w*)(?!\w)"
    )
    assert compile_pattern("Mixed  Flows", "phrase").pattern == r"(?<!\w)(?:mixed\s+flows)(?!\w)"
    assert pattern_body("Mixed  Flows", "glob") == r"mixed\s+flows"
    assert compile_pattern("a.b*", "phrase").pattern == r"(?<!\w)(?:a\.b\*)(?!\w)"
    assert compile_pattern(r"smuggl(ing|ed)", "regex").pattern == (
        r"(?<!\w)(?:smuggl(ing|ed))(?!\w)"
    )


def test_framing_cues_are_compiled_by_the_language() -> None:
    """Each cue of data/framing_cues.csv is its own kind of pattern, compiled once."""
    table = pd.read_csv(CUES_FILE, dtype=str, keep_default_na=False, comment="#")
    cues = read_cues()
    compiled = {(c.cue, c.match): c.pattern.pattern for items in cues.lists.values() for c in items}
    assert set(table["match"]) <= set(MATCH_KINDS)
    for row in table.itertuples(index=False):
        expected = compile_pattern(row.cue.strip(), row.match.strip()).pattern
        assert compiled[(row.cue.strip(), row.match.strip())] == expected, row.cue
    # a few cues as they match
    first = cues.lists["trafficking"][0].pattern
    assert [
        m.group() for m in first.finditer(normalise("Human  Trafficking; human-trafficking"))
    ] == ["human trafficking"]


def test_theme_patterns_are_globs_with_their_spans() -> None:
    """The codebook's patterns are read as globs; pinned spans of a few of them."""
    codebook = read_codebook()
    table = pd.read_csv(CODEBOOK_FILE, dtype=str, keep_default_na=False, comment="#")
    assert len(codebook.themes) == len(table[~table["theme"].str.startswith("#")])
    for theme in codebook.themes:
        for pattern in (*theme.patterns, *theme.exclude):
            if pattern.regex is not None:
                assert pattern.regex.pattern == compile_pattern(pattern.text, "glob").pattern
    assert spans("border*", "glob", "Cross-border, borders and bordering") == [
        "border",
        "borders",
        "bordering",
    ]
    assert spans("partner* for co-operation", "glob", "Partners for Co‑operation") == [
        "partners for co-operation"
    ]


def test_rule_files_say_how_each_pattern_reads(tmp_path) -> None:
    """framing cues may be globs; a codebook row's ``match`` reads its patterns; errors name
    the file, the row and the pattern."""
    from helpers.reading.themes import codebook_from_table, match_text
    from helpers.rules.cues import cues_from_table

    cue_table = pd.read_csv(CUES_FILE, dtype=str, keep_default_na=False)
    extra = {"list": "nexus", "cue": "intertwin*", "match": "glob", "rationale": "test"}
    cues = cues_from_table(pd.concat([cue_table, pd.DataFrame([extra])], ignore_index=True))
    assert cues.lists["nexus"][-1].pattern.search("closely intertwined") is not None
    rows = [
        {"theme": "a", "definition": "", "patterns": "border*", "match": ""},
        {"theme": "b", "definition": "", "patterns": "border*", "match": "phrase"},
        {"theme": "c", "definition": "", "patterns": r"borders?", "match": "regex"},
    ]
    book = codebook_from_table(pd.DataFrame(rows), cues)
    found = [(m["theme"], m["matched"]) for m in match_text("Borders and border*", book)]
    assert found == [("a", "Borders"), ("a", "border"), ("b", "border*"), ("c", "Borders"),
                     ("c", "border")]  # fmt: skip
    bad = tmp_path / "themes.csv"
    pd.DataFrame([{**rows[2], "patterns": "(borders"}]).to_csv(bad, index=False)
    with pytest.raises(ValueError, match=r"themes\.csv: codebook row 2 \('c'\).*'\(borders'"):
        read_codebook(bad, cues)
    pd.DataFrame([{**rows[0], "match": "fuzzy"}]).to_csv(bad, index=False)
    with pytest.raises(ValueError, match="match 'fuzzy' is not one of"):
        read_codebook(bad, cues)
