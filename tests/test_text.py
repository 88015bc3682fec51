"""Tests for helpers.base.text: one normalisation for every rule that matches words."""

from __future__ import annotations

import math

import pytest

from helpers.base import text as text_layer
from helpers.base.text import DASHES, QUOTES, as_text, normalise, normalise_map

TEXTS = [
    "",
    "The OSCE Office in Baku and the Anti-Trafficking Unit met.",
    "  Leading, inner   and trailing\tspaces\n\n",
    "Curly ‘quotes’, “titles” — and dashes – here.",
    "ÉCOLE and Straße fold; soft\u00adhyphens and zero\u200bwidth go.",
    "Co–operation, co—operation and co-operation.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_path_matches_the_slow_one(text: str) -> None:
    norm, where = normalise_map(text)
    slow_norm, slow_where = text_layer._normalise_slow(text)
    assert (norm, list(where)) == (slow_norm, slow_where)


@pytest.mark.parametrize("text", TEXTS)
def test_positions_point_at_the_original(text: str) -> None:
    norm, where = normalise_map(text)
    assert len(norm) == len(where)
    for char, at in zip(norm, where, strict=True):
        original = text[at]
        if char == " ":
            assert original.isspace()
        else:
            assert normalise(original) == char or char in "\"'-" or original.casefold() != original


def test_one_table_of_quotes_and_dashes() -> None:
    assert normalise("Co–operation — “Yes”, it’s") == 'co-operation - "yes", it\'s'
    assert set(QUOTES.values()) == {'"', "'"}
    assert set(DASHES.values()) == {"-"}
    assert normalise("soft\u00adhyphen") == "softhyphen"


def test_as_text() -> None:
    assert as_text(None) == ""
    assert as_text(math.nan) == ""
    assert as_text(3) == "3"


def test_modifier_letter_apostrophe_is_an_apostrophe() -> None:
    assert normalise("OSCEʼs") == "osce's"
