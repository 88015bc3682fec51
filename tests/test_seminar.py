"""The seminar's self-checks: right answers pass, wrong answers do not, placeholders wait.

The key's answers are read from the teacher's key itself
(``teacher/05_seminar_key.ipynb``, cells tagged ``answer``), so the key and
these tests cannot drift apart. Every check is run with the key's answer
(it must say "Correct"), with deliberately wrong answers ("Not yet", without
giving the answer away) and with the placeholder ("Not answered yet").
The last tests check the committed notebooks themselves: the student's and
the teacher's versions have the same cells apart from the answers, carry
their outputs, and store no widget state.
"""

from __future__ import annotations

import ast
import json
import warnings
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import teaching as seminar
from helpers.base import paths
from helpers.corpus.load import Corpus, CorpusWarning, load_corpus
from helpers.reading import themes
from helpers.reading.framing import frame_sentence, frame_sentences
from helpers.reading.units import build_units
from helpers.rules.cues import read_cues
from helpers.teaching import answers as seminar_answers
from helpers.teaching import quiz as seminar_quiz
from helpers.teaching import terms as seminar_terms

STUDENT = paths.NOTEBOOKS_DIR / "05_seminar.ipynb"
KEY = paths.REPO_ROOT / "teacher" / "05_seminar_key.ipynb"
ANSWER_NAMES = [
    "answer_a1", "answer_a2", "answer_b1", "answer_b2", "answer_c1", "answer_c2", "answer_d",
    "answer_e1", "answer_e2",
]  # fmt: skip


def answers_in(path: Path) -> dict[str, object]:
    """The values assigned in a notebook's answer cells (tag ``answer``), as Python literals."""
    nb = nbformat.read(path, as_version=4)
    found: dict[str, object] = {}
    for cell in nb.cells:
        if "answer" not in cell.metadata.get("tags", []):
            continue
        for node in ast.parse(cell.source).body:
            assert isinstance(node, ast.Assign), f"an answer cell holds only assignments: {cell.id}"
            found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


@pytest.fixture(scope="module")
def key() -> dict[str, object]:
    return answers_in(KEY)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(paths.SEEDS_DIR)


@pytest.fixture(scope="module")
def framed(corpus: Corpus, cues) -> pd.DataFrame:
    return frame_sentences(corpus.sentences, corpus.documents, cues)


@pytest.fixture(scope="module")
def quiz(framed: pd.DataFrame) -> pd.DataFrame:
    return seminar.frame_quiz(framed)


@pytest.fixture(scope="module")
def units(corpus: Corpus) -> pd.DataFrame:
    return themes.make_units(corpus)


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    return seminar.read_labelled()


def with_page(tmp_path: Path, page: str | None) -> Corpus:
    """The seed corpus plus ``page``, loaded from a copy in ``tmp_path``."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    seminar.copy_corpus_with_page(paths.SEEDS_DIR, folder, page)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(folder)


@pytest.fixture(scope="module")
def checks(corpus, cues, quiz, codebook, units, labelled, tmp_path_factory):
    """Each exercise's check as a function of the answer alone, as the notebook calls it."""
    years = sorted(int(year) for year in corpus.documents["year"])
    first, last = years[0], years[-1]
    pages: dict[str, Corpus] = {}

    def page_check(answer):
        text = answer if isinstance(answer, str) else None
        if text not in pages:
            pages[text] = with_page(tmp_path_factory.mktemp("page"), text)
        return seminar.check_new_page(answer, pages[text], corpus.documents, cues)

    s, d = corpus.sentences, corpus.documents
    annotated = build_units(corpus, cues)
    return {
        "answer_a1": lambda a: seminar.check_search_years(a, s, d),
        "answer_a2": lambda a: seminar.check_search_count(a, s, d),
        "answer_b1": lambda a: seminar.check_quiz_frames(a, quiz, cues),
        "answer_b2": lambda a: seminar.check_quiz_why(a, quiz, cues, number=1),
        "answer_c1": lambda a: seminar.check_new_cue(a, cues.table, s, d, labelled),
        "answer_c2": lambda a: seminar.check_new_pattern(a, codebook.table, cues, units),
        "answer_d": page_check,
        "answer_e1": lambda a: seminar.check_speaker_terms(a, annotated, first),
        "answer_e2": lambda a: seminar.check_what_lists_show(a, d, first, last),
    }


GOOD_PAGE = """Press release
OSCE workshop in Chisinau keeps two crimes apart
CHISINAU, 12 October 2010 - Experts met in Chisinau to discuss migration and crime.
They agreed that trafficking in human beings must be distinguished from migrant smuggling.
"""

# Deliberately wrong answers for every exercise, with a word the hint must contain.
WRONG = {
    "answer_a1": [([2003], "missing"), ([2003, 2008, 2013], "2013"), ("twenty", "list"),
                  ([2003, 2008, 2017], "2017")],
    "answer_a2": [(6, "concordance lines"), (4, "too few"), (9, "too many"), ("five", "whole")],
    "answer_b1": [(["nexus"] * 5, "look again"), (["nexus", "umbrella"], "one frame for each"),
                  (["paired", "umbrella", "nexus", "institutional", "distinction"], "2, 4, 5"),
                  (["nexsus"] * 5, "not a frame"), (5, "list")],
    "answer_b2": [("smugglers", "names a crime"), ("criminal networks", "did not decide"),
                  ("links", "part of the words"), ("between", "part of the words"),
                  ("Smugglers and traffickers often use the same routes, and in some cases",
                   "at most")],
    "answer_c1": [({"list": "nexus", "cue": "migrants", "match": "phrase"}, "also changes"),
                  ({"list": "nexus", "cue": "selling", "match": "phrase"}, "still framed"),
                  ({"list": "distinction", "cue": "sell", "match": "phrase"}, "now framed"),
                  ({"list": "nexxus", "cue": "sell", "match": "phrase"}, "unknown list"),
                  ({"list": "nexus", "cue": "sell"}, "missing key"),
                  ({"list": "nexus", "cue": "(sell", "match": "regex"}, "does not compile"),
                  ("sell migrants to", "dictionary")],
    "answer_c2": [("more", "more specific"), ("live", "still lacks"), ("*lives", "does not build"),
                  (["lives"], "text")],
    "answer_d": [(GOOD_PAGE.replace("CHISINAU, 12 October 2010 - ", ""), "no date"),
                 (GOOD_PAGE.replace("2010", "2003"), "already has a document"),
                 (GOOD_PAGE.replace("must be distinguished from", "and"), "none of its sentences"),
                 (2010, "triple quotes")],
    "answer_e1": [(["smuggling"], "not in the top"), (["asylum"], "whose words"),
                  ([], "at least one"), ("asylum, smugglers", "whose words"), (7, "list")],
    "answer_e2": [("a", "how many documents"), ("c", "what those texts stand for"),
                  ("z", "one letter"), (["b"], "one letter")],
}  # fmt: skip


def test_the_key_answers_every_exercise(key: dict[str, object]) -> None:
    assert sorted(key) == sorted(ANSWER_NAMES)
    assert all(not seminar_answers.is_placeholder(value) for value in key.values())


def test_the_student_notebook_starts_with_placeholders() -> None:
    student = answers_in(STUDENT)
    assert sorted(student) == sorted(ANSWER_NAMES)
    assert all(value is None for value in student.values())


@pytest.mark.parametrize("name", ANSWER_NAMES)
def test_key_answer_is_correct(name: str, key: dict, checks: dict) -> None:
    message = checks[name](key[name])
    assert message.startswith("Correct"), message


@pytest.mark.parametrize("name", ANSWER_NAMES)
@pytest.mark.parametrize("placeholder", [None, ..., "", "   "])
def test_placeholder_is_not_answered_yet(name: str, placeholder: object, checks: dict) -> None:
    assert checks[name](placeholder) == seminar_answers.NOT_ANSWERED


@pytest.mark.parametrize(
    ("name", "answer", "hint"),
    [(name, answer, hint) for name, cases in WRONG.items() for answer, hint in cases],
)
def test_wrong_answer_is_not_yet_with_a_hint(name: str, answer, hint: str, checks: dict) -> None:
    message = checks[name](answer)
    assert message.startswith("Not yet: "), message
    assert hint in message, message


@pytest.mark.parametrize("name", ANSWER_NAMES)
@pytest.mark.parametrize("odd", [object(), {"a": 1}, 3.5, True, ["x"] * 30, {1, 2}])
def test_checks_never_raise(name: str, odd: object, checks: dict) -> None:
    message = checks[name](odd)
    assert message.startswith(("Correct", "Not yet")), message


def test_hints_do_not_give_the_answer_away(checks: dict) -> None:
    assert "2008" not in checks["answer_a1"]([2003])
    assert "5" not in checks["answer_a2"](4) + checks["answer_a2"](9) + checks["answer_a2"](6)
    for wrong in ("criminal networks", "smugglers", "the"):
        message = checks["answer_b2"](wrong)
        assert "same routes" not in message and "links between" not in message
    for wrong in (["asylum"], [], ["smuggling"]):
        message = checks["answer_e1"](wrong)
        assert "unhcr" not in message.lower() and "commissioner" not in message.lower()
    assert "cannot be told apart" not in checks["answer_e2"]("a")  # (b)'s wording stays hidden
    b1 = checks["answer_b1"](["paired"] * 5)
    assert "nexus, umbrella, paired, institutional, distinction" not in b1


def test_right_answers_in_other_forms(checks: dict) -> None:
    assert checks["answer_a1"]("2008, 2003").startswith("Correct")
    assert checks["answer_a1"]((2008, 2003, 2003)).startswith("Correct")
    assert checks["answer_a2"]("5").startswith("Correct")
    assert checks["answer_b1"]("Nexus, umbrella, paired, institutional, distinction").startswith(
        "Correct"
    )
    for why in ("links between", "the same routes", ["same routes"], "Same Routes"):
        assert checks["answer_b2"](why).startswith("Correct"), why
    c1 = checks["answer_c1"]({"list": "nexus", "cue": "sell", "match": "phrase"})
    assert c1.startswith("Correct") and "(optimistic: " in c1  # labels that shaped the cues
    assert checks["answer_c2"]("saved").startswith("Correct")
    assert checks["answer_e1"]("UNHCR, asylum").startswith("Correct")
    assert "asylum: your own reading" in checks["answer_e1"]("UNHCR, asylum")
    assert checks["answer_e2"](" B ").startswith("Correct")


# ------------------------------------------------------------------ answers come from the data


def test_expected_answers_follow_the_corpus(corpus: Corpus, key: dict) -> None:
    """Without the 2008 document, the key's A1 and A2 are no longer right, and 2003 alone is."""
    keep = corpus.documents["year"] != 2008
    documents = corpus.documents[keep]
    sentences = corpus.sentences[corpus.sentences["doc_id"].isin(documents["doc_id"])]
    assert seminar.check_search_years(key["answer_a1"], sentences, documents).startswith("Not yet")
    assert seminar.check_search_years([2003], sentences, documents).startswith("Correct")
    assert seminar.check_search_count(key["answer_a2"], sentences, documents).startswith("Not yet")
    assert seminar.check_search_count(3, sentences, documents).startswith("Correct")


def test_an_empty_search_has_the_empty_answer() -> None:
    sentences = pd.DataFrame({"doc_id": ["a"], "sent_id": [1], "text": ["Nothing to find."]})
    documents = pd.DataFrame({"doc_id": ["a"], "year": [2010]})
    assert seminar.check_search_years([], sentences, documents).startswith("Correct")
    assert seminar.check_search_count(0, sentences, documents).startswith("Correct")
    assert seminar.check_search_years([2010], sentences, documents).startswith("Not yet")


def test_quiz_frames_come_from_the_scheme(framed: pd.DataFrame, cues) -> None:
    quiz = seminar.frame_quiz(framed)
    assert "frame" not in quiz.columns
    assert quiz["number"].tolist() == list(range(1, len(quiz) + 1))
    frames = [frame_sentence(sentence, cues)[0] for sentence in quiz["sentence"]]
    assert sorted(frames) == sorted(seminar_quiz.QUIZ_FRAMES)
    assert quiz.equals(seminar.frame_quiz(framed.iloc[::-1]))  # same quiz in any row order
    # a frame the corpus lacks is left out, not invented
    smaller = seminar.frame_quiz(framed[framed["frame"] != "umbrella"])
    assert len(smaller) == len(quiz) - 1
    text = seminar.quiz_text(quiz)
    assert text.startswith("1. (") and all(f"\n{n}. (" in text for n in range(2, len(quiz) + 1))


def test_why_for_every_kind_of_frame(cues) -> None:
    quiz = pd.DataFrame(
        {
            "number": [1, 2, 3],
            "sentence": [
                "They will update the OSCE Action Plan to Combat Trafficking in Human Beings.",
                "Inevitably, traffickers and smugglers take advantage of displacement.",
                "It is a crime against a person, whereas human smuggling is a crime against the "
                "State.",
            ],
        }
    )
    right = {1: ["Action Plan", "OSCE Action Plan to Combat Trafficking in Human Beings"],
             2: ["traffickers and smugglers", "smugglers"], 3: ["whereas"]}  # fmt: skip
    wrong = {1: ["update", "Plan"], 2: ["displacement"], 3: ["person", "smuggling"]}
    for number, answers in right.items():
        for answer in answers:
            message = seminar.check_quiz_why(answer, quiz, cues, number=number)
            assert message.startswith("Correct"), (number, answer, message)
    for number, answers in wrong.items():
        for answer in answers:
            message = seminar.check_quiz_why(answer, quiz, cues, number=number)
            assert message.startswith("Not yet"), (number, answer, message)
    assert seminar.check_quiz_why("x", quiz, cues, number=9).startswith("Not yet: there is no")


# ------------------------------------------------------------------ the helpers


def test_add_cue_and_add_pattern_copy_the_tables(cues, codebook) -> None:
    row = {"list": "nexus", "cue": "sell", "match": "phrase"}
    edited = seminar.add_cue(cues.table, row)
    assert len(edited) == len(cues.table) + 1 and edited.iloc[-1]["rationale"] == ""
    assert len(cues.table) == len(read_cues().table)  # the original is unchanged
    assert seminar.add_cue(cues.table, None).equals(cues.table)
    for bad in ("sell", {"list": "nexus"}, {**row, "colour": "red"}):
        with pytest.raises(ValueError):
            seminar.add_cue(cues.table, bad)
    table = seminar.add_pattern(codebook.table, "victims", "lives")
    patterns = table.set_index("theme").at["victims", "patterns"]
    assert patterns.endswith("; lives")
    assert not codebook.table.set_index("theme").at["victims", "patterns"].endswith("lives")
    with pytest.raises(ValueError, match="no theme"):
        seminar.add_pattern(codebook.table, "weather", "sun")


def test_table_helpers_name_a_missing_column(corpus: Corpus, framed, quiz, cues, codebook) -> None:
    s, d = corpus.sentences, corpus.documents
    calls = {
        ("check_search_count", "text"): lambda: seminar.check_search_count(
            None, s.drop(columns="text"), d
        ),
        ("check_quiz_why", "number"): lambda: seminar.check_quiz_why(
            None, quiz.drop(columns="number"), cues
        ),
        ("frame_quiz", "frame"): lambda: seminar.frame_quiz(framed.drop(columns="frame")),
        ("quiz_text", "number"): lambda: seminar.quiz_text(quiz.drop(columns="number")),
        ("add_cue", "match"): lambda: seminar.add_cue(cues.table.drop(columns="match"), None),
        ("add_pattern", "patterns"): lambda: seminar.add_pattern(
            codebook.table.drop(columns="patterns"), "victims", "lives"
        ),
        ("year_changes", "frame"): lambda: seminar.year_changes(
            d, framed, d, framed.drop(columns="frame")
        ),
    }
    for (name, column), call in calls.items():
        with pytest.raises(ValueError, match=f"^{name}: the table has no column '{column}'"):
            call()


def test_copy_corpus_with_page_leaves_the_source_alone(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir()
    target.mkdir()
    (source / "a.txt").write_text("one", encoding="utf-8")
    (source / "sub").mkdir()
    names = seminar.copy_corpus_with_page(source, target, "my text")
    assert names == ["a.txt", seminar.PAGE_FILE]
    assert sorted(p.name for p in source.iterdir()) == ["a.txt", "sub"]
    assert (target / seminar.PAGE_FILE).read_text(encoding="utf-8") == "my text"


def test_year_changes_marks_the_new_year(tmp_path: Path, corpus: Corpus, framed, cues) -> None:
    new = with_page(tmp_path, GOOD_PAGE)
    new_framed = frame_sentences(new.sentences, new.documents, cues)
    table = seminar.year_changes(corpus.documents, framed, new.documents, new_framed)
    assert table.loc[table["changed"], "year"].tolist() == [2010]
    row = table.set_index("year").loc[2010]
    assert (row["documents_before"], row["documents_after"]) == (0, 1)
    assert (row["distinction_before"], row["distinction_after"]) == (0, 1)


def test_side_by_side(corpus: Corpus) -> None:
    top = seminar.top_terms_by_year(build_units(corpus), n=5)
    table = seminar.side_by_side(top, 2003, 2017)
    assert list(table.columns) == ["2003", "2017"] and table.index.tolist() == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="2004"):
        seminar.side_by_side(top, 2003, 2004)


def test_what_lists_show_follows_the_number_of_documents() -> None:
    few = pd.DataFrame({"doc_id": ["a", "b"], "year": [2001, 2002]})
    many = pd.DataFrame({"doc_id": [f"d{i}" for i in range(10)], "year": [2001] * 5 + [2002] * 5})
    assert seminar.check_what_lists_show("a", few, 2001, 2002).startswith("Not yet")
    assert seminar.check_what_lists_show("b", few, 2001, 2002).startswith("Correct")
    assert seminar.check_what_lists_show("a", many, 2001, 2002).startswith("Correct, with care")
    assert seminar.check_what_lists_show("c", many, 2001, 2002).startswith("Not yet")


def test_speaker_terms_need_no_speaker_when_the_page_names_none() -> None:
    table = pd.DataFrame({"year": [2010], "speaker": [""]})
    words = seminar_terms.speaker_words(table, 2010)
    assert words == set()


# ------------------------------------------------------------------ the committed notebooks


def test_student_and_key_have_the_same_cells_but_the_answers() -> None:
    student = nbformat.read(STUDENT, as_version=4)
    teacher = nbformat.read(KEY, as_version=4)
    assert [c.cell_type for c in student.cells] == [c.cell_type for c in teacher.cells]
    assert [c.id for c in student.cells] == [c.id for c in teacher.cells]
    for mine, theirs in zip(student.cells[1:], teacher.cells[1:], strict=True):
        tags = mine.metadata.get("tags", [])
        assert tags == theirs.metadata.get("tags", [])
        if "answer" not in tags:
            assert mine.source == theirs.source, mine.id
    assert teacher.cells[0].source.startswith(student.cells[0].source)
    assert "Teacher's key" in teacher.cells[0].source


@pytest.mark.parametrize("path", [STUDENT, KEY], ids=["student", "key"])
def test_committed_notebook_runs_in_order_with_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code] == list(range(1, len(code) + 1))
    assert all(cell.outputs for cell in code if "answer" not in cell.metadata.get("tags", []))
    assert "widgets" not in nb.metadata  # no widget state stored
    text = json.dumps([cell.get("outputs", []) for cell in code], ensure_ascii=False)
    assert "application/vnd.jupyter.widget" not in text
    for forbidden in (str(paths.REPO_ROOT), "/tmp/", str(Path.home()) + "/"):
        assert forbidden not in text


@pytest.mark.parametrize(
    ("path", "expected"), [(STUDENT, "Not answered yet"), (KEY, "Correct")], ids=["student", "key"]
)
def test_committed_self_checks_say(path: Path, expected: str) -> None:
    nb = nbformat.read(path, as_version=4)
    # Each check cell shows its verdicts as a Markdown list, one item per answer.
    lines = [
        line.removeprefix("- ")
        for cell in nb.cells
        if "self-check" in cell.metadata.get("tags", [])
        for output in cell.outputs
        for line in output.get("data", {}).get("text/markdown", "").splitlines()
        if line.startswith("- ")
    ]
    assert len(lines) == len(ANSWER_NAMES)
    assert all(line.split(": ", 1)[1].startswith(expected) for line in lines), lines


def test_quiz_text_names_documents_by_year_and_place(corpus: Corpus, quiz: pd.DataFrame) -> None:
    text = seminar.quiz_text(quiz, documents=corpus.documents)
    assert "(2003 Vienna, sentence" in text
    assert not any(doc_id in text for doc_id in corpus.documents["doc_id"])
