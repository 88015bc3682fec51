"""One reading of every sentence: the same unit has the same crime, frame, names and
speaker wherever the notebooks, the seminar and the command line show it.

Two kinds of check. The derivations (``helpers.reading.units``) are run on the seeds in this
process, so a notebook helper that read a sentence its own way would differ from the
table. And the committed figure data (``figures/*.csv``) are compared with the committed
annotation table (``figures/00_units.csv``), so a notebook that re-split, re-masked or
re-attributed on its own would show it there.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest

from helpers.analysis import framing as framing_stats
from helpers.base.paths import REPO_ROOT, SEEDS_DIR
from helpers.corpus.load import load_corpus
from helpers.reading import themes
from helpers.reading.counted import counted_documents, counted_units, people_table
from helpers.reading.framing import frame_sentence
from helpers.reading.units import UNIT_COLUMNS, build_units
from helpers.reading.views import framed_sentences, theme_flags, units_for_themes, whole_sentences
from helpers.rules.cues import read_cues

FIGURES = REPO_ROOT / "figures"


@pytest.fixture(scope="module")
def seeds():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(SEEDS_DIR)
    cues = read_cues()
    return corpus, cues, build_units(corpus, cues)


def test_the_table_has_every_sentence_once_or_as_its_clauses(seeds) -> None:
    corpus, _, table = seeds
    assert tuple(table.columns) == UNIT_COLUMNS
    assert table["unit_id"].is_unique
    keys = set(zip(corpus.sentences["doc_id"], corpus.sentences["sent_id"], strict=True))
    assert set(zip(table["doc_id"], table["sent_id"], strict=True)) == keys


def test_framed_sentences_carry_the_tables_frame_crime_and_speaker(seeds) -> None:
    corpus, cues, table = seeds
    framed = framed_sentences(table, corpus.sentences)
    by_sentence = table.groupby(["doc_id", "sent_id"], sort=False)
    for row in framed.itertuples(index=False):
        units = by_sentence.get_group((row.doc_id, row.sent_id))
        assert set(units["frame"]) == {row.frame}
        assert set(units["speaker"]) == {row.speaker} and set(units["voice"]) == {row.voice}
        crimes = set(units["crime"]) - {"none"}
        assert row.mentions_trafficking == bool(crimes & {"trafficking", "both"})
        assert row.mentions_smuggling == bool(crimes & {"smuggling", "both"})
        # the frame is the framing rules' frame of the whole sentence
        assert frame_sentence(row.sentence, cues)[0] == row.frame


def test_theme_units_and_the_second_axis_carry_the_tables_crime(seeds) -> None:
    corpus, cues, table = seeds
    codebook = themes.read_codebook(cues=cues)
    units = units_for_themes(table, corpus.sentences)
    matrix = theme_flags(units, codebook.names)
    assert units["unit_id"].tolist() == table["unit_id"].tolist()
    for crime in themes.CRIMES:
        assert matrix[crime].tolist() == table["crime"].isin([crime, "both"]).tolist()
    axis = framing_stats.crime_units(table)
    keyed = table.set_index("unit_id")
    assert (axis["crime"].to_numpy() == keyed.loc[axis["unit_id"], "crime"].to_numpy()).all()
    # whole sentences are the table's clauses joined back, not a second reading
    whole = whole_sentences(table)
    assert len(whole) == len(corpus.sentences)


def test_names_never_count_as_vocabulary_in_the_term_counts(seeds) -> None:
    corpus, cues, table = seeds
    texts = counted_documents(table, mask="names", goods=True, include_titles=True)
    everything = " ".join(texts["text"])
    for cell in table["in_name"]:
        for words in filter(None, str(cell).split("; ")):
            # a crime word found only inside a name may recur outside names, but the name
            # itself (its head word and the crime word together) never reaches the count
            assert f"{words} in Human Beings" not in everything
    assert "Organization for Security" not in everything


@pytest.mark.parametrize("name", ["02_framing_sentences", "02_quotations"])
def test_the_committed_figures_of_02_agree_with_the_committed_table(name: str) -> None:
    table = pd.read_csv(FIGURES / "00_units.csv", dtype=str, keep_default_na=False)
    shown = pd.read_csv(FIGURES / f"{name}.csv", dtype=str, keep_default_na=False)
    keyed = table.drop_duplicates(["document", "sent_id"]).set_index(["document", "sent_id"])
    keys = pd.MultiIndex.from_frame(shown[["document", "sent_id"]])
    assert keys.isin(keyed.index).all()
    for column in ("frame", "voice", "speaker"):
        assert (shown[column].to_numpy() == keyed[column].reindex(keys).to_numpy()).all(), column


def test_the_committed_theme_units_of_04_agree_with_the_committed_table() -> None:
    table = pd.read_csv(FIGURES / "00_units.csv", dtype=str, keep_default_na=False)
    shown = pd.read_csv(FIGURES / "04_theme_units.csv", dtype=str, keep_default_na=False)
    suffix = shown["unit_id"].str.extract(r"(#s[\d.]+)$", expand=False)
    assert (shown["doc_id"] + suffix).tolist() == table["unit_id"].tolist()
    assert shown["themes"].tolist() == table["themes"].tolist()
    assert shown["text"].tolist() == table["text"].tolist()


def test_the_name_finder_and_the_speaker_finder_agree_on_who_speaks(seeds) -> None:
    """One finder of names: every person whose name is masked is a speaker of the same
    document, and every speaker the page names by a person's name has that name masked
    wherever its surname stands in the document."""
    from helpers.rules.name_finder import name_rules, person_of
    from helpers.rules.people import surname_of

    corpus, _, table = seeds
    people = people_table(table)
    assert len(people) >= 10
    for row in people.itertuples(index=False):
        assert row.speaker and row.surname in row.speaker, row
    rules = name_rules(list(corpus.sentences["text"]))
    counted = counted_units(table, include_titles=True).set_index("unit_id")["text"]
    for _, units in table.groupby("doc_id"):
        for speaker in set(units["speaker"]) - {""}:
            person = person_of(speaker, rules)
            if not person:
                continue
            surname = surname_of(person)
            for unit in units.itertuples(index=False):
                if surname in unit.text:
                    assert surname in unit.people, (unit.unit_id, speaker)
                    assert surname not in counted[unit.unit_id]


def test_names_and_speakers_agree_between_02_03_04_and_the_seminar(seeds) -> None:
    """02 (framed sentences), 03 (counted words and people), 04 (theme units) and the
    seminar (its speakers and top terms) all take names and speakers from the table."""
    from helpers.analysis import terms as terms_stats
    from helpers.rules import senses
    from helpers.rules import words as terms
    from helpers.teaching import terms as seminar

    corpus, _, table = seeds
    framed = framed_sentences(table, corpus.sentences)  # 02
    by_sentence = table.groupby(["doc_id", "sent_id"])["speaker"].agg(set)
    for row in framed.itertuples(index=False):
        assert by_sentence[(row.doc_id, row.sent_id)] == {row.speaker}
    themed = units_for_themes(table, corpus.sentences)  # 04: the table's own units
    assert themed["text"].tolist() == table["text"].tolist()
    body = table[table["part"] != "title"]
    words = counted_units(table)  # 03: the people of each unit, and nothing else, masked
    for unit, text in zip(body.itertuples(index=False), words["text"], strict=True):
        for name in filter(None, unit.people.split("; ")):
            assert name not in text
    for year, group in table.groupby("year"):  # the seminar's speakers are the table's
        named = " ".join(group["speaker"]).casefold()
        assert seminar.speaker_words(table, year) == set(re.findall(r"[^\W\d_][\w'-]*", named))
    texts, _ = senses.apply_senses(counted_documents(table), senses.read_senses())
    analyzer = terms.make_analyzer(texts["text"], terms.read_stop_words())
    weights = terms_stats.tfidf_by_period(terms_stats.pool_by_period(texts), analyzer)
    top = terms_stats.top_terms(weights, n=20)
    pd.testing.assert_frame_equal(seminar.top_terms_by_year(table, n=20), top)  # 03 = seminar
    surnames = {s.casefold() for s in people_table(table)["surname"]}
    assert not {w for t in top["term"] for w in t.split()} & surnames


def test_the_committed_table_names_the_people_03_lists() -> None:
    table = pd.read_csv(FIGURES / "00_units.csv", dtype=str, keep_default_na=False)
    assert tuple(table.columns) == UNIT_COLUMNS
    for row in table.itertuples(index=False):
        people = [p for p in row.people.split("; ") if p]
        names = [n for n in row.names.split("; ") if n]
        assert all(any(p in n for n in names) for p in people), row.unit_id
