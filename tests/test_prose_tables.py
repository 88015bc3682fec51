"""Findings as a Markdown list and tables as readable HTML: what the reader sees in JupyterLab."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from helpers.base.prose import WIDTH, findings_list, markdown_text, quotation_whole, wrap
from helpers.base.tables import readable


def test_findings_render_as_a_markdown_list_with_markup_escaped():
    shown = findings_list(["4 of 9 *units* in doc_2003 [see 3]", ("Survive:", ["all <b>"])])
    text = shown._repr_markdown_()
    lines = text.splitlines()
    assert lines[0].startswith("- 4 of 9 \\*units\\* in doc\\_2003 ")
    assert "\\[see 3\\]" in lines[0]
    assert lines[1] == "- Survive:" and lines[2] == "    - all \\<b\\>"
    assert len(shown) == 2


def test_dates_and_intervals_are_kept_on_one_line():
    text = markdown_text("38% (95% CI 14%-69%) on 2003-04-08, [11–67], 2003–2008 and -15 points")
    for kept in ("14%-69%", "2003-04-08", "\\[11–67\\]", "2003–2008"):
        assert f'<span style="white-space: nowrap">{kept}</span>' in text, kept
    assert "nowrap" not in markdown_text("no number here, only words")


def test_plain_text_wraps_between_words_at_one_width():
    long = "word " * 60 + "migration-related 2003-04-08"
    text = findings_list([long]).text()
    lines = text.splitlines()
    assert all(len(line) <= WIDTH for line in lines)
    assert lines[0].startswith("- ") and all(line.startswith("  ") for line in lines[1:])
    assert text.split() == ["-", *long.split()]  # nothing cut, no word split
    assert wrap("a " * 50, width=20).count("\n") >= 4


def cells(html: str) -> list:
    return BeautifulSoup(html, "html.parser").find_all(["td", "th"])


def test_readable_tables_align_text_left_numbers_right_and_keep_dates_whole():
    table = pd.DataFrame(
        {"date": pd.to_datetime(["2003-04-08"]), "n": [3], "ci": ["[11–67]"], "text": ["a " * 80]}
    )
    html = readable(table, index=False)._repr_html_()
    assert "<style" not in html  # JupyterLab drops <style> from untrusted notebooks
    td = BeautifulSoup(html, "html.parser").find_all("td")
    assert "text-align:left" in td[0]["style"] and "text-align:right" in td[1]["style"]
    assert "white-space:normal" in td[3]["style"] and "word-break:normal" in td[3]["style"]
    assert td[0].find("span")["style"] == "white-space: nowrap"
    assert td[0].get_text() == "2003-04-08" and td[2].get_text() == "[11–67]"
    assert td[3].get_text() == ("a " * 80).strip()  # no cell cut short
    assert all(cell.get("style") for cell in cells(html))


def test_a_long_table_shows_its_first_rows_and_says_where_the_rest_is():
    table = pd.DataFrame({"x": range(50)})
    shown = readable(table, rows=12, source="figures/02_framing_sentences.csv")
    assert shown.note() == (
        "The first 12 of 50 rows; the whole table is figures/02_framing_sentences.csv."
    )
    assert len(BeautifulSoup(shown._repr_html_(), "html.parser").find_all("tr")) == 13
    assert repr(shown).splitlines()[0] == shown.note()
    assert readable(table, rows=60).note() == ""
    assert shown.table is table
    with pytest.raises(ValueError):
        readable(table, rows=0)


@pytest.mark.parametrize(
    ("cut", "whole"),
    [
        (
            '"The purpose of trafficking is exploitation.',
            '"The purpose of trafficking is exploitation."',
        ),
        ('It is a crime against the State."', '"It is a crime against the State."'),
        ("“All forms of exploitation count.", "“All forms of exploitation count.”"),
        ("Every method counts,” he said.", "“Every method counts,” he said."),
        ('He said: "No." She agreed.', 'He said: "No." She agreed.'),
        ("No quotation at all.", "No quotation at all."),
    ],
)
def test_a_sentence_cut_from_a_quotation_gets_the_mark_it_lacks(cut: str, whole: str) -> None:
    assert quotation_whole(cut) == whole


def test_use_readable_tables_shows_every_dataframe_readably(monkeypatch) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    from helpers.base.tables import use_readable_tables

    shell = InteractiveShell.instance()
    use_readable_tables()
    formatter = shell.display_formatter.formatters["text/html"]
    short = formatter(pd.DataFrame({"text": ["a sentence"], "date": ["2003-04-08"]}))
    assert "text-align:left" in short and "white-space: nowrap" in short
    with pd.option_context("display.max_rows", 5, "display.min_rows", 3):
        long = formatter(pd.DataFrame({"x": range(9)}))
    assert "The first 3 of 9 rows" in long
    InteractiveShell.clear_instance()


def test_a_printed_line_too_long_for_the_output_wraps_between_words() -> None:
    from helpers.base.prose import LONG_LINE, WIDTH, wrap_line

    short = "The corpus holds 5 documents."
    assert wrap_line(short) == short
    long = "  " + " ".join(["documents"] * 12) + " (95% CI 14%-69%) from 2003-04-08 on."
    assert len(long) > LONG_LINE
    lines = wrap_line(long).split("\n")
    assert len(lines) > 1 and all(len(line) <= WIDTH for line in lines)
    assert lines[0].startswith("  documents") and all(line.startswith("    ") for line in lines[1:])
    assert " ".join(line.strip() for line in lines) == long.strip()  # no word split or lost
    assert wrap_line("x" * 150) == "x" * 150  # one long word is never split


def test_in_a_kernel_printed_lines_wrap_whole_and_the_rest_is_kept(monkeypatch) -> None:
    import io
    import sys
    import types

    from helpers.base.prose import wrap_long_lines

    out = io.StringIO()
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    monkeypatch.setattr(sys, "stdout", out)
    wrap_long_lines()
    wrapped = sys.stdout
    assert wrapped is not out
    wrap_long_lines()
    assert sys.stdout is wrapped  # once only
    long = " ".join(["word"] * 40)
    wrapped.write("short line\n" + long[:50])
    wrapped.write(long[50:] + "\npartial")
    assert out.getvalue().startswith("short line\nword word")
    assert "partial" not in out.getvalue()  # a line is written once it is complete
    wrapped.flush()
    assert out.getvalue().endswith("\npartial")
    assert all(len(line) <= 100 for line in out.getvalue().split("\n"))


def test_wrapping_printed_lines_changes_nothing_outside_a_kernel(monkeypatch) -> None:
    import sys

    from helpers.base.prose import wrap_long_lines

    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    before = sys.stdout
    wrap_long_lines()
    assert sys.stdout is before
