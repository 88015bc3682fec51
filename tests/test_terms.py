"""Tests of helpers.rules.words: terms, names of people, TF-IDF by period, keyness, drift,
stability."""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from sklearn.feature_extraction.text import (  # noqa: E402
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    TfidfVectorizer,
)

from helpers.analysis import keyness, periods
from helpers.analysis import stability as terms_stability
from helpers.analysis import terms as terms_stats
from helpers.base import text as text_layer
from helpers.base.paths import SEEDS_DIR  # noqa: E402
from helpers.base.rule_files import read_word_list
from helpers.corpus.load import load_corpus  # noqa: E402
from helpers.corpus.sentences import split_sentences  # noqa: E402
from helpers.figures import terms as terms_figures
from helpers.reading import counted as masking
from helpers.reading import units
from helpers.rules import name_cues, name_finder, people
from helpers.rules import words as terms

FIXTURES = Path(__file__).parent / "fixtures"

STOP = terms.read_stop_words()


def docs(*rows: tuple[str, int, str]) -> pd.DataFrame:
    """A documents table from ``(doc_id, year, text)`` rows (titles empty)."""
    return pd.DataFrame(
        [{"doc_id": d, "year": y, "title": "", "text": t} for d, y, t in rows],
        columns=["doc_id", "year", "title", "text"],
    )


def table(*rows: tuple[str, int, str], title: str = "") -> pd.DataFrame:
    """The annotation table of made-up documents ``(doc_id, year, text)``: each text's
    sentences (``sentences.split_sentences``) after an optional title, as the loader
    gives them."""
    documents, sentences = [], []
    for doc_id, year, text in rows:
        documents.append({"doc_id": doc_id, "year": year, "place": "Vienna",
                          "date": f"{year}-01-01", "title": title, "text": text})  # fmt: skip
        found = ([title] if title else []) + split_sentences(text)
        for number, sentence in enumerate(found, start=0 if title else 1):
            part = "title" if title and number == 0 else "body"
            sentences.append({"doc_id": doc_id, "sent_id": number, "para_id": number,
                              "part": part, "text": sentence})  # fmt: skip
    corpus = SimpleNamespace(documents=pd.DataFrame(documents), sentences=pd.DataFrame(sentences))
    return units.build_units(corpus)


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS_DIR)


@pytest.fixture(scope="module")
def seed_units(seeds):
    return units.build_units(seeds)


# --- word lists -------------------------------------------------------------


def test_stop_words_are_sklearn_plus_project():
    project = set(terms.read_stop_words(english=False))
    assert {"said", "today"} <= project
    assert set(ENGLISH_STOP_WORDS) | project == set(STOP)


def test_project_stop_list_holds_no_framing_word():
    analyzer = terms.TermAnalyzer(frozenset())
    framing = set()
    for entry in read_word_list(terms.FRAMING_TERMS_FILE):
        framing.update(analyzer.term(entry)[0].split())
    assert not framing & set(terms.read_stop_words(english=False))


def test_name_cues_file_reads():
    cues = name_cues.read_name_cues()
    assert "Mr" in cues.honorifics
    assert ("Special", "Representative") in cues.roles
    assert ("said",) in cues.speech_verbs and ("was", "quoted") in cues.speech_verbs
    assert "office" in cues.organisation_words


def test_name_cues_keep_each_kinds_case_and_skip_switched_off_rows():
    cues = name_cues.read_name_cues(FIXTURES / "name_cues.csv")
    assert cues.honorifics == {"Mr", "Ms", "Dr"}  # the full stop of "Ms." dropped
    assert cues.roles == (  # longest first, so the longest role that matches counts
        ("Member", "of", "Parliament"),
        ("Special", "Representative"),
        ("Ambassador",),
        ("Co-ordinator",),
        ("Coordinator",),
        ("Vice-President",),
    )  # fmt: skip  (and not "Director": its row is switched off)
    assert cues.speech_verbs[0] == ("pointed", "out") and ("was", "quoted") in cues.speech_verbs
    assert cues.organisation_words == {"office", "union"}


def test_every_row_of_the_name_cue_file_is_a_phrase_with_a_reason():
    table = pd.read_csv(name_cues.NAME_CUES_FILE, dtype=str, keep_default_na=False)
    table = pd.concat([table, name_cues.speech_verb_rows()], ignore_index=True)
    table = table[~table["kind"].str.startswith("#")]
    assert set(table["kind"]) == set(name_cues.NAME_CUE_KINDS)
    assert set(table["match"]) == {"phrase"} and table["rationale"].str.strip().ne("").all()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"kind": "title"}, r"row 3 \('title', 'Mayor'\): unknown kind"),
        ({"match": "glob", "cue": "May*"}, r"row 3 \('role', 'May\*'\): glob cue .* only 'phrase'"),
        ({"match": "regex"}, r"row 3 \('role', 'Mayor'\): regex cue .* only 'phrase'"),
        ({"match": "fuzzy"}, r"row 3 \('role', 'Mayor'\): unknown match 'fuzzy'"),
        ({"cue": "Vice\u2013Mayor"}, r"row 3 \('role', 'Vice\u2013Mayor'\): .*is not a word"),
        ({"cue": " "}, r"row 3 \('role', ''\): empty phrase"),
        ({"kind": "honorific", "cue": "Her Excellency"}, r"row 3 .*: an honorific is one word"),
        ({"rationale": " "}, r"row 3 \('role', 'Mayor'\): no rationale"),
    ],
)
def test_a_bad_name_cue_is_named_with_its_file_and_row(tmp_path, row, message):
    good = {"kind": "role", "cue": "Mayor", "match": "phrase", "rationale": "Heads of cities."}
    path = tmp_path / "cues.csv"
    pd.DataFrame([good, {**good, **row}]).to_csv(path, index=False)
    with pytest.raises(ValueError, match=rf"^cues\.csv: {message}"):
        name_cues.read_name_cues(path)


def test_a_name_cue_table_needs_its_columns():
    with pytest.raises(ValueError, match="name cue table: the table has no column .match."):
        name_cues.name_cues_from_table(pd.DataFrame({"kind": ["role"], "cue": ["Mayor"],
                                                 "rationale": ["x"]}))  # fmt: skip


# --- terms ------------------------------------------------------------------


def analyse(text: str, corpus: list[str] | None = None, ngrams=(1, 2)) -> list[str]:
    return terms.make_analyzer(corpus or [text], STOP, ngrams)(text)


def test_case_and_apostrophes_are_normalised():
    straight = analyse("The Organization's traffickers' routes")
    curly = analyse("the organization\u2019s Traffickers\u2019 routes")
    assert straight == curly
    assert "organization" in straight and "traffickers" in straight


def test_terms_read_quotes_and_dashes_as_the_text_layer_does():
    # every quote, dash and dropped character of helpers.base.text, mixed with plain words
    special = "".join([*text_layer.QUOTES, *text_layer.DASHES, *text_layer.DROP])
    sample = "Co" + "".join(f"{ch}op {ch}" for ch in special) + " Kozhara said"
    # terms keeps case and spacing; the text layer folds case and collapses spaces
    assert " ".join(terms.normalise_text(sample).lower().split()) == text_layer.normalise(sample)
    assert terms.normalise_text("OSCE\u02bcs\u00a0Office") == "OSCE's Office"  # two additions
    assert terms.normalise_text("Co\u2013operation, 2003\u20132008") == "Co-operation, 2003-2008"
    en_dash = analyse("co\u2013operation and co-operation, \u201ctrafficking\u201d")
    assert en_dash == ["co-operation", "co-operation", "trafficking"]


def test_terms_come_run_by_run_shortest_first():
    found = analyse("Human rights and the Border'S migrant smuggling networks", ngrams=(1, 3))
    assert found == [
        "human", "rights", "human rights",
        "border", "migrant", "smuggling", "networks", "border migrant", "migrant smuggling",
        "smuggling networks", "border migrant smuggling", "migrant smuggling networks",
    ]  # fmt: skip


def test_hyphenated_words_stay_whole_and_spellings_merge():
    found = analyse("Co-operation and cooperation on migration-related crimes.")
    assert found.count("co-operation") == 2
    assert "migration-related" in found and "migration-related crimes" in found
    assert "cooperation" not in found and "related" not in found


def test_hyphen_variants_rule_generalises():
    mapping = terms.hyphen_variants(
        ["e-mail, email and E-mail", "anti-trafficking antitrafficking"]
    )
    assert mapping == {"antitrafficking": "anti-trafficking", "email": "e-mail"}
    # the most frequent hyphenated spelling wins
    assert terms.hyphen_variants(["co-operate co-operate coop-erate"])["coop-erate"] == "co-operate"


def test_numbers_are_dropped():
    found = analyse("In 2015-2016 some $2.7-4.7 billion; 90% of 11 migrants, 2nd route.")
    assert not [t for t in found if any(ch.isdigit() for ch in t)]
    assert "billion" in found and "migrants" in found and "route" in found


def test_bigrams_never_jump_over_stop_words_punctuation_or_numbers():
    found = analyse("Trafficking in human beings, smuggling; migrants 2016 refugees")
    assert "human beings" in found
    assert "trafficking human" not in found
    assert "beings smuggling" not in found and "smuggling migrants" not in found
    assert "migrants refugees" not in found


def test_no_stop_word_in_any_term():
    found = analyse("The said workshop was today about the smuggling of migrants.")
    words = {w for t in found for w in t.split()}
    assert not words & STOP
    assert "workshop" in found and "smuggling" in found


def test_term_reports_why_a_phrase_cannot_be_counted():
    analyzer = terms.make_analyzer(["co-operation"], STOP)
    assert analyzer.term("Cooperation") == ("co-operation", "")
    assert analyzer.term("smuggling of migrants")[0] is None
    assert "stop word" in analyzer.term("smuggling of migrants")[1]
    assert analyzer.term("a b c d")[0] is None


# --- names of people ----------------------------------------------------------

MADE_UP = (
    "VIENNA, 2 May 2011 - Ambassador Jan Novak, Head of Mission, opened the meeting in "
    "Vienna, Austria. President of Austria Anna Berg welcomed the participants. "
    "Minister of Interior of Germany Karl Weiss stressed that smuggling is a crime. "
    '"Migrants are not criminals," said Nadia Petrova, Deputy Director of the Office. '
    "Mr Weiss and Petrova's team met the OSCE Parliamentary Assembly. Germany said it "
    "would help. Participants said Turkey and Greece must co-operate. Novak agreed."
)


def test_person_names_found_by_context_not_by_list():
    found = masking.people_table(table(("d1", 2011, MADE_UP)))
    assert sorted(found["surname"]) == ["Berg", "Novak", "Petrova", "Weiss"]
    by_surname = found.set_index("surname")
    assert by_surname.at["Novak", "mentions"] == 2  # "Jan Novak" and "Novak agreed"
    assert by_surname.at["Weiss", "mentions"] == 2  # "Karl Weiss" and "Mr Weiss"
    assert by_surname.at["Petrova", "mentions"] == 2  # possessive included
    assert by_surname.at["Petrova", "speaker"].startswith("Nadia Petrova")


def test_places_and_organisations_survive_name_removal():
    text = masking.counted_documents(table(("d1", 2011, MADE_UP)))["text"].iat[0]
    for kept in ("Austria", "Germany", "Turkey", "Greece", "Vienna", "OSCE Parliamentary Assembly"):
        assert kept in text
    for gone in ("Novak", "Anna", "Berg", "Karl", "Weiss", "Nadia", "Petrova"):
        assert gone not in text
    assert text.count(name_finder.NAME_MARK) == 7
    # Python keeps a text of such characters at one byte each: the mark adds no wider one
    assert max(map(ord, text)) <= 0xFF
    assert not text.startswith("VIENNA")  # the dateline is removed


def test_the_name_switch_can_be_turned_off():
    made_up = table(("d1", 2011, MADE_UP))
    kept = masking.counted_documents(made_up, mask="none")
    assert "Karl Weiss" in kept["text"].iat[0]
    assert name_finder.NAME_MARK not in kept["text"].iat[0]


def test_capitalised_common_words_are_not_names():
    text = "Human Beings are not goods. Participants Noted that Human Beings said nothing."
    assert masking.people_table(table(("d1", 2011, text + " human beings")))["surname"].empty


def test_a_lone_surname_is_found_when_another_document_names_the_person():
    made_up = table(
        ("d1", 2011, "The Coordinator, Lena Maric, spoke. Maric said it was late."),
        ("d2", 2012, "Maric said that migrants need protection."),
    )
    found = masking.people_table(made_up)
    assert list(found["doc_id"]) == ["d1", "d2"]
    assert "Maric" not in masking.counted_documents(made_up)["text"].iat[1]


@pytest.mark.parametrize("known", [(), ("Maric",), ("Petrov",), ("Maric", "Lubbers")])
def test_names_waiting_on_a_known_surname_come_out_as_a_second_reading(known):
    # each document is read once: the hits that wait on a known surname are put
    # in where reading it again with those surnames known finds them, in order
    text = (
        "Maric said it was late. Mr Lubbers agreed. Petrov said no, and Maric urged "
        "calm. Ambassador Ivan Petrov said yes. Lubbers stressed the point."
    )
    rules = name_finder.NameRules(name_cues.read_name_cues(), terms.lowercase_words([text]))
    pending: list = []
    first = name_finder.detect(text, rules, frozenset(), pending)
    assert len(pending) >= 3
    again = name_finder.detect(text, rules, frozenset(known))
    assert people.with_known(first, pending, frozenset(known)) == again
    assert len(again) == len(first) + sum(p.word in known for p in pending)


def test_mentions_are_found_from_the_words_around_them():
    # only the words just before each surname are read: the first names, the
    # honorific (also across a line break), a complement, a longer word
    filler = " ".join(["the office met partners and discussed plans"] * 10)
    text = (
        f"Petrov spoke first. {filler}.\nThen Mr. Ivan Petrov said, and the Minister of "
        "Ukraine Petrov agreed; XPetrov and Petrov-Smith did not, but Petrov's team did. "
        "Mr.\nPetrov left. Ms Anna Maria Luisa Petrov closed."
    )
    rules = name_finder.NameRules(name_cues.read_name_cues(), terms.lowercase_words([text]))
    spans = people.name_spans(text, {"Petrov"}, rules)
    assert [text[s:e] for s, e in spans] == [
        "Petrov", "Mr. Ivan Petrov", "Petrov", "Petrov's", "Mr.\nPetrov",
        "Ms Anna Maria Luisa Petrov",
    ]  # fmt: skip
    assert people.name_spans(text, {"Petrov", ""}, rules) == spans
    assert people.name_spans(text, iter(["Petrov"]), rules) == spans  # any iterable


def test_seed_names_are_removed_and_countries_kept(seed_units):
    found = masking.people_table(seed_units)
    assert found["mentions"].sum() >= len(found) >= 10
    texts = masking.counted_documents(seed_units)
    joined = " ".join(texts["text"])
    for surname in found["surname"]:
        assert surname not in joined
    for place in ("Ukraine", "Canada", "Uzbekistan", "Austria", "Turkey", "Vienna", "Kyiv"):
        assert place in joined
    for organisation in ("UNHCR", "UNODC", "IOM", "European Parliament", "OSCE"):
        assert organisation in joined


def test_units_pool_to_the_same_counts_as_documents(seed_units):
    texts = masking.counted_documents(seed_units)
    sentences = masking.counted_units(seed_units)
    analyzer = terms.make_analyzer(texts["text"])
    by_doc = terms_stats.count_by_period(terms_stats.pool_by_period(texts), analyzer)
    by_sentence = terms_stats.count_by_period(terms_stats.pool_by_period(sentences), analyzer)
    pd.testing.assert_frame_equal(by_doc, by_sentence)


# --- TF-IDF -------------------------------------------------------------------

TOY = ["Smugglers sell a service to migrants.", "Traffickers exploit migrants and victims.",
       "Migrants and victims need protection."]  # fmt: skip


def test_smoothed_idf_by_hand():
    assert terms_stats.smoothed_idf(3, 1) == pytest.approx(math.log(4 / 2) + 1)
    assert terms_stats.smoothed_idf(3, 3) == pytest.approx(1.0)
    table = terms_stats.idf_table(5)
    assert list(table["df"]) == [1, 2, 3, 4, 5]
    assert table["idf"].iat[0] == pytest.approx(round(math.log(6 / 2) + 1, 4))
    assert table["idf"].iat[-1] == 1.0


def test_tfidf_steps_match_sklearn():
    analyzer = terms.make_analyzer(TOY, STOP, (1, 1))
    counts_vec = CountVectorizer(analyzer=analyzer)
    counts = pd.DataFrame(
        counts_vec.fit_transform(TOY).toarray(), columns=counts_vec.get_feature_names_out()
    )
    steps = terms_stats.tfidf_steps(counts)
    vectorizer = TfidfVectorizer(analyzer=analyzer)
    matrix = vectorizer.fit_transform(TOY).toarray()
    names = list(vectorizer.get_feature_names_out())
    for row in steps.itertuples():
        assert row.tfidf == pytest.approx(matrix[row.document, names.index(row.term)])
    first = steps[steps["document"] == 0].set_index("term")
    # by hand: 'migrants' is in all three documents, the three other terms in one
    assert first.at["migrants", "idf"] == pytest.approx(1.0)
    norm = math.sqrt(3 * (math.log(2) + 1) ** 2 + 1)
    assert first.at["migrants", "tfidf"] == pytest.approx(1 / norm)
    assert first.at["smugglers", "tfidf"] == pytest.approx((math.log(2) + 1) / norm)


def grouped_texts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d", "e"],
            "year": [2003, 2003, 2008, 2013, 2017],
            "text": ["refugees asylum", "refugees smugglers", "workshop security",
                     "victims trafficking", "migrants smuggling"],
        }
    )  # fmt: skip


def test_pool_by_period_pools_documents_of_a_year():
    pooled = terms_stats.pool_by_period(grouped_texts())
    assert list(pooled["period"]) == [2003, 2008, 2013, 2017]
    assert pooled.set_index("period").at[2003, "n_documents"] == 2
    assert pooled.set_index("period").at[2003, "text"] == "refugees asylum\n\nrefugees smugglers"


def test_pool_by_period_accepts_a_mapping_or_a_function():
    mapping = {2003: "early", 2008: "early", 2013: "late"}  # 2017 has no period: left out
    pooled = terms_stats.pool_by_period(grouped_texts(), mapping)
    assert list(pooled["period"]) == ["early", "late"]
    assert list(pooled["n_documents"]) == [3, 1]
    by_function = terms_stats.pool_by_period(
        grouped_texts(), lambda y: "late" if y > 2010 else "early"
    )
    assert list(by_function["n_documents"]) == [3, 2]
    ranges = periods.periods_by_range(
        [2003, 2008, 2010, 2013], {"A": (2003, 2008), "B": (2013, 2017)}
    )
    assert ranges == {2003: "A", 2008: "A", 2013: "B"}


def test_tfidf_by_period_and_top_terms():
    texts = grouped_texts()
    analyzer = terms.make_analyzer(texts["text"], STOP)
    weights = terms_stats.tfidf_by_period(terms_stats.pool_by_period(texts), analyzer)
    assert list(weights.index) == [2003, 2008, 2013, 2017]
    assert np.allclose((weights**2).sum(axis=1), 1.0)
    top = terms_stats.top_terms(weights, n=2)
    assert list(top.columns) == ["period", "rank", "term", "tfidf"]
    assert top[top["period"] == 2003]["term"].tolist()[0] == "refugees"  # count 2
    assert (top.groupby("period")["rank"].max() <= 2).all()


def test_compare_top_terms_marks_terms_only_in_one_list():
    a = pd.DataFrame({"period": [1, 1], "rank": [1, 2], "term": ["x", "name"], "tfidf": [1, 1]})
    b = pd.DataFrame({"period": [1, 1], "rank": [1, 2], "term": ["x", "y"], "tfidf": [1, 1]})
    table = terms_stats.compare_top_terms(a, b, ("with", "without"), n=2)
    assert table["with"].tolist() == ["x", "name *"]
    assert table["without"].tolist() == ["x", "y *"]


def test_seed_top_terms_have_no_stop_word_number_or_name(seeds, seed_units):
    texts = masking.counted_documents(seed_units)
    analyzer = terms.make_analyzer(texts["text"])
    top = terms_stats.top_terms(
        terms_stats.tfidf_by_period(terms_stats.pool_by_period(texts), analyzer), 25
    )
    assert sorted(top["period"].unique()) == sorted(seeds.documents["year"].unique())
    words = {w for t in top["term"] for w in t.split()}
    assert not words & STOP
    assert not [w for w in words if any(ch.isdigit() for ch in w)]
    surnames = {s.lower() for s in masking.people_table(seed_units)["surname"]}
    assert not words & surnames


# --- framing terms, similarity, drift -----------------------------------------


def test_match_terms_reports_every_entry():
    analyzer = terms.make_analyzer(["co-operation"], STOP)
    table = terms_stats.match_terms(
        ["cooperation", "nexus", "smuggling of migrants"], analyzer, ["co-operation"]
    )
    assert table["status"].tolist()[:2] == ["found", "not used in any period"]
    assert table["status"].iat[2].startswith("cannot be counted")


def test_cosine_and_drift():
    weights = pd.DataFrame(
        [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], index=pd.Index([2003, 2008, 2013], name="period"),
        columns=["a", "b"],
    )  # fmt: skip
    similarity = terms_stats.cosine_similarity_table(weights)
    assert similarity.at[2003, 2008] == 1.0 and similarity.at[2003, 2013] == 0.0
    drift = terms_stats.consecutive_drift(weights)
    assert drift["drift"].tolist() == [0.0, 1.0]
    assert drift[["period_from", "period_to"]].values.tolist() == [[2003, 2008], [2008, 2013]]


# --- keyness ------------------------------------------------------------------


def test_g2_on_a_toy_two_by_two_table():
    # term: 10 of 1,000 words in A, 2 of 1,000 in B -> expected 6 and 6
    by_hand = 2 * (10 * math.log(10 / 6) + 2 * math.log(2 / 6))
    assert keyness.log_likelihood(10, 2, 1000, 1000) == pytest.approx(by_hand)
    assert by_hand == pytest.approx(5.8221, abs=1e-4)
    # a zero count contributes nothing: 2 * 4 * ln(4 / 2)
    assert keyness.log_likelihood(4, 0, 500, 500) == pytest.approx(8 * math.log(2))


def test_log_ratio_and_its_zero_correction():
    assert keyness.log_ratio(1, 4, 100, 100) == pytest.approx(2.0)
    assert keyness.log_ratio(4, 0, 100, 100) == pytest.approx(math.log2(0.5 / 4))


def test_keyness_table():
    counts = pd.DataFrame(
        {"refugees": [7, 1], "victims": [0, 6], "rare": [1, 0]}, index=["early", "late"]
    )
    totals = pd.Series({"early": 1000, "late": 1000})
    n_docs = pd.Series({"refugees": 2, "victims": 1, "rare": 1})
    table = keyness.keyness_table(counts, totals, "early", "late", n_docs, min_count=3)
    assert list(table.columns) == keyness.KEYNESS_TABLE_COLUMNS
    assert "rare" not in set(table["term"])
    row = table.set_index("term")
    assert row.at["victims", "direction"] == "rises" and row.at["refugees", "direction"] == "falls"
    assert row.at["victims", "g2"] == pytest.approx(
        keyness.log_likelihood(0, 6, 1000, 1000), abs=1e-3
    )


# --- stability ----------------------------------------------------------------


def test_bootstrap_is_reproducible_and_bounded(seeds, seed_units):
    texts = masking.counted_documents(seed_units)
    analyzer = terms.make_analyzer(texts["text"])
    sentences = masking.counted_units(seed_units)
    first = terms_stability.bootstrap_top_terms(sentences, analyzer, n_boot=20, seed=7, top_n=5)
    again = terms_stability.bootstrap_top_terms(sentences, analyzer, n_boot=20, seed=7, top_n=5)
    pd.testing.assert_frame_equal(first, again)
    assert first["bootstrap_share"].between(0, 1).all()
    full = terms_stats.top_terms(
        terms_stats.tfidf_by_period(terms_stats.pool_by_period(texts), analyzer), 5
    )
    assert first["term"].tolist() == full["term"].tolist()


def test_leave_one_out_needs_two_documents():
    texts = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "year": [2003, 2003, 2008],
            "text": ["refugees asylum refugees", "refugees smugglers", "workshop security"],
        }
    )
    analyzer = terms.make_analyzer(texts["text"], STOP)
    loo = terms_stability.leave_one_out_top_terms(texts, analyzer, top_n=2).set_index(
        ["period", "term"]
    )
    assert loo.at[(2003, "refugees"), "loo_share"] == 1.0  # in both documents
    assert loo.at[(2003, "refugees"), "loo_runs"] == 2
    assert loo.xs(2008)["loo_share"].isna().all()


# --- figures ------------------------------------------------------------------


def test_plots_return_the_figure_and_the_data_drawn():
    top = pd.DataFrame({"period": [2003, 2003, 2008], "rank": [1, 2, 1],
                        "term": ["a", "b", "c"], "tfidf": [0.5, 0.3, 0.9]})  # fmt: skip
    table = pd.DataFrame({"term": ["a", "a"], "period": [2003, 2008], "tfidf": [0.5, 0.0],
                          "count": [2, 0]})  # fmt: skip
    weights = pd.DataFrame([[1.0, 0.0], [0.6, 0.8]], index=[2003, 2008], columns=["a", "b"])
    stability = top.assign(bootstrap_share=[1.0, 0.5, 0.2], loo_share=[1.0, np.nan, np.nan])
    drift = terms_stats.consecutive_drift(weights)
    drawn = [
        (terms_figures.plot_top_terms(top), top),
        (terms_figures.plot_term_heatmap(table), table),
        (terms_figures.plot_drift(drift), drift),
        (terms_figures.plot_stability(stability), stability),
    ]
    for (fig, data), given in drawn:
        assert isinstance(fig, Figure)
        assert data is given
        plt.close(fig)
    fig, cells = terms_figures.plot_similarity(terms_stats.cosine_similarity_table(weights))
    assert list(cells.columns) == ["period_a", "period_b", "cosine"] and len(cells) == 4
    assert cells["cosine"].iloc[0] == pytest.approx(1.0)
    plt.close(fig)


def test_titles_are_included_only_on_request():
    made_up = table(("d1", 2011, "Smuggling is a crime."), title="Seminar on trafficking")
    assert "trafficking" not in masking.counted_documents(made_up)["text"].iat[0]
    with_title = masking.counted_documents(made_up, include_titles=True)["text"].iat[0]
    assert with_title.startswith("Seminar on trafficking\n")


def test_drift_title_names_the_gaps_between_the_years() -> None:
    from helpers.figures.terms import drift_title

    gaps = pd.DataFrame(
        {"period_from": [2003, 2008, 2013, 2015], "period_to": [2008, 2013, 2015, 2017]}
    )
    title = drift_title(gaps)
    assert "consecutive" not in title and "gaps of 5, 5, 2 and 2 years" in title
    assert "between the years in the corpus" in title
    yearly = pd.DataFrame({"period_from": [2003, 2004], "period_to": [2004, 2005]})
    assert "consecutive years" in drift_title(yearly)
    named = pd.DataFrame({"period_from": ["early"], "period_to": ["late"]})
    assert "successive periods" in drift_title(named)
