"""Tests for helpers.analysis.framing and helpers.analysis.framing_report on made-up sentences."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.analysis import framing as fs
from helpers.analysis import framing_report as fr
from helpers.figures import framing as ffig
from helpers.reading.framing import analyse, frame_counts, frame_sentence, frame_sentences  # noqa: E402
from helpers.reading.units import build_units
from helpers.rules.cues import read_cues  # noqa: E402

CUES = read_cues()


class _Corpus:
    def __init__(self, sentences: pd.DataFrame, documents: pd.DataFrame) -> None:
        self.sentences, self.documents = sentences, documents


def _table(*texts: str, year: int = 2010, doc_id: str = "d1") -> pd.DataFrame:
    """The annotation table of a made-up page of ``texts``."""
    sentences = pd.DataFrame(
        {"doc_id": doc_id, "sent_id": range(len(texts)), "para_id": range(len(texts)),
         "part": "body", "text": list(texts)}
    )  # fmt: skip
    documents = pd.DataFrame(
        {"doc_id": [doc_id], "year": [year], "place": ["Riga"], "date": [pd.Timestamp(year, 1, 2)]}
    )
    return build_units(_Corpus(sentences, documents), CUES)


def _framed(*texts: str, year: int = 2010, doc_id: str = "d1", titles: int = 0) -> pd.DataFrame:
    sentences = pd.DataFrame(
        {
            "doc_id": doc_id,
            "sent_id": range(len(texts)),
            "para_id": range(len(texts)),
            "part": ["title" if i < titles else "body" for i in range(len(texts))],
            "text": list(texts),
        }
    )
    documents = pd.DataFrame({"doc_id": [doc_id], "year": [year]})
    return frame_sentences(sentences, documents, CUES)


# --------------------------------------------------------------------------- refugee words


def test_refugee_words_are_not_rights_words() -> None:
    analysis = analyse("Many refugees and asylum-seekers turn to smugglers to reach safety.", CUES)
    assert not analysis.of("rights")
    assert {span.text for span in analysis.of("refugee")} >= {"refugees", "reach safety"}


def test_international_protection_is_not_victim_protection() -> None:
    refugee = analyse("People in need of international protection use smugglers.", CUES)
    victim = analyse("Traffickers' victims need protection and assistance.", CUES)
    assert not refugee.of("rights") and refugee.of("refugee")
    assert {span.text for span in victim.of("rights")} >= {"protection", "victims"}


# --------------------------------------------------------------------------- units


def test_the_pronoun_of_a_contrast_stands_for_the_other_crime() -> None:
    text = (
        "It harms a person and is a human rights violation, whereas migrant smuggling "
        "is a crime against the State."
    )
    units = fs.crime_units(_table(text))
    assert units["crime"].tolist() == ["trafficking", "smuggling"]
    assert units["split"].all()
    # "human rights violation" and "a crime against the State" define the two crimes:
    # they are what the test compares, so they are not counted as vocabulary
    assert units["rights"].tolist() == [False, False]
    assert units["defining_rights"].tolist() == [True, False]
    assert units["security"].tolist() == [False, False]
    assert units["defining_security"].tolist() == [False, True]


def test_a_contrast_naming_each_crime_on_its_side_is_split() -> None:
    text = (
        "Smuggling is a crime against the State, while trafficking in persons "
        "violates human rights."
    )
    units = fs.crime_units(_table(text))
    assert units[["crime", "defining_security", "rights"]].values.tolist() == [
        ["smuggling", True, False],
        ["trafficking", False, True],
    ]


def test_a_sentence_naming_both_without_a_contrast_is_its_own_unit() -> None:
    text = "Police arrested traffickers and smugglers at the border."
    units = fs.crime_units(_table(text))
    assert units["crime"].tolist() == ["both"] and not units["split"].any()


def test_without_a_palermo_element_the_pronoun_is_not_resolved() -> None:
    # A contrast word, one crime named, and nothing on the other side says which crime "it" is.
    text = "It was late, whereas migrant smuggling continued along the border."
    units = fs.crime_units(_table(text))
    assert units["crime"].tolist() == ["smuggling"] and not units["split"].any()


def build_units_whole(table: pd.DataFrame) -> pd.DataFrame:
    from helpers.reading.views import whole_sentences

    return whole_sentences(table)


def test_no_split_variant_keeps_sentences_whole() -> None:
    text = "It is a crime against a person, whereas migrant smuggling is a crime against the State."
    units = fs.crime_units(build_units_whole(_table(text)))
    assert units["crime"].tolist() == ["both"] and not units["split"].any()


def test_names_are_masked_and_empty_input_gives_no_unit() -> None:
    text = "The Organization for Security and Co-operation in Europe fights migrant smuggling."
    units = fs.crime_units(_table(text))
    assert units["crime"].tolist() == ["smuggling"] and not units["security"].any()
    assert fs.crime_units(_table(text).head(0)).empty


# --------------------------------------------------------------------------- tests


def test_defining_and_negated_words_are_variants() -> None:
    annotated = _table(
        "It is a crime against a person, whereas migrant smuggling is a crime against the State.",
        "Smugglers move migrants with no police presence.",
        "Trafficking in persons harms its victims.",
    )
    table = fs.second_axis_variants(annotated).set_index(["variant", "vocabulary"])
    coded = table.loc[("as coded (clauses split, both-crime sentences apart)", "security")]
    defining = table.loc[("distinction-defining words counted", "security")]
    negated = table.loc[("negated words counted", "security")]
    assert (coded["k_expected"], coded["n_expected"]) == (0, 2)
    assert (defining["k_expected"], defining["n_expected"]) == (1, 2)
    assert (negated["k_expected"], negated["n_expected"]) == (1, 2)


def _units(rows: list[tuple[str, bool, bool, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"doc_id": "d", "year": 2010, "sent_id": i, "crime": c, "split": False,
             "security": s, "rights": r, "refugee": f, "text": ""}
            for i, (c, s, r, f) in enumerate(rows)
        ]
    )  # fmt: skip


def test_security_rights_tests_by_hand() -> None:
    # 3 of 3 smuggling units with security words against 0 of 3 trafficking: p = 2/20.
    rows = [("smuggling", True, False, False)] * 3 + [("trafficking", False, True, False)] * 3
    rows += [("both", True, True, False)]
    security, rights = fs.security_rights_tests(_units(rows))
    assert security.p_value == pytest.approx(0.1)
    assert security.n == 6  # the "both" unit is left out
    # p = 0.10 with three units a side: too few to tell, not an absence
    assert security.text.startswith("Inconclusive: too few units to tell whether security words")
    assert "3 of 3 smuggling units" in security.text
    assert rights.effect == pytest.approx(1.0)


def test_security_rights_by_year_has_p_values_and_pooled_rows() -> None:
    rows = [("smuggling", True, False, False)] * 3 + [("trafficking", False, True, False)] * 3
    table = fs.security_rights_by_year(_units(rows))
    pooled = table[(table["year"] == "all") & (table["vocabulary"] == "security")]
    assert pooled.set_index("crime")["k"].to_dict() == {"trafficking": 0, "smuggling": 3, "both": 0}
    assert pooled.set_index("crime").at["smuggling", "p_value"] == pytest.approx(0.1)
    assert math.isnan(pooled.set_index("crime").at["both", "p_value"])


def test_refugee_only_counts_units_without_other_rights_words() -> None:
    rows = [("smuggling", False, False, True), ("smuggling", False, True, True)]
    rows += [("smuggling", False, False, False)]
    finding = fs.refugee_only(_units(rows))
    assert (finding.n, finding.effect) == (3, pytest.approx(1 / 3))
    assert finding.text.startswith("1 of 3 smuggling units")


# --------------------------------------------------------------------------- sensitivity


def test_umbrella_inside_a_name_changes_the_leader_only_in_its_variant() -> None:
    framed = _framed(
        "Seminar on “Combating Migration-related Crimes in Northern Europe”",
        "Traffickers and smugglers share routes in the north.",
        "Traffickers and smugglers were arrested.",
        "The seminar addresses irregular migration-related crimes.",
        titles=1,
    )
    assert frame_sentence(framed.at[0, "sentence"], CUES)[0] == "umbrella"
    table = fs.sensitivity_table(fs.frame_variants(framed, CUES), [2010])
    assert list(table.columns) == list(fs.SENSITIVITY_COLUMNS)
    leaders = fs.surviving_leaders(table)
    assert leaders.at[0, "as_coded"] == "umbrella/paired"  # 2 umbrella, 2 paired as coded
    no_names = table[table["variant"] == "umbrella labels inside names not counted"]
    assert no_names.set_index("frame").at["umbrella", "n"] == 1
    assert no_names["total"].iloc[0] == 3
    no_titles = table[table["variant"] == "titles left out"]
    assert no_titles["total"].iloc[0] == 3


def test_crime_words_inside_names_can_count_as_mentions() -> None:
    framed = _framed("The OSCE Action Plan to Combat Trafficking in Human Beings was adopted.")
    assert framed["frame"].tolist() == ["institutional"]
    variants = fs.frame_variants(framed, CUES)
    counted = variants[("names", "crime words inside names count as mentions")]
    assert counted["frame"].tolist() == ["trafficking"]


def test_a_leader_that_moves_does_not_survive() -> None:
    table = pd.DataFrame(
        [
            ("as coded", "a", 2010, "umbrella", 2, 3),
            ("as coded", "a", 2010, "paired", 1, 3),
            ("names", "b", 2010, "umbrella", 0, 1),
            ("names", "b", 2010, "paired", 1, 1),
        ],
        columns=fs.SENSITIVITY_COLUMNS,
    )
    row = fs.surviving_leaders(table).iloc[0]
    assert (row["as_coded"], row["count"], bool(row["survives"])) == ("umbrella", "2 of 3", False)
    assert "b: paired 1 of 1" in row["leaders"] and row["moves_under"] == "b: paired 1 of 1"


# --------------------------------------------------------------------------- report


def test_frame_findings_say_single_document_and_survival() -> None:
    framed = _framed(
        "Smugglers and traffickers share the same routes.",
        "Traffickers were arrested.",
        "Traffickers deceived women.",
    )
    counts = frame_counts(framed, years=[2010])
    leaders = pd.DataFrame([{"year": 2010, "as_coded": "trafficking", "count": "2 of 3",
                             "leaders": "x: nexus 1 of 1", "survives": False,
                             "moves_under": "x: nexus 1 of 1"}])  # fmt: skip
    texts = [f.text for f in fr.frame_findings(counts, {2010: 1}, leaders)]
    assert texts[0].startswith("1 of 3 framed sentences of 2010 link the two crimes")
    assert "single document" in texts[0]
    assert "not the most frequent frame under every coding variant" in texts[1]
    assert texts[1].endswith("x: nexus 1 of 1.")


def test_frame_findings_call_a_tie_a_tie() -> None:
    framed = _framed("Traffickers were arrested.", "Smugglers were arrested.")
    texts = [f.text for f in fr.frame_findings(frame_counts(framed, years=[2010]), {2010: 1})]
    assert texts[-1].startswith(
        "1 of 2 framed sentences of 2010 are framed trafficking, and as many smuggling: a tie "
        "for the year's most frequent frame"
    )


def test_whose_framing_counts_own_narration_and_names_speakers() -> None:
    framed = pd.DataFrame(
        {"frame": ["nexus"] * 3, "voice": ["own", "quoted", "reported"],
         "speaker": ["", "Minister Ann Lee", "Minister Ann Lee"]}
    )  # fmt: skip
    finding = fr.whose_framing(framed, "nexus")
    assert finding.text.startswith("1 of 3 nexus sentences are the organisation's own narration")
    assert "Minister Ann Lee (2)" in finding.text


def test_plot_quotations_keeps_whole_sentences_and_labels() -> None:
    sentence = (
        "Unlike smuggled migrants, " + "victims of cross-border trafficking agreed " * 6 + "to it."
    )
    quotes = pd.DataFrame(
        [{"doc_id": "h1", "year": 2010, "sent_id": 3, "frame": "distinction", "keyword": "Unlike",
          "sentence": sentence, "voice": "quoted", "speaker": "Minister Ann Lee"}]
    )  # fmt: skip
    documents = pd.DataFrame(
        {"doc_id": ["h1"], "year": [2010], "place": ["Riga"], "date": ["2010-01-02"]}
    )
    fig, data = ffig.plot_quotations(quotes, documents)
    cells = fig.axes[0].tables[0].get_celld()
    lines = cells[1, 3].get_text().get_text().split("\n")
    assert len(lines) > 1 and " ".join(lines) == sentence  # wrapped at spaces, nothing cut
    assert all(not line.endswith("-") for line in lines)  # never inside a hyphenated word
    assert cells[1, 2].get_text().get_text().replace("\n", " ") == "Minister Ann Lee (quoted)"
    assert data.at[0, "document"] == "2010 Riga" and "doc_id" not in data.columns
    # Legible at an A4 page's text width (6.3 in): at most 7 in wide, text of 8 points or more.
    assert fig.get_figwidth() <= 7.0
    assert cells[1, 3].get_text().get_fontsize() * 6.3 / fig.get_figwidth() >= 7
    plt.close(fig)


def test_second_axis_variants_move_the_both_crime_sentences() -> None:
    annotated = _table(
        "Migrant smuggling is organised by criminal networks.",
        "Trafficking in persons harms its victims.",
        "Police arrested traffickers and smugglers.",
    )
    table = fs.second_axis_variants(annotated).set_index(["variant", "vocabulary"])
    coded = table.loc[("as coded (clauses split, both-crime sentences apart)", "security")]
    assert (coded["k_expected"], coded["n_expected"], coded["n_other"]) == (1, 1, 1)
    both = table.loc[("both-crime sentences counted for each crime", "security")]
    assert (both["k_expected"], both["n_expected"], both["k_other"], both["n_other"]) == (
        2,
        2,
        1,
        2,
    )


def test_cue_summary_one_line_per_list() -> None:
    summary = fr.cue_summary(CUES.table)
    assert summary["cues"].sum() == len(CUES.table)
    assert summary["list"].tolist()[:2] == ["trafficking", "smuggling"]
    assert "refugee" in summary["list"].tolist()
    # Words a reader can read, not regular expressions; and where the patterns are.
    assert not summary["examples"].str.contains(r"[()|?\\\[\]]", regex=True).any()
    nexus = summary.set_index("list").loc["nexus"]
    assert nexus["rules"] == "data/framing_cues.csv, list nexus"
    assert "‘link between’" in nexus["examples"]


def test_readable_table_keeps_words_whole() -> None:
    from helpers.base.tables import readable

    table = pd.DataFrame({"sentence": ["a long sentence of words"]})
    shown = readable(table, index=False)
    assert "word-break:normal" in shown._repr_html_()
    assert "overflow-x: auto" in shown._repr_html_()
    assert repr(shown) == table.to_string(index=False)
    with pytest.raises(TypeError, match="DataFrame"):
        readable([1, 2])  # type: ignore[arg-type]


def test_survival_summary_names_the_years_that_move() -> None:
    leaders = pd.DataFrame(
        [
            {"year": 2003, "as_coded": "distinction", "survives": True, "moves_under": ""},
            {"year": 2017, "as_coded": "umbrella", "survives": False,
             "moves_under": "no names: paired 3 of 8"},
        ]
    )  # fmt: skip
    text = fr.survival_summary(leaders)
    assert "every coding variant in 2003 (distinction)" in text
    assert text.endswith("it is not in 2017 (umbrella as coded; no names: paired 3 of 8).")


def test_plot_quotations_keeps_every_year_and_frame_while_there_is_room() -> None:
    pairs = [(2010, "nexus")] * 3 + [(2010, "distinction"), (2011, "nexus"), (2011, "nexus")]
    rows = [
        {"doc_id": "h1", "year": year, "sent_id": i, "frame": frame, "keyword": "k",
         "sentence": f"Sentence {i} of {year}.", "voice": "own", "speaker": ""}
        for i, (year, frame) in enumerate(pairs)
    ]  # fmt: skip
    documents = pd.DataFrame(
        {"doc_id": ["h1"], "year": [2010], "place": ["Riga"], "date": ["2010-01-02"]}
    )
    fig, data = ffig.plot_quotations(pd.DataFrame(rows), documents, max_rows=3)
    assert data["sent_id"].tolist() == [0, 3, 4]  # the first of each year and frame
    assert "3 of 6" in fig.axes[0].get_title(loc="left").replace("\n", " ")
    plt.close(fig)


def test_the_document_level_check_counts_each_document_once() -> None:
    rows = []
    # document A: 10 trafficking units, none with security words; B and C: smuggling with them
    for doc, crime, security, n in [
        ("A", "trafficking", False, 10),
        ("B", "smuggling", True, 2),
        ("C", "smuggling", True, 1),
        ("D", "trafficking", True, 1),
    ]:
        rows += [{"document": doc, "crime": crime, "security": security, "rights": False}] * n
    units = pd.DataFrame(rows)
    table = fs.security_rights_by_document(units)
    assert table[["document", "crime", "n", "security"]].values.tolist() == [
        ["A", "trafficking", 10, 0], ["B", "smuggling", 2, 2], ["C", "smuggling", 1, 1],
        ["D", "trafficking", 1, 1]]  # fmt: skip
    security, rights = fs.document_level_tests(units)
    # two documents a side: shares (1, 1) against (0, 1), difference +50 points, and only
    # 6 ways to share four documents out, so the test cannot reach 0.05
    assert security.effect == pytest.approx(0.5)
    assert security.strength == "inconclusive" and "too few documents" in security.text
    assert "permutation test over documents" in security.text
    pooled = fs.security_rights_tests(units.assign(split=False, refugee=False))[0]
    assert "10 of the 11 trafficking units come from one document (A)" in pooled.text


def test_the_document_level_check_needs_two_documents_a_side() -> None:
    units = pd.DataFrame({"document": ["A", "B"], "crime": ["trafficking", "smuggling"],
                          "security": [True, False], "rights": [False, True]})  # fmt: skip
    assert all(f.text.startswith("Not testable") for f in fs.document_level_tests(units))


def test_quotation_pages_split_many_quotations_into_parts_of_a_page() -> None:
    sentence = "Smugglers and traffickers use the same routes, " * 4 + "officials said."
    rows = [
        {"doc_id": "h1", "year": 2010, "sent_id": i, "frame": "nexus", "keyword": "same routes",
         "sentence": sentence, "voice": "own", "speaker": ""}
        for i in range(30)
    ]  # fmt: skip
    documents = pd.DataFrame(
        {"doc_id": ["h1"], "year": [2010], "place": ["Riga"], "date": ["2010-01-02"]}
    )
    parts = ffig.quotation_pages(pd.DataFrame(rows), documents)
    assert len(parts) > 1
    assert [i for part in parts for i in part["sent_id"]] == list(range(30))  # all, in order
    for number, part in enumerate(parts, start=1):
        fig, data = ffig.plot_quotations(part, documents, part=(number, len(parts)))
        assert fig.get_figheight() <= ffig.PAGE_HEIGHT + 0.01
        assert f"part {number} of {len(parts)}" in fig.axes[0].get_title(loc="left")
        plt.close(fig)
    assert len(ffig.quotation_pages(pd.DataFrame(rows[:2]), documents)) == 1
    assert ffig.quotation_pages(pd.DataFrame(rows[:0], columns=list(rows[0])), documents) == []
