"""Page cleaning: lines get roles from the page's structure; metadata becomes columns."""

import datetime as dt
from pathlib import Path

import pytest

from helpers.corpus.dates import parse_date
from helpers.corpus.html import html_to_text
from helpers.corpus.pages import label_page_lines, parse_html_page, parse_text_page, tidy_place

FIXTURES = Path(__file__).parent / "fixtures" / "pages"

TOY_PAGE = """-
Menu
- Austria
- Holy See
- Liechtenstein
Press release
Austria hosts talks on smuggling
- Date:
- Place:
- VIENNA
- Source:
- OSCE Secretariat, Permanent Council, OSCE Secretariat
- Fields of work:
- Migration, Combating trafficking in human beings
VIENNA, 8 April 2003 – Delegates from Austria met today. They spoke about the Holy See.
A second paragraph with enough words to count as running text.
A second paragraph with enough words to count as running text.
"""


def test_toy_page_roles() -> None:
    table, meta = label_page_lines(TOY_PAGE)
    roles = dict(zip(table["text"], table["role"], strict=True))
    assert roles["- Austria"] == roles["- Liechtenstein"] == roles["Menu"] == "navigation"
    assert roles["Press release"] == "label"
    assert roles["Austria hosts talks on smuggling"] == "title"
    assert roles["- VIENNA"] == "metadata"
    assert meta["place"] == ["VIENNA"]


def test_toy_page_parsed() -> None:
    page = parse_text_page(TOY_PAGE)
    assert page.title == "Austria hosts talks on smuggling"
    assert page.doc_type == "press release"
    assert page.date == dt.date(2003, 4, 8)
    assert page.date_source == "dateline"  # the Date field is empty
    assert page.place == "Vienna"
    assert page.sources == ["OSCE Secretariat", "Permanent Council"]
    assert page.fields_of_work == ["Migration", "Combating trafficking in human beings"]
    # names in the article's own sentences stay; the menu's do not
    assert "Austria" in page.paragraphs[0] and "Holy See" in page.paragraphs[0]
    assert "Liechtenstein" not in " ".join(page.paragraphs)
    assert page.repeats_dropped == 1
    assert len(page.paragraphs) == 2


def test_metadata_date_wins_over_dateline() -> None:
    page = parse_text_page(TOY_PAGE.replace("- Date:\n", "- Date:\n- 9 April 2003\n"))
    assert page.date == dt.date(2003, 4, 9)
    assert page.date_source == "metadata"


def test_body_list_inside_article_is_kept() -> None:
    text = (
        "Title of a page\n"
        "VIENNA, 1 May 2010 - The plan has three parts, as follows.\n"
        "- prevention\n- protection\n- prosecution\n"
        "The plan was adopted by all of the States.\n"
    )
    page = parse_text_page(text)
    assert page.paragraphs[1:4] == ["prevention", "protection", "prosecution"]


def test_hard_wrapped_text_is_rejoined() -> None:
    page = parse_text_page((FIXTURES / "news_item_wrapped.txt").read_text(encoding="utf-8"))
    assert page.paragraphs[0].startswith("WARSAW, 3 November 2009 - A handbook published today")
    assert page.paragraphs[0].endswith("among irregular migrants.")
    assert len(page.paragraphs) == 3
    assert page.doc_type == "other"
    assert page.date == dt.date(2009, 11, 3) and page.date_source == "metadata"
    assert page.place == "Warsaw"
    assert "Speeches" not in " ".join(page.paragraphs)


def test_osce_like_html_press_release() -> None:
    page = parse_html_page((FIXTURES / "osce_press_release.html").read_text(encoding="utf-8"))
    body = " ".join(page.paragraphs)
    assert page.title == "Border officials and prosecutors meet on migrant smuggling cases"
    assert page.doc_type == "press release"
    assert page.date == dt.date(2011, 3, 22)
    assert page.place == "Chisinau"
    assert page.sources == ["OSCE Mission to Moldova"]
    assert page.fields_of_work == ["Border management", "Combating trafficking in human beings"]
    assert body.startswith("CHISINAU, 22 March 2011 – Border police officers")
    # the article's own mention of Liechtenstein stays; nav, footer, script and style go
    assert "Participants came from Liechtenstein and Austria" in body
    for chrome in ("Holy See", "Skip to main content", "analytics", "font-family", "Contact us",
                   "All rights reserved", "Press releases"):  # fmt: skip
        assert chrome not in body, chrome
    assert "the protection of witnesses during trials." in page.paragraphs


def test_unusual_html_page_uses_fallbacks() -> None:
    page = parse_html_page((FIXTURES / "unusual_page.html").read_text(encoding="utf-8"))
    body = " ".join(page.paragraphs)
    assert page.title == "Statement on mixed migration flows"  # from <title>
    assert page.date == dt.date(2016, 2, 4)  # dateline 'February 4, 2016 --'
    assert page.place == "Athens"
    assert "comment" not in body and "script" not in body
    assert "Publications" not in body
    assert body.endswith("non-refoulement principle!")
    assert "Asylum-seekers who pay smugglers are not victims of trafficking by default." in body


def test_html_event_page() -> None:
    page = parse_html_page((FIXTURES / "event_page.html").read_text(encoding="utf-8"))
    assert page.doc_type == "event"
    assert page.date == dt.date(2016, 10, 5) and page.date_source == "added on"
    assert page.venue == "Vienna, Austria" and page.place == "Vienna"
    assert page.audience == ["Labour inspectors", "Prosecutors", "NGOs"]
    assert page.tags == ["labour exploitation", "supply chains"]
    assert "Added on" not in " ".join(page.paragraphs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 April 2003", dt.date(2003, 4, 8)),
        ("18 Jul 2017", dt.date(2017, 7, 18)),
        ("April 8, 2003", dt.date(2003, 4, 8)),
        ("Tuesday, 8 April 2003", dt.date(2003, 4, 8)),
        ("2003-04-08", dt.date(2003, 4, 8)),
        ("5 Sept. 2012", dt.date(2012, 9, 5)),
        ("sometime in spring", None),
        ("31 February 2003", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_tidy_place() -> None:
    assert tidy_place("VIENNA") == "Vienna"
    assert tidy_place("BOSNIA AND HERZEGOVINA") == "Bosnia and Herzegovina"
    assert tidy_place("Kyiv") == "Kyiv"


def test_html_metadata_as_label_and_value_elements() -> None:
    html = """<html><body><main>
    <div class="type">Press release</div>
    <h1>Talks on trafficking open</h1>
    <div class="field"><div class="label">Date:</div><div class="item">8 April 2003</div></div>
    <div class="field"><div class="label">Place:</div><div class="item">VIENNA</div></div>
    <div class="field"><div class="label">Fields of work:</div>
      <div class="item">National minority issues</div><div class="item">Human rights</div>
      <div class="item">Combating trafficking in human beings</div></div>
    <div class="body">
    <p>Delegates met in the capital today to discuss the protection of victims.</p>
    <p>They agreed to meet again next year.</p></div>
    </main></body></html>"""
    page = parse_html_page(html)
    assert page.title == "Talks on trafficking open"
    assert page.date == dt.date(2003, 4, 8) and page.date_source == "metadata"
    assert page.place == "Vienna"
    assert page.fields_of_work == [
        "National minority issues",
        "Human rights",
        "Combating trafficking in human beings",
    ]
    assert page.paragraphs == [
        "Delegates met in the capital today to discuss the protection of victims.",
        "They agreed to meet again next year.",
    ]


@pytest.mark.parametrize(
    ("raw", "text", "fallback"),
    [
        # a run of links is a menu of bullets; links inside prose stay prose
        ("<body><ul><li><a>A</a></li><li><a>B</a> | <a>C</a></li></ul>"
         "<p>One <a href=x>link</a> here.</p></body>",
         "- A\n\n- B\n\n- C\n\nOne link here.", {"title": "", "date": ""}),
        # role=banner goes; the .content element is the article; <title> and <meta> fall back
        ("<html><head><title>T | Site</title><meta name='DC.date' content='2010-02-03T00'>"
         "</head><body><div role='banner'>Banner</div><div class='x content'><p>In</p></div>"
         "<p>Out</p></body></html>",
         "In", {"title": "T", "date": "2010-02-03"}),
        # broken nesting is read as a browser reads it; the footer goes
        ("<body><article><p>Para <p>unclosed<div>div in p</div> tail</article>"
         "<footer>f</footer></body>",
         "Para\n\nunclosed\n\ndiv in p\n\ntail", {"title": "", "date": ""}),
        # comments and scripts go, text after them stays; <time> gives the date
        ("<body><time datetime='2011-05-06'>6 May</time><p>x &amp; y</p><!-- c -->"
         "<script>var x=1;</script>tail text</body>",
         "6 May\n\nx & y\n\ntail text", {"title": "", "date": "2011-05-06"}),
        # an XML declaration with an encoding does not stop the parser
        ("<?xml version='1.0' encoding='utf-8'?><html><body><p>Déjà vu</p></body></html>",
         "Déjà vu", {"title": "", "date": ""}),
        ("   ", "", {"title": "", "date": ""}),
        ("<!-- only a comment -->", "", {"title": "", "date": ""}),
    ],
)  # fmt: skip
def test_html_to_text_edge_cases(raw: str, text: str, fallback: dict) -> None:
    assert html_to_text(raw) == (text, fallback | {"language": ""})


def test_labels_above_the_headline_are_never_the_title() -> None:
    text = (
        "Newsroom\nLatest news\nPress release\nThe real headline\n"
        "VIENNA, 1 May 2010 - Body text of the article.\n"
    )
    table, meta = label_page_lines(text)
    roles = dict(zip(table["text"], table["role"], strict=True))
    assert [roles["Newsroom"], roles["Latest news"], roles["Press release"]] == ["label"] * 3
    assert roles["The real headline"] == "title"
    assert meta["label"] == ["press release"]


def test_lead_in_with_a_list_before_any_other_prose_is_body() -> None:
    text = (
        "A title\n- Date:\n- 1 May 2010\n"
        "The plan sets out three priorities for the next two years:\n"
        "- prevention\n- protection\n- prosecution\n"
        "Related content\n- One link\n- Two link\n- Three link\n"
    )
    page = parse_text_page(text)
    assert page.paragraphs == [
        "The plan sets out three priorities for the next two years:",
        "prevention",
        "protection",
        "prosecution",
    ]
    assert not page.problems


def test_a_dateline_alone_on_its_line_joins_the_paragraph_after_it() -> None:
    page = parse_html_page(
        "<html><body><main><h1>Title</h1><p><b>VIENNA, 8 April 2003 –</b></p>"
        "<p>The text of the first paragraph follows here.</p></main></body></html>"
    )
    assert page.paragraphs == [
        "VIENNA, 8 April 2003 – The text of the first paragraph follows here."
    ]
    assert (page.place, page.date) == ("Vienna", dt.date(2003, 4, 8))


def test_losing_most_running_text_is_a_problem() -> None:
    raw = (FIXTURES / "t2012_stops_lost.txt").read_text(encoding="utf-8")
    page = parse_text_page(raw)
    assert page.problems == [
        "cleaning dropped 3 of 5 paragraphs of running text; check the text kept"
    ]


def test_a_short_lead_in_keeps_a_list_of_phrases_not_a_list_of_links() -> None:
    text = (
        "A title\nVIENNA, 1 May 2010 - The participants met for two days in Vienna.\n"
        "The participants agreed to:\n"
        "- exchange data on smuggling routes\n- train border guards together\n"
        "- meet again in the spring\n"
        "Follow us on:\n- Facebook\n- Twitter\n- YouTube\n"
    )
    page = parse_text_page(text)
    assert page.paragraphs[1:] == [
        "The participants agreed to:",
        "exchange data on smuggling routes",
        "train border guards together",
        "meet again in the spring",
    ]


def test_count_words_counts_tokens_with_a_letter_or_digit():
    """``count_words`` against its definition, token by token, on generated texts
    mixing letters, digits, underscores, punctuation, dashes and odd white space."""
    import random
    import re

    from helpers.corpus.roles import count_words

    alphabet = "ab Z9_-–.,;:!?\"“”' \t\n\xa0\u2009é中٣\u200b…()[]"
    draw = random.Random(7)
    texts = ["", " ", "_", "- – —", "a", "__init__", "3.5%", "« »", "word, word."]
    texts += [
        "".join(draw.choice(alphabet) for _ in range(draw.randint(0, 40))) for _ in range(3000)
    ]
    for text in texts:
        expected = sum(1 for token in text.split() if re.search(r"[^\W_]", token))
        assert count_words(text) == expected, repr(text)
