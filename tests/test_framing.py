"""Sentence framing of trafficking and smuggling: frames, traps, precedence, tables, validation.

The sentences below are written for the tests, not taken from the corpus.
``tests/labelled_sentences.csv`` holds the validation set: every seed sentence
plus written ones, labelled from the Palermo definitions before the cues were
tuned; rows with ``shaped_cues == 'no'`` were held out while choosing cues.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.analysis.framing_report import kwic_quotes
from helpers.base.paths import SEEDS_DIR
from helpers.base.text import normalise
from helpers.corpus.load import load_corpus
from helpers.reading.framing import (
    FRAMED_COLUMNS,
    FRAMES,
    NONE_LABEL,
    agreement,
    bootstrap_shares,
    frame_counts,
    frame_sentence,
    frame_sentences,
    label_predictions,
    longest_spans,
)
from helpers.rules.cues import CUE_LISTS, CUES_FILE, cues_from_table, read_cues
from helpers.rules.institutions import _GAP_TOKEN_FINDALL, _ascii_head_word

LABELLED = Path(__file__).parent / "labelled_sentences.csv"


@pytest.fixture(scope="module")
def seeds():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(SEEDS_DIR)


def frame_of(text: str, cues) -> str | None:
    return frame_sentence(text, cues)[0]


# --------------------------------------------------------------------------- each frame

EACH_FRAME = [
    (
        "States must distinguish between trafficking in persons and smuggling of migrants.",
        "distinction",
    ),
    (
        "Authorities said migrant smuggling is closely linked to human trafficking in the region.",
        "nexus",
    ),
    ("The ministers discussed migration-related crime along the Balkan route.", "umbrella"),
    ("Prosecutors charged smugglers and traffickers in the same week.", "paired"),
    ("The shelter assisted 40 victims of human trafficking last year.", "trafficking"),
    ("Migrant smuggling along the central route rose sharply in 2016.", "smuggling"),
    (
        "The OSCE Action Plan to Combat Trafficking in Human Beings was adopted in Maastricht.",
        "institutional",
    ),
    ("The delegation visited a border crossing point near the river.", None),
]


@pytest.mark.parametrize(("text", "frame"), EACH_FRAME)
def test_each_frame(text: str, frame: str | None, cues) -> None:
    assert frame_of(text, cues) == frame


def test_frame_sentence_returns_deciding_cues(cues) -> None:
    frame, words = frame_sentence(
        "Smugglers and traffickers use the same routes across the mountains.", cues
    )
    assert frame == "nexus"
    assert words[0] == "same routes"
    assert "Smugglers" in words and "traffickers" in words
    assert frame_sentence("The weather in Vienna was fine.", cues) == (None, [])
    assert frame_sentence("", cues) == (None, [])


# --------------------------------------------------------------------------- traps

TRAPS = [
    # Office titles, plans, units, events, quoted titles: institutional.
    (
        "The Office of the Special Representative and Co-ordinator for Combating Trafficking in "
        "Human Beings opened a new project.",
        "institutional",
    ),
    ("The OSCE Anti-Trafficking Assistance Unit met on Monday.", "institutional"),
    ("Experts met at the Migrant Smuggling Task Force in Belgrade.", "institutional"),
    (
        'The conference, "Combating Trafficking for Labour Exploitation in the Agricultural '
        'Sector", ended today.',
        "institutional",
    ),
    (
        "The National Co-ordinator on human trafficking issues presented the report.",
        "institutional",
    ),
    # A name beside a mention outside it: the outside mention counts.
    (
        "The Special Representative for Combating Trafficking in Human Beings called for more "
        "prosecutions of traffickers.",
        "trafficking",
    ),
    # Trafficking or smuggling that is not about people.
    (
        "The Organized Crime and Illicit Trafficking Branch published a study on cocaine routes.",
        None,
    ),
    ("Drug trafficking and arms trafficking fuel the conflict.", None),
    ("The illicit trafficking of small arms remains a concern.", None),
    ("Fuel smuggling across the river costs the budget millions.", None),
    ("Police seized smuggled cigarettes; drug traffickers were also arrested.", None),
    ("Trafficking in drugs and human beings was discussed.", "trafficking"),
    # 'Security' and 'nexus' without either crime.
    ("The Organization for Security and Co-operation in Europe met in Vienna.", None),
    ("Managing the asylum-migration nexus requires co-operation.", None),
    # Umbrella with and without a crime named.
    ("Co-operation against irregular migration-related crimes was strengthened.", "umbrella"),
    ("Smuggling of migrants and other migration-related crimes were the focus.", "umbrella"),
    ("Crimes related to irregular migration are rising.", "umbrella"),
    # Distinction without the word 'distinguish'.
    ("Unlike smuggling, human trafficking can occur within one country.", "distinction"),
    (
        "Trafficking is a crime against the person, whereas smuggling is one against the State.",
        "distinction",
    ),
    (
        "Smuggled migrants, by contrast, consent to being moved; they are not trafficked.",
        "distinction",
    ),
    ("Victims of trafficking are often misidentified as smuggled migrants.", "distinction"),
    # Nexus phrased in other ways.
    ("Smuggling can turn into trafficking when debts cannot be paid.", "nexus"),
    ("The boundary between smuggling and trafficking is increasingly blurred.", "nexus"),
    ("Smuggling and trafficking networks overlap in the region.", "nexus"),
    ("Many smuggled migrants become victims of trafficking on the way.", "nexus"),
    ("Smuggled migrants are highly vulnerable to being trafficked.", "nexus"),
    # A sentence-initial 'While' is often temporal: not a contrast.
    (
        "While in Vienna, the delegation discussed human trafficking and migrant smuggling.",
        "paired",
    ),
    # Paired lists, single crimes.
    ("The course covered human trafficking, migrant smuggling and money laundering.", "paired"),
    ("People smugglers charged 3,000 euros per person.", "smuggling"),
    ("Traffickers recruited the women with false job offers.", "trafficking"),
    ("The girls had been trafficked to work in bars.", "trafficking"),
]


@pytest.mark.parametrize(("text", "frame"), TRAPS)
def test_traps(text: str, frame: str | None, cues) -> None:
    assert frame_of(text, cues) == frame


@pytest.mark.xfail(reason="known weakness: goods named away from the word 'smuggling'", strict=True)
def test_goods_named_elsewhere_in_the_sentence(cues) -> None:
    assert frame_of("Police seized cigarettes and broke up the smuggling ring.", cues) is None


def test_longest_spans_drops_nested_and_repeated_spans() -> None:
    rows = [{"start": 9, "end": 12, "id": "a"}, {"start": 0, "end": 8, "id": "b"},
            {"start": 2, "end": 5, "id": "c"}, {"start": 9, "end": 12, "id": "d"},
            {"start": 6, "end": 10, "id": "e"}]  # fmt: skip
    kept = longest_spans(rows, lambda r: (r["start"], r["end"]))
    # c lies inside b; d repeats a (the first is kept); e overlaps without lying inside.
    assert [r["id"] for r in kept] == ["b", "e", "a"]
    assert longest_spans([], lambda r: (0, 0)) == []


def test_normalised_matching(cues) -> None:
    """Curly quotes, dashes and case do not change the result."""
    assert normalise("“Anti–Trafficking” — it’s HERE") == '"anti-trafficking" - it\'s here'
    assert frame_of("ANTI—TRAFFICKING measures were adopted.", cues) == "trafficking"
    assert frame_of("They discussed migration–related crimes.", cues) == "umbrella"
    assert frame_of("MIGRANT SMUGGLING rose.", cues) == "smuggling"


def test_institutional_reports_the_name(cues) -> None:
    frame, words = frame_sentence(
        "He spoke at the OSCE Action Plan to Combat Trafficking in Human Beings review.", cues
    )
    assert frame == "institutional"
    assert words == ["OSCE Action Plan to Combat Trafficking in Human Beings"]


def test_title_case_headline_is_not_a_name(cues) -> None:
    """A capitalised word right after a head does not extend the name."""
    assert frame_of(
        "OSCE Conference Calls for Stronger Action against Human Trafficking", cues
    ) == ("trafficking")


# --------------------------------------------------------------------------- precedence

PRECEDENCE_CASES = [
    # distinction > nexus
    (
        "Although trafficking and smuggling are distinct crimes, the two are often linked.",
        "distinction",
    ),
    # a distinction word inside a longer nexus cue gives way
    ("There is no clear distinction between smuggling and trafficking on this route.", "nexus"),
    ("It is often difficult to distinguish smuggling from trafficking.", "nexus"),
    # nexus > umbrella
    (
        "The nexus between trafficking and smuggling makes migration-related crime hard to fight.",
        "nexus",
    ),
    # umbrella > paired
    (
        "Human trafficking, migrant smuggling and other migration-related crimes were discussed.",
        "umbrella",
    ),
    # paired > single crime
    ("Traffickers and smugglers were arrested.", "paired"),
    # single crime > institutional
    (
        "The OSCE Action Plan to Combat Trafficking in Human Beings guides anti-trafficking work.",
        "trafficking",
    ),
]


@pytest.mark.parametrize(("text", "frame"), PRECEDENCE_CASES)
def test_precedence(text: str, frame: str, cues) -> None:
    assert frame_of(text, cues) == frame


def test_frames_are_in_precedence_order() -> None:
    assert FRAMES == (
        "distinction", "nexus", "umbrella", "paired", "trafficking", "smuggling", "institutional",
    )  # fmt: skip


# --------------------------------------------------------------------------- the cue file


def test_cue_file_is_complete(cues) -> None:
    table = pd.read_csv(CUES_FILE, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["list", "cue", "match", "rationale"]
    assert set(table["list"]) == set(CUE_LISTS)
    assert (table["rationale"].str.strip() != "").all(), "every cue needs a rationale"
    assert set(table["match"]) <= {"phrase", "regex"}
    assert not table.duplicated(["list", "cue"]).any()


def _edited_copy(tmp_path: Path, edit) -> Path:
    table = pd.read_csv(CUES_FILE, dtype=str, keep_default_na=False)
    path = tmp_path / "cues.csv"
    edit(table).to_csv(path, index=False)
    return path


def test_changing_a_cue_changes_the_result(tmp_path: Path, cues) -> None:
    text = "Officials stressed the nexus between human trafficking and migrant smuggling."
    assert frame_of(text, cues) == "nexus"
    without = read_cues(
        _edited_copy(tmp_path, lambda t: t[~((t["list"] == "nexus") & (t["cue"] == "nexus"))])
    )
    assert frame_of(text, without) == "paired"

    text = "Human trafficking and other cross-border crime were discussed."
    assert frame_of(text, cues) == "trafficking"
    row = {"list": "umbrella", "cue": "cross-border crime", "match": "phrase", "rationale": "test"}
    added = read_cues(_edited_copy(tmp_path, lambda t: pd.concat([t, pd.DataFrame([row])])))
    assert frame_of(text, added) == "umbrella"


def test_a_row_can_be_commented_out(tmp_path: Path, cues) -> None:
    def comment(table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        hit = (table["list"] == "umbrella") & table["cue"].str.startswith("(irregular |illegal )?")
        table.loc[hit, "list"] = "#umbrella"
        return table

    text = "They addressed migration-related crimes."
    assert frame_of(text, cues) == "umbrella"
    assert frame_of(text, read_cues(_edited_copy(tmp_path, comment))) is None


def test_edited_table_in_memory(cues) -> None:
    """A seminar can edit the table in a notebook and pass it instead of a file."""
    table = cues.table[
        ~((cues.table["list"] == "name_head") & (cues.table["cue"] == "Action Plan"))
    ]
    table = table[~((table["list"] == "name_head") & (table["cue"] == "Plan"))]
    text = "The OSCE Action Plan to Combat Trafficking in Human Beings was revised."
    assert frame_of(text, cues) == "institutional"
    assert frame_of(text, cues_from_table(table)) == "trafficking"
    assert frame_of(text, table) == "trafficking"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"list": "nexsu", "cue": "link", "match": "phrase", "rationale": ""}, "unknown list"),
        ({"list": "nexus", "cue": "(link", "match": "regex", "rationale": ""}, "does not compile"),
        ({"list": "nexus", "cue": "link", "match": "word", "rationale": ""}, "match must be"),
    ],
)
def test_bad_cue_rows_are_named(tmp_path: Path, row: dict, message: str) -> None:
    path = _edited_copy(tmp_path, lambda t: pd.concat([t, pd.DataFrame([row])]))
    with pytest.raises(ValueError, match=message):
        read_cues(path)


# --------------------------------------------------------------------------- tables

DOCS = pd.DataFrame({"doc_id": ["a", "b", "c"], "year": [2003, 2003, 2010]})
SENTENCES = pd.DataFrame(
    {
        "doc_id": ["a", "a", "a", "b", "b", "c", "c", "c"],
        "sent_id": [0, 1, 2, 0, 1, 0, 1, 2],
        "para_id": [0, 1, 1, 0, 1, 0, 1, 1],
        "part": ["title", "body", "body", "title", "body", "title", "body", "body"],
        "text": [
            "States must distinguish human trafficking from migrant smuggling",
            "The weather was fine.",
            "Traffickers exploit victims and evade the police.",
            "Smugglers and traffickers use the same routes",
            "The Organization for Security and Co-operation in Europe protects victims of "
            "human trafficking.",
            "Migration-related crimes in focus",
            "Migrant smuggling is a security threat.",
            "The OSCE Action Plan to Combat Trafficking in Human Beings was discussed.",
        ],
    }
)


@pytest.fixture(scope="module")
def framed(cues):
    return frame_sentences(SENTENCES, DOCS, cues)


def test_frame_sentences_table(framed) -> None:
    assert list(framed.columns[:8]) == [
        "doc_id", "year", "sent_id", "para_id", "part", "sentence", "frame", "cues",
    ]  # fmt: skip
    assert {"mentions_trafficking", "mentions_smuggling", "security_cues", "rights_cues"} <= set(
        framed.columns
    )
    assert len(framed) == 7, "the sentence with neither crime is left out"
    assert framed["frame"].tolist() == [
        "distinction", "trafficking", "nexus", "trafficking", "umbrella", "smuggling",
        "institutional",
    ]  # fmt: skip
    assert framed["year"].tolist() == [2003] * 4 + [2010] * 3
    first = framed.iloc[0]
    assert first["cues"] == "distinguish; human trafficking; migrant smuggling"
    assert bool(first["mentions_trafficking"]) and bool(first["mentions_smuggling"])
    last = framed.iloc[-1]
    assert not last["mentions_trafficking"], "a mention inside a name is not a mention"


def test_frame_sentences_on_seeds(seeds, cues) -> None:
    framed = frame_sentences(seeds.sentences, seeds.documents, cues)
    assert set(framed["frame"]) <= set(FRAMES)
    assert framed["frame"].notna().all()
    assert framed["year"].notna().all()
    assert set(framed["doc_id"]) == set(seeds.documents["doc_id"])


def test_frame_counts_keeps_zeros(framed) -> None:
    counts = frame_counts(framed, years=[2003, 2005, 2010])
    assert list(counts.index) == [2003, 2005, 2010]
    assert list(counts.columns[: len(FRAMES)]) == list(FRAMES)
    assert counts.loc[2005, list(FRAMES)].sum() == 0
    assert counts.loc[2003, "paired"] == 0 and "paired" in counts.columns
    assert counts.loc[2003, "trafficking"] == 2
    assert counts.loc[2003, "total"] == 4
    assert counts.loc[2003, "share_trafficking"] == pytest.approx(0.5)
    assert np.isnan(counts.loc[2005, "share_trafficking"])
    assert counts.loc[2010, [f"share_{f}" for f in FRAMES]].sum() == pytest.approx(1.0)
    plain = frame_counts(framed, shares=False)
    assert list(plain.columns) == [*FRAMES, "total"]
    assert list(plain.index) == [2003, 2010]


def test_bootstrap_is_deterministic_and_bounded(framed) -> None:
    first = bootstrap_shares(framed, n_boot=300, seed=7)
    again = bootstrap_shares(framed, n_boot=300, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert list(first.columns) == ["year", "frame", "n", "n_year", "share", "ci_low", "ci_high"]
    assert len(first) == 2 * len(FRAMES)
    assert ((first["ci_low"] >= 0) & (first["ci_high"] <= 1)).all()
    assert (first["ci_low"] <= first["share"] + 1e-12).all()
    assert (first["share"] <= first["ci_high"] + 1e-12).all()
    assert (first.groupby("year")["n"].sum() == first.groupby("year")["n_year"].first()).all()
    absent = first[first["n"] == 0]
    assert (absent["ci_low"] == 0).all() and (absent["ci_high"] == 0).all()


def test_bootstrap_interval_narrows_with_more_sentences(cues) -> None:
    many = pd.DataFrame(
        {"doc_id": "d", "year": 2010, "sent_id": range(400),
         "frame": ["trafficking", "smuggling"] * 200}
    )  # fmt: skip
    few = many.head(10)
    wide = bootstrap_shares(few, n_boot=500).set_index("frame").loc["trafficking"]
    narrow = bootstrap_shares(many, n_boot=500).set_index("frame").loc["trafficking"]
    assert narrow["ci_high"] - narrow["ci_low"] < wide["ci_high"] - wide["ci_low"]


def test_kwic_quotes(framed) -> None:
    quotes = kwic_quotes(framed, width=3)
    assert quotes["frame"].tolist() == ["distinction", "nexus", "umbrella"]
    assert list(quotes.columns) == [
        "year", "doc_id", "sent_id", "frame", "left", "keyword", "right", "sentence",
    ]  # fmt: skip
    first = quotes.iloc[0]
    assert (first["left"], first["keyword"], first["right"]) == (
        "States must", "distinguish", "human trafficking from …",
    )  # fmt: skip
    nexus = quotes.iloc[1]
    assert nexus["keyword"] == "same routes"
    assert nexus["left"] == "… traffickers use the"
    only = kwic_quotes(framed, frames=("trafficking",))
    assert set(only["frame"]) == {"trafficking"} and len(only) == 2


# --------------------------------------------------------------------------- agreement


def test_empty_input(cues) -> None:
    framed = frame_sentences(SENTENCES.head(0), DOCS, cues)
    assert framed.empty and list(framed.columns) == list(FRAMED_COLUMNS)
    assert frame_counts(framed, years=[2003]).loc[2003, list(FRAMES)].sum() == 0
    assert bootstrap_shares(framed).empty
    assert kwic_quotes(framed).empty


def test_agreement_confusion_table(cues) -> None:
    labelled = pd.DataFrame(
        {"sentence": ["Traffickers were arrested.", "It rained.", "Smugglers were arrested."],
         "frame": ["trafficking", "none", "trafficking"]}
    )  # fmt: skip
    accuracy, confusion = agreement(labelled, cues)
    assert accuracy == pytest.approx(2 / 3)
    axis = [*FRAMES, NONE_LABEL]
    assert list(confusion.index) == axis and list(confusion.columns) == axis
    assert confusion.loc["trafficking", "smuggling"] == 1
    assert confusion.loc["none", "none"] == 1
    assert confusion.values.sum() == 3


def test_labelled_set_is_well_formed(seeds) -> None:
    labelled = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    assert list(labelled.columns) == ["sentence", "frame", "reason", "source", "shaped_cues"]
    assert set(labelled["frame"]) <= {*FRAMES, NONE_LABEL}
    assert set(labelled["shaped_cues"]) == {"yes", "no"}
    assert (labelled["reason"].str.strip() != "").all()
    written = labelled[labelled["source"] == "written"]
    assert len(written) >= 30
    assert set(written["frame"]) >= {*FRAMES, NONE_LABEL}, "written sentences cover every frame"
    held_out = labelled[labelled["shaped_cues"] == "no"]
    assert len(held_out) >= 20 and (held_out["source"] == "written").all()
    # Every seed sentence (title and body) is labelled, with its text.
    seed_rows = labelled[labelled["source"].str.startswith("seed:")]
    keys = seed_rows["source"].str.split(":", expand=True)
    labelled_texts = dict(
        zip(zip(keys[1], keys[2].astype(int), strict=True), seed_rows["sentence"], strict=True)
    )
    corpus_texts = {
        (row.doc_id, row.sent_id): row.text for row in seeds.sentences.itertuples(index=False)
    }
    assert labelled_texts == corpus_texts


def test_agreement_on_labelled_sentences(cues) -> None:
    """>= 90% overall and on the held-out rows; the numbers are printed (pytest -s)."""
    labelled = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    accuracy, confusion = agreement(labelled, cues)
    held_out = labelled[labelled["shaped_cues"] == "no"]
    held_accuracy, _ = agreement(held_out, cues)
    predictions = label_predictions(labelled, cues)
    misses = predictions.loc[~predictions["correct"], ["frame", "predicted", "sentence"]]
    print(f"\nagreement overall {accuracy:.3f} (n={len(labelled)}), "
          f"held out {held_accuracy:.3f} (n={len(held_out)})\n{misses.to_string()}")  # fmt: skip
    assert accuracy >= 0.9
    assert held_accuracy >= 0.9
    assert confusion.values.sum() == len(labelled)


# --- fast paths give the same results as the plain ones -----------------------

FAST_PATH_TEXTS = [
    "",
    "The OSCE Office in Baku and the Anti-Trafficking Unit met.",
    "Office-based staff, a -Office here, Offices of x_Office and OFFICE work.",
    "the office, Officer Smith, Office's plan, 2Office, Office_ and Co-ordinator Lee.",
    "  Leading, inner   and trailing\tspaces\n\n",
    "Curly ‘quotes’, “titles” — and dashes – here.",
    "ÉCOLE and Straße fold; soft\u00adhyphens and zero\u200bwidth go.",
]


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("The OSCE Office in Baku", True),
        ("OFFICE HOURS", True),
        ("Offices of the Mission", True),
        ("a -Office here", True),
        ("the Office_ here", True),
        ("Co-ordinator Lee", True),
        ("Office-based staff", False),
        ("Office's plan", False),
        ("Officer Smith", False),
        ("2Office", False),
        ("co-Ordinator Lee", False),
        ("the office", False),
        ("x_Office", False),  # inside a token: the prefilter lets it through
        ("Curly ‘Office’", True),  # not ASCII: tokens only
    ],
)
def test_ascii_head_prefilter_never_misses_a_head(text: str, head: bool, cues) -> None:
    by_tokens = any(
        word[:1].isupper() and normalise(word) in cues.head_index
        for _, word in _GAP_TOKEN_FINDALL(text)
    )
    assert by_tokens == head
    if text.isascii():
        passes = _ascii_head_word(text, cues.head_index)
        assert passes if head else (passes == ("_" in text))
