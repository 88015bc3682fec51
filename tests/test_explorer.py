"""The concordance explorer: the pure view, its text, and the static/live switch."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from helpers.analysis.concordance import kwic
from helpers.base import paths
from helpers.base.paths import STATIC_ENV
from helpers.corpus.load import load_corpus
from helpers.reading.framing import frame_sentences
from helpers.rules.cues import read_cues
from helpers.teaching.kwic_explorer import (
    CONTROL_HELP,
    LIVE_ENV,
    PER_YEAR_COLUMNS,
    VIEW_COLUMNS,
    Explorer,
    explore,
    explorer,
    format_kwic,
    live_requested,
)

SENTENCES = pd.DataFrame(
    {
        "doc_id": ["b", "b", "a", "a", "a"],
        "sent_id": [1, 2, 0, 1, 2],
        "text": [
            "Smugglers and traffickers often use the same routes.",
            "The weather was fine that day in Vienna.",
            "Migrant smuggling rose",
            "We must distinguish trafficking from smuggling, said the smuggling expert.",
            "Nothing here names a crime at all.",
        ],
    }
)
FRAMED = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b"],
        "sent_id": [0, 1, 1],
        "frame": ["smuggling", "distinction", "nexus"],
    }
)
DOCUMENTS = pd.DataFrame({"doc_id": ["a", "b"], "year": [2003, 2015]})


def view(term: str = "smuggl", **settings) -> tuple[pd.DataFrame, pd.DataFrame]:
    return explore(SENTENCES, FRAMED, DOCUMENTS, term, **settings)


# ------------------------------------------------------------------ the pure view


def test_view_has_its_columns_and_sorts_by_year() -> None:
    lines, per_year = view()
    assert list(lines.columns) == list(VIEW_COLUMNS)
    assert list(per_year.columns) == list(PER_YEAR_COLUMNS)
    # the 2003 document 'a' comes first although 'b' comes first in the sentences table
    assert lines[["year", "doc_id", "sent_id"]].values.tolist() == [
        [2003, "a", 0], [2003, "a", 1], [2003, "a", 1], [2015, "b", 1]]  # fmt: skip
    assert lines["frame"].tolist() == ["smuggling", "distinction", "distinction", "nexus"]
    assert lines["keyword"].tolist() == ["smuggling", "smuggling", "smuggling", "Smugglers"]


def test_per_year_counts_matches_sentences_and_rate() -> None:
    _, per_year = view()
    rows = per_year.set_index("year")
    assert rows.loc[2003, "documents"] == 1 and rows.loc[2003, "sentences"] == 3
    assert rows.loc[2003, "matches"] == 3 and rows.loc[2003, "sentences_matched"] == 2
    words_2003 = 3 + 10 + 7
    assert rows.loc[2003, "words"] == words_2003
    assert math.isclose(rows.loc[2003, "per_1000_words"], 1000 * 3 / words_2003)
    assert rows.loc[2015, "matches"] == 1 and rows.loc[2015, "sentences"] == 2


def test_frame_filter_with_none_for_unframed_sentences() -> None:
    lines, per_year = view("the", frames=["none"])
    assert set(lines["frame"]) == {"none"}
    assert sorted(lines["sent_id"].tolist()) == [2]  # 'The weather ...' (b, 2); 'a' 2 has no 'the'
    assert per_year.set_index("year").loc[2003, "sentences"] == 1  # only a, sent 2 in view
    lines, _ = view(frames=["nexus"])
    assert lines[["doc_id", "sent_id"]].values.tolist() == [["b", 1]]
    lines, _ = view(frames="distinction")  # a single frame may be given as text
    assert set(lines["frame"]) == {"distinction"}


def test_year_filter_keeps_requested_years_even_without_documents() -> None:
    lines, per_year = view(years=[2015, 2010])
    assert set(lines["year"]) == {2015}
    assert per_year["year"].tolist() == [2010, 2015]
    empty = per_year.set_index("year").loc[2010]
    assert empty["documents"] == 0 and empty["matches"] == 0
    assert pd.isna(empty["per_1000_words"])
    lines, per_year = view(years=[])
    assert lines.empty and per_year.empty


def test_window_sort_and_regex() -> None:
    lines, _ = view(window=1)
    assert lines.loc[1, "left"] == "… from" and lines.loc[1, "right"] == ", …"
    by_right, _ = view(sort_by="right")
    # By words, punctuation skipped: a line whose right side opens with a comma is not first.
    keys = [" ".join(re.findall(r"[^\W_]+", right.casefold())) for right in by_right["right"]]
    worded = [key for key in keys if key]
    assert keys == worded + [""] * (len(keys) - len(worded)) and worded == sorted(worded)
    assert not by_right["right"].iloc[0].startswith(",")
    assert sorted(by_right["right"]) == sorted(view()[0]["right"])
    lines, _ = view(r"smuggl\w+|traffick\w+", regex=True, years=[2015])
    assert lines["keyword"].tolist() == ["Smugglers", "traffickers"]
    # the pattern language: a phrase is whole words, a glob the same as the default prefix
    assert view("smuggl", match="phrase")[0].empty
    assert view("smuggl*", match="glob")[0].equals(view("smuggl")[0])
    assert view("smugglers", match="phrase", years=[2015])[0]["keyword"].tolist() == ["Smugglers"]


@pytest.mark.parametrize(
    ("term", "settings", "message"),
    [
        ("", {}, "type a word"),
        ("   ", {}, "type a word"),
        ("smuggl", {"frames": ["nexxus"]}, "unknown frame"),
        ("smuggl", {"sort_by": "middle"}, "sort_by"),
        ("smuggl", {"window": -1}, "window"),
        ("(smuggl", {"regex": True}, "does not compile"),
    ],
)
def test_bad_settings_raise_value_error(term: str, settings: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        view(term, **settings)


def test_view_agrees_with_kwic_on_the_seed_corpus() -> None:
    corpus = load_corpus(paths.SEEDS_DIR)
    framed = frame_sentences(corpus.sentences, corpus.documents, read_cues())
    lines, per_year = explore(corpus.sentences, framed, corpus.documents, "smuggl")
    plain = kwic(corpus.sentences, "smuggl", documents=corpus.documents)
    assert len(lines) == len(plain) == per_year["matches"].sum()
    assert set(per_year["year"]) == set(corpus.documents["year"])
    assert per_year["sentences"].sum() == len(corpus.sentences)
    framed_only, _ = explore(
        corpus.sentences, framed, corpus.documents, "smuggl", frames=["distinction"]
    )
    assert set(framed_only["frame"]) == {"distinction"}


# ------------------------------------------------------------------ the text view


def test_text_view_is_aligned_and_bars_follow_the_rate() -> None:
    lines, per_year = view()
    text = explorer(SENTENCES, FRAMED, DOCUMENTS, live=False).text()
    assert text.startswith("'smuggl': 4 match(es) in 3 sentence(s)")
    table = text.split("\n\n")[1].splitlines()[2:]  # the per-year table
    assert table[0].split()[0] == "year"
    rates = per_year.set_index("year")["per_1000_words"]
    longest = rates.idxmax()
    bars = {int(line.split()[0]): line.count("#") for line in table[1:]}
    assert bars[longest] == 20 and 0 < bars[2015 if longest == 2003 else 2003] <= 20
    kwic_lines = format_kwic(lines, chars=20)
    columns = {line.index("[") for line in kwic_lines}
    assert len(columns) == 1  # every keyword starts in the same column
    assert all(line == line.rstrip() for line in text.splitlines())


def test_text_view_cuts_lines_and_says_so() -> None:
    text = explorer(SENTENCES, FRAMED, DOCUMENTS, max_lines=2, live=False).text()
    assert "Concordance (the first 2 of 4):" in text
    assert text.count("[smuggling]") + text.count("[Smugglers]") == 2
    empty = explorer(SENTENCES, FRAMED, DOCUMENTS, years=[], live=False).text()
    assert "No line of the sentences in view matches." in empty


def test_context_is_cut_between_words() -> None:
    long_left = "one two three four five six seven eight nine ten eleven twelve"
    table = pd.DataFrame(
        [{"year": 2003, "doc_id": "a", "sent_id": 1, "left": long_left, "keyword": "KEY",
          "right": long_left}]
    )  # fmt: skip
    line = format_kwic(table, chars=20)[0]
    assert line.startswith("2003 a s1  ")
    left, right = (part.strip() for part in line[len("2003 a s1") :].split("[KEY]"))
    assert left == "… ten eleven twelve" and right == "one two three four …"
    assert len(left) <= 20 and len(right) <= 20


# ------------------------------------------------------------------ static and live


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("on", True), ("", False), ("0", False),
     ("no", False)],
)  # fmt: skip
def test_live_switch_reads_the_environment_only_when_not_given(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv(LIVE_ENV, value)
    monkeypatch.delenv(STATIC_ENV, raising=False)
    assert live_requested() is expected  # not in a kernel: "" means static
    assert live_requested(None) is expected
    assert live_requested(False) is False and live_requested(True) is True


class ZMQInteractiveShell:
    """Stands for the shell of a Jupyter kernel (its class name is what is read)."""


def test_live_by_default_in_a_kernel_static_when_the_build_or_tests_run_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import IPython

    monkeypatch.delenv(LIVE_ENV, raising=False)
    monkeypatch.delenv(STATIC_ENV, raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: ZMQInteractiveShell())
    assert live_requested() is True  # a reader's JupyterLab: live, no code edited
    monkeypatch.setenv(STATIC_ENV, "1")
    assert live_requested() is False  # the build, nbval: text
    monkeypatch.setenv(LIVE_ENV, "1")
    assert live_requested() is True  # asked for explicitly
    monkeypatch.setenv(LIVE_ENV, "off")
    monkeypatch.delenv(STATIC_ENV)
    assert live_requested() is False
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    monkeypatch.delenv(LIVE_ENV)
    assert live_requested() is False  # a script or a terminal


@pytest.mark.slow  # starts a kernel
def test_the_build_asks_its_kernels_for_static_output(tmp_path) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from helpers.build import execute_notebook

    code = f"import os; print(os.environ.get({STATIC_ENV!r}))"
    nb = new_notebook(cells=[new_code_cell(code)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    source = tmp_path / "01_env.ipynb"
    nbformat.write(nb, source)
    env = {k: v for k, v in os.environ.items() if k != STATIC_ENV}
    execute_notebook(source, env=env)
    assert nbformat.read(source, as_version=4).cells[0].outputs[0]["text"] == "1\n"


def test_static_explorer_prints_the_text_view(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv(LIVE_ENV, raising=False)
    shown = explorer(SENTENCES, FRAMED, DOCUMENTS, max_lines=None)
    assert isinstance(shown, Explorer) and shown.widget is None
    shown._ipython_display_()
    printed = capsys.readouterr().out
    assert printed == shown.text() + "\n"
    assert repr(shown).endswith("4 line(s), static)")
    assert "0x" not in repr(shown)


def test_static_explorer_does_not_import_ipywidgets() -> None:
    code = (
        "import sys, pandas as pd\n"
        "from helpers.teaching.kwic_explorer import explorer\n"
        "s = pd.DataFrame({'doc_id': ['a'], 'sent_id': [1], 'text': ['smuggling']})\n"
        "f = pd.DataFrame({'doc_id': ['a'], 'sent_id': [1], 'frame': ['smuggling']})\n"
        "d = pd.DataFrame({'doc_id': ['a'], 'year': [2003]})\n"
        "explorer(s, f, d, live=False)\n"
        "print('ipywidgets' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_update_recomputes_and_reports_problems_without_raising() -> None:
    shown = explorer(SENTENCES, FRAMED, DOCUMENTS, live=False)
    lines, _ = shown.update(term="traffick")
    assert lines["keyword"].tolist() == ["trafficking", "traffickers"]
    shown.update(term="")
    assert shown.message and shown.text().startswith("Nothing to show: type a word")
    assert shown.kwic["keyword"].tolist() == ["trafficking", "traffickers"]  # kept
    shown.update(term="smuggl", frames=["nexus"])
    assert shown.message == "" and len(shown.kwic) == 1
    with pytest.raises(TypeError):
        shown.update(colour="red")


def test_live_explorer_follows_its_controls() -> None:
    pytest.importorskip("ipywidgets")
    shown = explorer(SENTENCES, FRAMED, DOCUMENTS, live=True)
    assert shown.widget is not None
    controls = shown._controls
    assert sorted(controls["years"]) == [2003, 2015]
    assert controls["term"].value == "smuggl" and controls["term"].continuous_update

    controls["term"].value = "traffick"  # typing a term: the view follows each key
    assert shown.term == "traffick" and len(shown.kwic) == 2
    assert "[trafficking]" in shown._output.value and "&#x27;traffick&#x27;" in shown._output.value

    controls["years"][2003].value = False  # unticking a year
    assert shown.kwic["year"].tolist() == [2015]
    assert shown.per_year["year"].tolist() == [2015]

    controls["frames"]["nexus"].value = False  # unticking a frame
    assert shown.kwic.empty
    assert "No line of the sentences in view matches." in shown._output.value

    assert controls["sort_by"].value == "corpus" and controls["sort_by"].label  # shown, not blank
    assert "overflow: auto" in shown._output.value and shown._output.layout.overflow == "auto"

    controls["years"][2003].value = True
    controls["window"].value = 1
    controls["sort_by"].value = "left"
    assert shown.window == 1 and shown.sort_by == "left"
    assert shown.kwic["left"].tolist() == ["… distinguish"]
    controls["sort_by"].value = "corpus"
    assert shown.sort_by is None

    controls["term"].value = ""  # an empty box shows a message, never an error
    assert "Nothing to show" in shown._output.value


def test_live_explorer_shows_every_line_and_explains_each_control() -> None:
    w = pytest.importorskip("ipywidgets")
    sentences = pd.DataFrame(
        {
            "doc_id": "a",
            "sent_id": range(60),
            "text": [f"Smugglers met {i} times." for i in range(60)],
        }
    )
    framed = pd.DataFrame({"doc_id": "a", "sent_id": range(60), "frame": "smuggling"})
    documents = pd.DataFrame({"doc_id": ["a"], "year": [2003]})
    shown = explorer(sentences, framed, documents, live=True, max_lines=20)
    text = shown._output.value
    assert "the first" not in text and text.count("[Smugglers]") == 60  # all 60, no cut
    assert "max-height" in text and "overflow: auto" in text  # the box scrolls
    assert "2003" in text and "matches" in text  # the counts per year stay above the lines
    static = explorer(sentences, framed, documents, live=False, max_lines=20)
    assert "(the first 20 of 60)" in static.text()  # a static text says what it leaves out
    helps = [c.value for c in shown.widget.children if isinstance(c, w.HTML)]
    for name in ("term", "window", "years", "frames", "sort_by"):
        assert any(CONTROL_HELP[name].split(":")[0] in h for h in helps), name


def test_live_without_ipywidgets_falls_back_to_the_static_view(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # 'import ipywidgets' fails
    shown = explorer(SENTENCES, FRAMED, DOCUMENTS, live=True)
    assert shown.widget is None
    assert shown.text().startswith("Note: ipywidgets is not installed")
    assert shown.text().endswith(explorer(SENTENCES, FRAMED, DOCUMENTS, live=False).text())


def test_no_frame_ticked_shows_nothing() -> None:
    shown = explorer(SENTENCES, FRAMED, DOCUMENTS, frames=[], live=False)
    assert shown.frames == [] and shown.kwic.empty


def test_kwic_lines_and_the_explorer_name_documents_by_year_and_place() -> None:
    lines = pd.DataFrame(
        [{"document": "2003 Vienna", "doc_id": "a", "year": 2003, "sent_id": 1, "left": "x",
          "keyword": "KEY", "right": "y"}]
    )  # fmt: skip
    assert format_kwic(lines, chars=5)[0].startswith("2003 Vienna s1 ")
    documents = DOCUMENTS.assign(place=["Vienna", "Brussels"], date=["2003-04-08", "2015-12-09"])
    shown = explorer(SENTENCES, FRAMED, documents, live=False)
    text = shown.text()
    assert "2003 Vienna   s" in text and "2015 Brussels s1" in text and " a s" not in text
