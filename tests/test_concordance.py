"""Keyword in context."""

import pandas as pd
import pytest

from helpers.analysis.concordance import context_window, kwic

SENTENCES = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b"],
        "sent_id": [1, 2, 1],
        "text": [
            "Smugglers and traffickers often use the same routes.",
            "The migrant smuggling networks grew, said the report.",
            "Anti-trafficking work and counter-smuggling work differ.",
        ],
    }
)
DOCUMENTS = pd.DataFrame({"doc_id": ["a", "b"], "year": [2003, 2015]})


def test_context_window_marks_cut_sides() -> None:
    text = "one two three KEY four five six"
    start = text.index("KEY")
    assert context_window(text, start, start + 3, 2) == ("… two three", "four five …")
    assert context_window(text, start, start + 3, 5) == ("one two three", "four five six")


def test_word_prefix_matches_inflections_and_keeps_source() -> None:
    table = kwic(SENTENCES, "smuggl", window=3, documents=DOCUMENTS)
    assert table["keyword"].tolist() == ["Smugglers", "smuggling", "smuggling"]
    assert table[["doc_id", "year", "sent_id"]].values.tolist() == [
        ["a", 2003, 1], ["a", 2003, 2], ["b", 2015, 1]]  # fmt: skip
    assert table.loc[1, "left"] == "The migrant"
    assert table.loc[1, "right"] == "networks grew, said …"


def test_phrase_and_hyphen() -> None:
    assert kwic(SENTENCES, "same routes")["sent_id"].tolist() == [1]
    assert kwic(SENTENCES, "anti-trafficking")["keyword"].tolist() == ["Anti-trafficking"]
    assert kwic(SENTENCES, "anti trafficking").empty  # a space does not match a hyphen


def test_regex_and_sorting() -> None:
    table = kwic(SENTENCES, r"traffick\w+", regex=True, documents=DOCUMENTS)
    assert table["keyword"].tolist() == ["traffickers", "trafficking"]
    by_left = kwic(SENTENCES, "smuggl", sort_by="left")
    # By the nearest word before ("counter", "migrant"), punctuation skipped; no word: last.
    assert by_left["left"].tolist() == ["Anti-trafficking work and counter-", "The migrant", ""]
    by_right = kwic(SENTENCES, "smuggl", sort_by="right")
    assert by_right["right"].str[:3].tolist() == ["and", "net", "wor"]
    with pytest.raises(ValueError):
        kwic(SENTENCES, "x", sort_by="middle")


def test_no_match_gives_empty_table_with_columns() -> None:
    assert list(kwic(SENTENCES, "asylum").columns) == [
        "doc_id", "year", "sent_id", "left", "keyword", "right", "sentence"]  # fmt: skip


def test_match_reads_a_query_as_the_rule_files_do() -> None:
    """``match`` takes the pattern language; the default stays a prefix (a glob ``query*``)."""
    assert kwic(SENTENCES, "smuggl", match="phrase").empty  # a phrase: whole words only
    globbed = kwic(SENTENCES, "smuggl*", match="glob")["keyword"].tolist()
    assert globbed == kwic(SENTENCES, "smuggl")["keyword"].tolist()
    assert kwic(SENTENCES, "smugglers?", match="regex")["keyword"].tolist() == ["Smugglers"]
    with pytest.raises(ValueError, match="regex '\\(smuggl' does not compile"):
        kwic(SENTENCES, "(smuggl", match="regex")
