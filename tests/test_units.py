"""The annotation table: each rule of ``helpers.reading.units`` on small made-up texts.

Every sentence here was written for the test; none is copied from a page.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.reading import counted as masking
from helpers.reading import units as u
from helpers.reading import views
from helpers.rules.cues import cues_from_table, read_cues
from helpers.rules.senses import read_senses


@pytest.fixture(scope="module")
def cues():
    return read_cues()


def _one(text: str, cues, **kwargs) -> list[u.Clause]:
    return u.read_sentence(text, cues, read_senses(), **kwargs)


class _Corpus:
    """A made-up corpus: two documents, one of them with a title."""

    def __init__(self, texts: dict[str, list[str]]) -> None:
        rows = []
        for doc_id, sentences in texts.items():
            for sent_id, text in enumerate(sentences):
                part = "title" if sent_id == 0 else "body"
                rows.append((doc_id, sent_id, sent_id, part, text))
        self.sentences = pd.DataFrame(
            rows, columns=["doc_id", "sent_id", "para_id", "part", "text"]
        )
        self.documents = pd.DataFrame(
            {
                "doc_id": list(texts),
                "year": [2010 + i for i in range(len(texts))],
                "place": ["Riga"] * len(texts),
                "date": pd.to_datetime([f"{2010 + i}-05-01" for i in range(len(texts))]),
            }
        )


def _contrast_page(title: str) -> _Corpus:
    """One page: ``title``, a sentence split at "whereas" into two clauses, a plain sentence."""
    return _Corpus({"a": [
        title,
        "Trafficking is a crime against a person, whereas migrant smuggling is a crime against "
        "the State.",
        "Police arrested two smugglers.",
    ]})  # fmt: skip


def test_a_contrast_sentence_is_split_and_the_pronoun_resolved(cues) -> None:
    found = _one(
        "It is a human rights violation, a crime against a person, whereas migrant "
        "smuggling is a crime against the State.",
        cues,
    )
    assert [c.crime for c in found] == ["trafficking", "smuggling"]
    assert {c.frame for c in found} == {"distinction"}
    # the words that define the distinction under test do not count as vocabulary
    assert found[1].security == "" and "the State=defining-security" in found[1].senses
    assert found[0].rights == "" and "defining-rights" in found[0].senses


def test_without_the_split_the_sentence_is_one_unit(cues) -> None:
    text = "Migrant smuggling needs consent, whereas human trafficking uses coercion."
    assert [c.crime for c in _one(text, cues)] == ["smuggling", "trafficking"]
    assert [c.crime for c in _one(text, cues, split=False)] == ["both"]


def test_a_negated_word_does_not_count(cues) -> None:
    found = _one("Migrant smuggling happens with no police presence at all.", cues)
    assert found[0].crime == "smuggling"
    assert found[0].security == "" and "police=negated-security" in found[0].senses
    kept = _one("Migrant smuggling happens where the police are absent.", cues)
    assert kept[0].security == "police"


def test_not_only_does_not_negate(cues) -> None:
    found = _one("Human trafficking is not only a threat to security but a crime.", cues)
    assert "security" in found[0].security and "threat" in found[0].security


def test_punctuation_ends_the_negation(cues) -> None:
    found = _one("Not today, but the police arrested two smugglers.", cues)
    assert found[0].security == "police; arrested"


def test_negation_reaches_three_words_only(cues) -> None:
    near = _one("Smugglers operate without any effective police control.", cues)
    far = _one("Smugglers operate without any help from the local police.", cues)
    assert near[0].security == "" and far[0].security == "police"


def test_words_inside_names_are_neither_crime_nor_vocabulary(cues) -> None:
    found = _one(
        "The Office of the Special Representative for Combating Trafficking in Human Beings "
        "met the Organization for Security and Co-operation in Europe.",
        cues,
    )
    assert found[0].crime == "none" and found[0].frame == "institutional"
    assert "Trafficking" in found[0].in_name
    assert found[0].security == ""


def test_goods_and_refugee_senses_are_recorded(cues) -> None:
    found = _one("Drug trafficking rose, and refugees sought international protection.", cues)
    assert found[0].crime == "none"
    assert "trafficking=goods" in found[0].senses
    assert "international protection=refugee" in found[0].senses
    assert found[0].rights == ""


def test_the_speech_sense_of_address_is_recorded(cues) -> None:
    found = _one("In her address she spoke about human trafficking.", cues)
    assert "address=address-speech" in found[0].senses


def test_an_unframed_sentence_is_a_unit_of_no_crime(cues) -> None:
    found = _one("The weather in Riga was fine.", cues)
    assert [(c.crime, c.frame, c.cues) for c in found] == [("none", "", "")]


def test_build_units_columns_ids_voices_and_themes(cues) -> None:
    corpus = _Corpus(
        {
            "a": [
                "Ministers meet in Riga",
                "Trafficking is a crime against a person, whereas migrant smuggling is a "
                "crime against the State.",
                "Interior Minister Anna Berg said that victims of trafficking need protection.",
            ],
            "b": ["Police arrest smugglers", "The weather was fine."],
        }
    )
    table = u.build_units(corpus, cues)
    assert tuple(table.columns) == u.UNIT_COLUMNS
    assert table["unit_id"].tolist() == ["a#s0", "a#s1.1", "a#s1.2", "a#s2", "b#s0", "b#s1"]
    assert table["document"].tolist()[:1] == ["2010 Riga"]
    assert table["crime"].tolist() == ["none", "trafficking", "smuggling", "trafficking",
                                       "smuggling", "none"]  # fmt: skip
    said = table.set_index("unit_id").loc["a#s2"]
    assert (said["voice"], said["speaker"]) == ("reported", "Interior Minister Anna Berg")
    assert said["rights"] == "victims; protection"
    # the crime themes follow the crime, clause by clause
    themes = table.set_index("unit_id")["themes"]
    assert "trafficking" in themes["a#s1.1"].split(";")
    assert "smuggling" not in themes["a#s1.1"].split(";")
    assert table["part"].tolist() == ["title", "body", "body", "body", "title", "body"]


def test_the_derived_views_agree_with_the_table(cues) -> None:
    corpus = _contrast_page("A title")
    table = u.build_units(corpus, cues)
    whole = views.whole_sentences(table)
    assert whole["unit_id"].tolist() == ["a#s0", "a#s1", "a#s2"]
    assert whole["crime"].tolist() == ["none", "both", "smuggling"]
    flags = views.unit_flags(table)
    assert flags["split"].tolist() == [True, True, False]
    assert flags["defining_security"].tolist() == [False, True, False]
    framed = views.framed_sentences(table, corpus.sentences)
    assert framed["frame"].tolist() == ["distinction", "smuggling"]
    assert framed["sentence"].iloc[0] == corpus.sentences.at[1, "text"]
    matrix = views.theme_flags(table, ["trafficking", "smuggling"])
    assert matrix["trafficking"].tolist() == [False, True, False, False]


def test_an_empty_corpus_gives_an_empty_table(cues) -> None:
    corpus = _Corpus({})
    corpus.sentences = corpus.sentences.iloc[0:0]
    table = u.build_units(corpus, cues)
    assert tuple(table.columns) == u.UNIT_COLUMNS and table.empty


def test_a_not_vocabulary_cue_must_name_a_list(cues) -> None:
    bad = pd.concat(
        [cues.table, pd.DataFrame([{"list": "not_vocabulary", "cue": "elements", "match": "phrase",
                                    "rationale": "x"}])],
        ignore_index=True,
    )  # fmt: skip
    with pytest.raises(ValueError, match="not_vocabulary cue names a list"):
        cues_from_table(bad)


def test_every_column_is_documented() -> None:
    assert list(u.COLUMN_DOCS) == list(u.UNIT_COLUMNS)


def test_units_for_themes_keeps_clauses_or_joins_paragraphs(cues) -> None:
    corpus = _contrast_page("A title")
    corpus.sentences["para_id"] = [0, 1, 1]
    table = u.build_units(corpus, cues)
    sentences = views.units_for_themes(table, corpus.sentences)
    assert sentences["unit_id"].tolist() == ["a#s0", "a#s1.1", "a#s1.2", "a#s2"]
    paragraphs = views.units_for_themes(table, corpus.sentences, "paragraph", include_titles=False)
    assert paragraphs["unit_id"].tolist() == ["a#p1"]
    assert paragraphs.at[0, "crime"] == "both"
    assert {"trafficking", "smuggling"} <= set(paragraphs.at[0, "themes"].split(";"))
    with pytest.raises(ValueError, match="unit must be one of"):
        views.units_for_themes(table, corpus.sentences, "page")


def test_counted_units_mask_the_tables_names_and_mark_goods(cues) -> None:
    corpus = _Corpus(
        {
            "a": [
                "A title on trafficking",
                "The Organization for Security and Co-operation in Europe and the Illicit "
                "Trafficking Branch discussed drug trafficking and human trafficking.",
                '"Smuggling is a crime," said Ambassador Jan Novak. Novak left.',
            ]
        }
    )
    table = u.build_units(corpus, cues)
    assert "Organization for Security and Co-operation in Europe" in table.at[1, "names"]
    assert "drug trafficking=goods" in table.at[1, "senses"]
    assert table.at[2, "people"] == "Jan Novak; Novak" and table.at[2, "speaker"]
    counted = masking.counted_units(table, mask="names", goods=True)
    assert counted.columns.tolist() == list(masking.COUNTED_COLUMNS)
    text = counted.at[0, "text"]
    assert "Security" not in text and "Branch" not in text
    assert "drug trafficking-goods" in text and "human trafficking." in text
    people_only = masking.counted_units(table)  # people masked, nothing else
    assert "Security" in people_only.at[0, "text"] and "-goods" not in people_only.at[0, "text"]
    assert "Novak" not in people_only.at[1, "text"] and "Ambassador" in people_only.at[1, "text"]
    assert "Novak" in masking.counted_units(table, mask="none").at[1, "text"]
    with pytest.raises(ValueError, match="mask must be one of"):
        masking.counted_units(table, mask="places")


def test_counted_documents_join_a_documents_units_and_leave_out_titles(cues) -> None:
    corpus = _contrast_page("A title on trafficking")
    table = u.build_units(corpus, cues)
    texts = masking.counted_documents(table)
    assert texts.columns.tolist() == ["doc_id", "year", "text"]
    assert texts.at[0, "text"].count("\n") == 2  # three units: two clauses and a sentence
    assert "whereas" not in texts.at[0, "text"] and "A title" not in texts.at[0, "text"]
    with_title = masking.counted_documents(table, include_titles=True)
    assert with_title.at[0, "text"].startswith("A title on trafficking\n")
