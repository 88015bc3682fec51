"""Themes and their co-occurrence: codebook, matching, word senses, counts, periods, figures.

The sentences and tables below are written for the tests, not taken from the
corpus; every expected number is worked out by hand in a comment.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers.analysis import concordance
from helpers.analysis import themes as themes_counts
from helpers.analysis.periods import check_periods, period_of, period_table  # noqa: E402
from helpers.base.paths import SEEDS_DIR  # noqa: E402
from helpers.base.style import save_figure  # noqa: E402
from helpers.corpus.load import load_corpus  # noqa: E402
from helpers.figures import themes as themes_figures
from helpers.reading import themes
from helpers.reading.framing import analyse, frame_sentences  # noqa: E402

REQUIRED = (
    "trafficking", "smuggling", "migration", "victims", "human_rights", "security", "justice",
    "organised_crime", "borders", "cooperation", "exploitation",
)  # fmt: skip


@pytest.fixture(scope="module")
def seeds():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(SEEDS_DIR)


def toy_codebook(cues, extra: list[dict] | None = None) -> themes.Codebook:
    """Three themes: trafficking (the framing list), victims, security."""
    rows = [
        {"theme": "trafficking", "definition": "Trafficking.", "patterns": "@trafficking"},
        {"theme": "victims", "definition": "Victims.", "patterns": "victim*; protect*"},
        {"theme": "security", "definition": "Security.", "patterns": "securit*; police",
         "exclude": "social security"},
    ] + (extra or [])  # fmt: skip
    return themes.codebook_from_table(pd.DataFrame(rows), cues)


def units_of(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"text": list(texts)})


def has(text: str, theme: str, codebook) -> bool:
    return bool(themes.theme_matrix(units_of(text), codebook).loc[0, theme])


# --------------------------------------------------------------------------- the codebook file


def test_codebook_file_covers_the_required_themes(codebook) -> None:
    names = codebook.names
    assert 8 <= len(names) <= 12
    assert set(REQUIRED) <= set(names)
    assert len(set(names)) == len(names)
    for theme in codebook.themes:
        assert theme.definition and "\n" not in theme.definition, theme.name
        assert theme.patterns, theme.name
    by_name = {theme.name: theme for theme in codebook.themes}
    assert [p.framing_list for p in by_name["trafficking"].patterns] == ["trafficking"]
    assert [p.framing_list for p in by_name["smuggling"].patterns] == ["smuggling"]


def test_codebook_summary(codebook) -> None:
    summary = themes.codebook_summary(codebook)
    assert summary["theme"].tolist() == list(codebook.names)
    assert (summary["n_patterns"] > 0).all()


def test_a_row_can_be_switched_off(cues) -> None:
    table = themes.read_codebook(cues=cues).table.copy()
    table.loc[table["theme"] == "borders", "theme"] = "#borders"
    assert "borders" not in themes.codebook_from_table(table, cues).names


# --------------------------------------------------------------------------- how a pattern matches


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("border*", "cross-border co-operation", True),  # '-' is a word boundary
        ("border*", "Borders", True),  # case-folded
        ("border", "borders", False),  # no '*': the word must end there
        ("route*", "routine checks", False),  # 'routine' does not start with 'route'
        ("minor", "minorities", False),
        ("co-operat*", "cooperation", True),  # a hyphen also matches nothing ...
        ("co-operat*", "co operate", True),  # ... or a space
        ("co-operat*", "co‑operation", True),  # a non-breaking hyphen is normalised
        ("mixed flows", "mixed\n  flows", True),  # any white space between words
        ("human rights", "HUMAN RIGHTS", True),
        ("human rights", "humanrights", False),
        ("victim*", "victimisation", True),
        ("victim*", "non-victim", True),
        ("law enforcement", "enforcement of law", False),
    ],
)
def test_pattern_matching(pattern: str, text: str, expected: bool, cues) -> None:
    book = themes.codebook_from_table(
        pd.DataFrame([{"theme": "t", "definition": "d", "patterns": pattern}]), cues
    )
    assert has(text, "t", book) is expected


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"theme": "t", "definition": "d", "patterns": "mi*grant"}, "may only end a word"),
        ({"theme": "t", "definition": "d", "patterns": "*"}, "may only end a word"),
        ({"theme": "t", "definition": "d", "patterns": "co-"}, "hyphen"),
        ({"theme": "t", "definition": "d", "patterns": "@drugs"}, "unknown framing list"),
        ({"theme": "t", "definition": "d", "patterns": "x", "exclude": "@trafficking"},
         "not allowed"),
        ({"theme": "t", "definition": "d", "patterns": " ; "}, "no patterns"),
        ({"theme": "", "definition": "d", "patterns": "x"}, "empty theme"),
        ({"theme": "(no theme)", "definition": "d", "patterns": "x"}, "reserved"),
    ],
)  # fmt: skip
def test_bad_codebook_rows_are_named(row: dict, message: str, cues) -> None:
    with pytest.raises(ValueError, match=message) as error:
        themes.codebook_from_table(pd.DataFrame([row]), cues)
    assert "codebook row 2" in str(error.value)


def test_a_theme_twice_or_a_missing_column(cues) -> None:
    row = {"theme": "t", "definition": "d", "patterns": "x"}
    with pytest.raises(ValueError, match="appears twice"):
        themes.codebook_from_table(pd.DataFrame([row, row]), cues)
    with pytest.raises(ValueError, match="no column"):
        themes.codebook_from_table(pd.DataFrame([{"theme": "t", "definition": "d"}]), cues)


# --------------------------------------------------------------------------- word senses


def test_names_are_masked(codebook) -> None:
    text = "The Organization for Security and Co-operation in Europe met in Vienna."
    row = themes.theme_matrix(units_of(text), codebook).iloc[0]
    assert not row["security"] and not row["cooperation"]
    statuses = {(m["theme"], m["status"]) for m in themes.match_text(text, codebook)}
    assert ("security", "in name") in statuses and ("cooperation", "in name") in statuses


def test_the_same_word_outside_a_name_counts(codebook) -> None:
    assert has("Security and co-operation in the region improved.", "security", codebook)
    assert has("Security and co-operation in the region improved.", "cooperation", codebook)


@pytest.mark.parametrize(
    "text",
    [
        "The Organized Crime and Illicit Trafficking Branch of UNODC was represented.",
        "Drug trafficking and arms trafficking rose along the route.",
        "Illicit trafficking in firearms was discussed.",
    ],
)
def test_goods_and_offices_are_not_human_trafficking(text: str, codebook) -> None:
    assert not has(text, "trafficking", codebook)


def test_goods_smuggling_is_not_migrant_smuggling(codebook) -> None:
    assert not has("Cigarette smuggling and fuel smuggling cost the state millions.", "smuggling",
                   codebook)  # fmt: skip
    assert has("Smugglers charged migrants high fees.", "smuggling", codebook)


def test_exclusions(codebook) -> None:
    text = "Afghanistan became an OSCE Partner for Co-operation."
    assert not has(text, "cooperation", codebook)
    statuses = [
        m["status"] for m in themes.match_text(text, codebook) if m["theme"] == "cooperation"
    ]
    assert statuses and set(statuses) == {"excluded"}
    # 'migrant' in the crime's own name is not the migration theme; migrants elsewhere are
    assert not has("Migrant smuggling rose sharply.", "migration", codebook)
    assert has("Migrant smuggling rose sharply.", "smuggling", codebook)
    assert has("Smugglers abandoned the migrants at sea.", "migration", codebook)


def test_exclusions_also_apply_to_framing_lists(cues) -> None:
    row = {"theme": "t", "definition": "d", "patterns": "@trafficking",
           "exclude": "traffick* in women"}  # fmt: skip
    book = themes.codebook_from_table(pd.DataFrame([row]), cues)
    assert not has("Trafficking in women rose.", "t", book)
    assert has("Trafficking in children rose.", "t", book)


def test_a_match_inside_a_longer_one_is_reported_once(cues) -> None:
    book = themes.codebook_from_table(
        pd.DataFrame([{"theme": "rights", "definition": "d", "patterns": "rights; human rights"}]),
        cues,
    )
    found = themes.match_text("They defend human rights.", book)
    assert [(m["matched"], m["status"]) for m in found] == [("human rights", "counted")]


def test_trafficking_and_smuggling_agree_with_the_framing_module(seeds, codebook, cues) -> None:
    units = themes.make_units(seeds)
    matrix = themes.theme_matrix(units, codebook)
    for crime in themes.CRIMES:
        expected = [bool(analyse(text, cues).of(crime)) for text in units["text"]]
        assert matrix[crime].tolist() == expected
    framed = frame_sentences(seeds.sentences, seeds.documents, cues)
    assert int(matrix["trafficking"].sum()) == int(framed["mentions_trafficking"].sum())
    assert int(matrix["smuggling"].sum()) == int(framed["mentions_smuggling"].sum())


def test_framing_list_matches_are_the_framing_modules(cues) -> None:
    lists = ["trafficking", "smuggling", "security", "rights", "umbrella"]
    rows = [{"theme": name, "definition": "d", "patterns": f"@{name}"} for name in lists]
    book = themes.codebook_from_table(pd.DataFrame(rows), cues)
    texts = TOY + [
        "The OSCE Special Representative for Combating Trafficking in Human Beings met "
        "migrant smugglers, border police and human rights groups on irregular migration.",
        "They discussed migration-related crimes and trafficking.",
    ]
    seen = set()
    for text in texts:
        counted = {
            (m["theme"], m["start"], m["end"])
            for m in themes.match_text(text, book)
            if m["status"] == "counted"
        }
        found = analyse(text, cues)
        assert counted == {(name, s.start, s.end) for name in lists for s in found.of(name)}
        seen |= {name for name, _, _ in counted}
    assert seen == set(lists)  # every list had a match to compare


# --------------------------------------------------------------------------- the theme matrix


TOY = [
    "Police rescued three victims of trafficking.",  # trafficking, victims, security
    "The victims received protection and shelter.",  # victims
    "Human trafficking is a threat to security.",  # trafficking, security
    "The Organization for Security and Co-operation in Europe discussed drug trafficking.",  # -
    "Traffickers recruit victims online.",  # trafficking, victims
    "The weather was fine.",  # -
]


def test_theme_matrix_by_hand(cues) -> None:
    units = pd.DataFrame({"text": TOY}, index=[10, 11, 12, 13, 14, 15])
    matrix = themes.theme_matrix(units, toy_codebook(cues))
    assert list(matrix.columns) == ["trafficking", "victims", "security"]
    assert list(matrix.index) == [10, 11, 12, 13, 14, 15]
    assert matrix.dtypes.map(pd.api.types.is_bool_dtype).all()
    assert matrix["trafficking"].tolist() == [True, False, True, False, True, False]
    assert matrix["victims"].tolist() == [True, True, False, False, True, False]
    assert matrix["security"].tolist() == [True, False, True, False, False, False]


def test_theme_matrix_of_no_units(cues) -> None:
    matrix = themes.theme_matrix(units_of(), toy_codebook(cues))
    assert matrix.shape == (0, 3) and matrix.dtypes.map(pd.api.types.is_bool_dtype).all()


def test_a_theme_added_adds_one_column_and_changes_no_other(cues) -> None:
    units = units_of(*TOY)
    before = themes.theme_matrix(units, toy_codebook(cues))
    extra = [{"theme": "weather", "definition": "Weather.", "patterns": "weather; rain*"}]
    after = themes.theme_matrix(units, toy_codebook(cues, extra))
    assert list(after.columns) == [*before.columns, "weather"]
    pd.testing.assert_frame_equal(after[before.columns], before)
    assert after["weather"].tolist() == [False] * 5 + [True]


def test_theme_matches_and_statuses(cues) -> None:
    matches = themes.theme_matches(units_of(*TOY), toy_codebook(cues), statuses=themes.STATUSES)
    assert list(matches.columns) == list(themes.MATCH_COLUMNS)
    row3 = matches[matches["row"] == 3]
    # 'Security' sits in the OSCE's name, 'drug trafficking' is goods
    assert set(zip(row3["theme"], row3["status"], strict=True)) == {
        ("security", "in name"), ("trafficking", "excluded"),
    }  # fmt: skip
    counted = themes.theme_matches(units_of(*TOY), toy_codebook(cues))
    assert set(counted["status"]) == {"counted"}
    with pytest.raises(ValueError, match="unknown status"):
        themes.theme_matches(units_of(*TOY), toy_codebook(cues), statuses=("maybe",))


# --------------------------------------------------------------------------- counts and measures


@pytest.fixture
def hand_matrix() -> pd.DataFrame:
    # 6 units; a in units 0-2, b in 0, 1, 3, c in 4, d nowhere
    return pd.DataFrame(
        {
            "a": [True, True, True, False, False, False],
            "b": [True, True, False, True, False, False],
            "c": [False, False, False, False, True, False],
            "d": [False] * 6,
        }
    )


def test_cooccurrence_by_hand(hand_matrix) -> None:
    pairs = themes_counts.cooccurrence(hand_matrix, min_count=1)
    assert list(pairs.columns) == list(themes_counts.PAIR_COLUMNS)
    assert list(zip(pairs["theme_a"], pairs["theme_b"], strict=True)) == [
        ("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d"),
    ]  # fmt: skip
    ab = pairs.iloc[0]
    # n_both 2 (units 0, 1), n_a 3, n_b 3; Jaccard 2 / (3 + 3 - 2) = 0.5;
    # expected 3 * 3 / 6 = 1.5; lift 2 / 1.5 = 4/3; PMI log2(4/3)
    assert (ab["n_both"], ab["n_a"], ab["n_b"], ab["n_units"]) == (2, 3, 3, 6)
    assert ab["jaccard"] == pytest.approx(0.5)
    assert ab["expected"] == pytest.approx(1.5)
    assert ab["lift"] == pytest.approx(4 / 3)
    assert ab["pmi"] == pytest.approx(math.log2(4 / 3))
    ac = pairs.iloc[1]  # never together: Jaccard 0 / (3 + 1 - 0) = 0; lift below min_count 1
    assert ac["n_both"] == 0 and ac["jaccard"] == 0 and np.isnan(ac["lift"])
    cd = pairs.iloc[5]  # c once, d never: Jaccard 0 / 1 = 0
    assert cd["jaccard"] == 0
    assert pairs["n_both"].dtype == "int64"


def test_lift_needs_the_minimum_count(hand_matrix) -> None:
    pairs = themes_counts.cooccurrence(hand_matrix, min_count=3)
    assert pairs["lift"].isna().all() and pairs["pmi"].isna().all()
    assert pairs.iloc[0]["jaccard"] == pytest.approx(0.5)  # Jaccard is always given
    with pytest.raises(ValueError, match="at least 1"):
        themes_counts.cooccurrence(hand_matrix, min_count=0)


def test_jaccard_is_empty_when_neither_theme_occurs() -> None:
    matrix = pd.DataFrame({"x": [False, False], "y": [False, False]})
    pair = themes_counts.cooccurrence(matrix).iloc[0]
    assert pair["n_both"] == 0 and np.isnan(pair["jaccard"]) and np.isnan(pair["lift"])


def test_counts_derive_from_the_matrix(hand_matrix) -> None:
    square = themes_counts.cooccurrence_counts(hand_matrix)
    assert square.loc["a", "a"] == 3 and square.loc["b", "b"] == 3 and square.loc["d", "d"] == 0
    assert square.loc["a", "b"] == square.loc["b", "a"] == 2
    pairs = themes_counts.cooccurrence(hand_matrix)
    for row in pairs.itertuples(index=False):
        both = (hand_matrix[row.theme_a] & hand_matrix[row.theme_b]).sum()
        assert row.n_both == both == square.loc[row.theme_a, row.theme_b]
    counts = themes_counts.theme_counts(hand_matrix)
    assert counts["n"].tolist() == [3, 3, 1, 0]
    assert counts["share"].tolist() == pytest.approx([0.5, 0.5, 1 / 6, 0])


def test_top_pairs(hand_matrix) -> None:
    top = themes_counts.top_pairs(themes_counts.cooccurrence(hand_matrix), n=3, min_count=1)
    assert list(zip(top["theme_a"], top["theme_b"], strict=True)) == [("a", "b")]


def test_toy_sentences_by_hand(cues) -> None:
    matrix = themes.theme_matrix(units_of(*TOY), toy_codebook(cues))
    pairs = themes_counts.cooccurrence(matrix, min_count=2).set_index(["theme_a", "theme_b"])
    # trafficking in 0, 2, 4; victims in 0, 1, 4; security in 0, 2
    tv = pairs.loc[("trafficking", "victims")]  # both in 0, 4: J = 2 / 4, lift 2*6 / (3*3)
    assert (tv["n_both"], tv["jaccard"], tv["lift"]) == (2, 0.5, pytest.approx(4 / 3))
    ts = pairs.loc[("trafficking", "security")]  # both in 0, 2: J = 2 / 3, lift 2*6 / (3*2)
    assert (ts["n_both"], ts["jaccard"], ts["lift"]) == (2, pytest.approx(2 / 3), 2.0)
    vs = pairs.loc[("victims", "security")]  # both in 0: J = 1 / 4, lift hidden (1 < 2)
    assert vs["n_both"] == 1 and vs["jaccard"] == 0.25 and np.isnan(vs["lift"])
    assert int((~matrix.any(axis=1)).sum()) == 2


# --------------------------------------------------------------------------- units and years


@pytest.fixture
def tiny_corpus() -> SimpleNamespace:
    documents = pd.DataFrame({"doc_id": ["d1", "d2"], "year": [2004, 2016]})
    sentences = pd.DataFrame(
        {
            "doc_id": ["d2", "d2", "d1", "d1", "d1"],
            "para_id": [0, 1, 0, 1, 1],
            "sent_id": [0, 1, 0, 1, 2],
            "part": ["title", "body", "title", "body", "body"],
            "text": ["Smugglers", "Victims of trafficking.", "Trafficking", "Refugees fled.",
                     "The weather was fine."],
        }
    )  # fmt: skip
    paragraphs = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2", "d2"],
            "para_id": [0, 1, 0, 1],
            "part": ["title", "body", "title", "body"],
            "text": ["Trafficking", "Refugees fled. The weather was fine.", "Smugglers",
                     "Victims of trafficking."],
        }
    )  # fmt: skip
    return SimpleNamespace(documents=documents, sentences=sentences, paragraphs=paragraphs)


def test_make_units(tiny_corpus) -> None:
    units = themes.make_units(tiny_corpus)
    assert list(units.columns) == list(themes.UNIT_COLUMNS)
    assert units["unit_id"].tolist() == ["d1#s0", "d1#s1", "d1#s2", "d2#s0", "d2#s1"]
    assert units["year"].tolist() == [2004, 2004, 2004, 2016, 2016]
    body = themes.make_units(tiny_corpus, include_titles=False)
    assert body["unit_id"].tolist() == ["d1#s1", "d1#s2", "d2#s1"]
    paragraphs = themes.make_units(tiny_corpus, "paragraph")
    assert paragraphs["unit_id"].tolist() == ["d1#p0", "d1#p1", "d2#p0", "d2#p1"]
    assert paragraphs["sent_id"].isna().all()
    with pytest.raises(ValueError, match="unit must be"):
        themes.make_units(tiny_corpus, "page")


def test_presence_and_unmatched_by_year(tiny_corpus, codebook) -> None:
    units = themes.make_units(tiny_corpus)
    matrix = themes.theme_matrix(units, codebook)
    presence = themes_counts.presence_by_year(units, matrix)
    assert presence["year"].unique().tolist() == [2004, 2016]
    assert presence["theme"].unique().tolist() == [*codebook.names, themes.NO_THEME]
    row = presence.set_index(["year", "theme"])
    # 2004: 3 units, 'Trafficking' (title) has trafficking, 'The weather was fine.' has nothing
    assert row.loc[(2004, "trafficking"), ["n_units", "n_theme"]].tolist() == [3, 1]
    assert row.loc[(2004, "migration"), "n_theme"] == 1
    assert row.loc[(2004, themes.NO_THEME), "share"] == pytest.approx(1 / 3)
    assert row.loc[(2016, "smuggling"), "n_theme"] == 1
    assert row.loc[(2016, "victims"), "share"] == 0.5
    unmatched = themes_counts.unmatched_by_year(units, matrix)
    assert unmatched["n_none"].tolist() == [1, 0]
    assert unmatched["n_units"].tolist() == [3, 2]


def test_periods(tiny_corpus, codebook) -> None:
    periods = {"early": (2003, 2008), "middle": (2009, 2012), "late": (2013, 2017)}
    years = pd.Series([2003, 2010, 2017, 2020, None])
    assert period_of(years, periods).tolist() == ["early", "middle", "late", None, None]
    units = themes.make_units(tiny_corpus)
    table = period_table(units, periods)
    assert table["years"].tolist() == ["2004", "", "2016"]
    assert table["n_units"].tolist() == [3, 0, 2]
    matrix = themes.theme_matrix(units, codebook)
    presence = themes_counts.period_presence(units, matrix, periods)
    assert presence.loc[presence["period"] == "middle", "share"].isna().all()
    assert presence.loc[presence["period"] == "early", "n_units"].unique().tolist() == [3]
    pairs = themes_counts.period_cooccurrence(units, matrix, periods)
    assert list(pairs.columns) == ["period", *themes_counts.PAIR_COLUMNS]
    assert (pairs.loc[pairs["period"] == "middle", "n_units"] == 0).all()
    late = pairs[(pairs["period"] == "late")].set_index(["theme_a", "theme_b"])
    assert late.loc[("trafficking", "victims"), "n_both"] == 1


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ({}, "at least one"),
        ({"a": (2010, 2005)}, "after"),
        ({"a": (2003, 2010), "b": (2010, 2017)}, "overlap"),
    ],
)
def test_bad_periods(periods: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_periods(periods)


def test_crime_profiles_by_hand() -> None:
    matrix = pd.DataFrame(
        {
            "trafficking": [True, True, True, False, False],
            "smuggling": [False, False, True, True, False],
            "victims": [True, True, False, False, False],
            "borders": [False, False, True, True, True],
        }
    )
    profiles = themes_counts.crime_profiles(matrix, min_count=1).set_index(["crime", "theme"])
    # trafficking in 3 units, 2 with victims: share 2/3; J = 2 / (3 + 2 - 2); lift 2*5 / (3*2)
    tv = profiles.loc[("trafficking", "victims")]
    assert (tv["n_crime"], tv["n_both"]) == (3, 2)
    assert tv["share"] == pytest.approx(2 / 3)
    assert tv["jaccard"] == pytest.approx(2 / 3)
    assert tv["lift"] == pytest.approx(10 / 6)
    sb = profiles.loc[("smuggling", "borders")]  # smuggling in 2 units, both with borders
    assert (sb["n_crime"], sb["n_both"], sb["share"]) == (2, 2, 1.0)
    assert set(profiles.index.get_level_values("theme")) == {"victims", "borders"}
    only = themes_counts.crime_profiles(matrix, exclusive=True).set_index(["crime", "theme"])
    # unit 2 names both crimes and drops out: trafficking alone in 2 units, smuggling in 1
    assert only.loc[("trafficking", "borders"), ["n_crime", "n_both"]].tolist() == [2, 0]
    assert only.loc[("smuggling", "borders"), ["n_crime", "n_both"]].tolist() == [1, 1]
    with pytest.raises(ValueError, match="no theme"):
        themes_counts.crime_profiles(matrix[["victims", "borders"]])


# --------------------------------------------------------------------------- audit


def test_theme_kwic(cues) -> None:
    units = pd.DataFrame(
        {"unit_id": ["a#s1", "a#s2"], "doc_id": ["a", "a"], "year": [2010, 2010],
         "text": ["One two three police four five six.", "Victims and police."]}
    )  # fmt: skip
    kwic = concordance.theme_kwic(units, toy_codebook(cues), width=2)
    assert list(kwic.columns) == list(concordance.THEME_KWIC_COLUMNS)
    assert kwic["theme"].tolist() == ["victims", "security", "security"]  # codebook order
    first_police = kwic.iloc[1]
    assert (first_police["left"], first_police["keyword"], first_police["right"]) == (
        "… two three", "police", "four five …",
    )  # fmt: skip
    assert first_police["unit_id"] == "a#s1" and first_police["pattern"] == "police"
    lines = concordance.kwic_lines(kwic, chars=12)
    assert lines[1] == "2010 a#s1 |  … two three [police] four five …"


def test_theme_kwic_reads_each_unit_by_its_label(cues) -> None:
    # units in another order than their labels: each row takes its own unit's values
    units = pd.DataFrame(
        {"unit_id": ["b#s1", "a#s1", "c#s1"], "year": [2017, 2003, 2010],
         "text": ["Police only.", "Nothing to see.", "Victims here."]},
        index=[7, 3, 5],
    )  # fmt: skip
    kwic = concordance.theme_kwic(units, toy_codebook(cues), width=1)
    rows = kwic[["unit_id", "year", "keyword", "doc_id"]].to_dict("records")
    assert [(r["unit_id"], r["year"], r["keyword"]) for r in rows] == [
        ("c#s1", 2010, "Victims"), ("b#s1", 2017, "Police"),
    ]  # fmt: skip
    assert kwic["doc_id"].isna().all()  # a column the units lack
    assert kwic["year"].dtype == "int64"
    bare = concordance.theme_kwic(units[["text"]], toy_codebook(cues), width=1)
    assert bare["unit_id"].tolist() == [5, 7]  # the labels, when there is no unit_id
    none = concordance.theme_kwic(units.iloc[[1]], toy_codebook(cues))
    assert none.empty and list(none.columns) == list(concordance.THEME_KWIC_COLUMNS)
    twice = units.set_axis([7, 3, 7])  # a repeated label: each unit is still its own
    kwic = concordance.theme_kwic(twice, toy_codebook(cues), width=1)
    assert kwic["unit_id"].tolist() == ["c#s1", "b#s1"]
    assert concordance.theme_kwic(twice[["text"]], toy_codebook(cues))["unit_id"].tolist() == [7, 7]


# --------------------------------------------------------------------------- network and figures


def many_themes(k: int = 14, n: int = 40, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = ["trafficking", "smuggling"] + [f"theme_{i:02d}" for i in range(k - 2)]
    return pd.DataFrame(rng.random((n, k)) < 0.3, columns=names).assign(
        year=np.repeat([2003, 2008, 2013, 2017], n // 4)
    )


def test_figures_cope_with_many_themes(tmp_path: Path) -> None:
    data = many_themes()
    matrix = data.drop(columns="year")
    units = data[["year"]].assign(doc_id=[f"d{i // 5}" for i in range(len(data))])
    pairs = themes_counts.cooccurrence(matrix, min_count=2)
    counts = themes_counts.theme_counts(matrix)
    periods = {"early": (2003, 2008), "late": (2013, 2017)}
    made = [
        themes_figures.plot_presence_by_year(themes_counts.presence_by_year(units, matrix)),
        themes_figures.plot_cooccurrence_heatmap(pairs, themes_counts.cooccurrence_counts(matrix)),
        themes_figures.plot_theme_circle(pairs, counts, min_count=2),
        themes_figures.plot_early_late(
            themes_counts.period_presence(units, matrix, periods),
            themes_counts.period_cooccurrence(units, matrix, periods, 2),
            periods,
            min_count=2,
        ),
        themes_figures.plot_crime_profiles(themes_counts.crime_profiles(matrix)),
    ]
    for fig, table in made:
        assert isinstance(table, pd.DataFrame) and len(table)
        titles = [ax.get_title() for ax in fig.get_axes()] + [
            fig._suptitle.get_text() if fig._suptitle else ""
        ]
        assert any(titles)
        plt.close(fig)
    heat = made[1][1]
    assert len(heat) == 14 * 14
    network = made[2][1]
    assert (network["kind"] == "node").sum() == 14


def test_network_figure_is_byte_reproducible(tmp_path: Path, hand_matrix) -> None:
    pairs = themes_counts.cooccurrence(hand_matrix, min_count=1)
    counts = themes_counts.theme_counts(hand_matrix)
    for folder in ("one", "two"):
        fig, data = themes_figures.plot_theme_circle(pairs, counts, min_count=1)
        save_figure(fig, data, "04_test_network", "test", tmp_path / folder)
        plt.close(fig)
    for suffix in (".png", ".svg", ".pdf", ".csv"):
        one = (tmp_path / "one" / f"04_test_network{suffix}").read_bytes()
        assert one == (tmp_path / "two" / f"04_test_network{suffix}").read_bytes()


def test_empty_period_and_no_strong_pair_still_plot(hand_matrix) -> None:
    units = pd.DataFrame({"year": [2003] * 6, "doc_id": ["d"] * 6})
    periods = {"early": (2003, 2008), "late": (2013, 2017)}
    fig, data = themes_figures.plot_early_late(
        themes_counts.period_presence(units, hand_matrix, periods),
        themes_counts.period_cooccurrence(units, hand_matrix, periods, 5),
        periods,
        min_count=5,
    )
    assert set(data["kind"]) == {"theme"}
    plt.close(fig)
