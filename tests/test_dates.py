"""Reading dates where the site wrote them: datelines, date lines and the text."""

import datetime as dt

import pytest

from helpers.corpus.dates import (
    DATE_LINE,
    choose_date,
    date_hints,
    find_date,
    match_dateline,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 OCTOBER 2016", dt.date(2016, 10, 13)),
        ("15 december 2005", dt.date(2005, 12, 15)),
        ("7 Sept. 2017", dt.date(2017, 9, 7)),
        ("22nd October 2018", dt.date(2018, 10, 22)),
        ("22-26 October 2018", dt.date(2018, 10, 22)),
        ("22 – 26 October 2018", dt.date(2018, 10, 22)),
        ("22 to 26 October 2018", dt.date(2018, 10, 22)),
        ("30 September - 2 October 2018", dt.date(2018, 9, 30)),
        ("30 December - 2 January 2018", dt.date(2017, 12, 30)),
        ("October 22-26, 2018", dt.date(2018, 10, 22)),
        ("Feb 4 2016", dt.date(2016, 2, 4)),
        ("08.04.2003", dt.date(2003, 4, 8)),
        ("2003-04-08", dt.date(2003, 4, 8)),  # never read day first
        ("3 March", None),  # no year: not complete
        ("October 2018", None),  # no day: not complete
        ("2003-13-08", None),
        ("8 April 2003 and more words", None),
    ],
)
def test_parse_date_forms(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("BANJA LUKA, Bosnia and Herzegovina, 28 February 2018 – The",
         ("BANJA LUKA", "Bosnia and Herzegovina", dt.date(2018, 2, 28))),
        ("OSH, Kyrgyzstan, 17 May 2016 –Text", ("OSH", "Kyrgyzstan", dt.date(2016, 5, 17))),
        ("YEREVAN, 13 OCTOBER 2016 –The", ("YEREVAN", "", dt.date(2016, 10, 13))),
        ("TIRANA, 3 June 2008—Prosecutors", ("TIRANA", "", dt.date(2008, 6, 3))),
        ("VIENNA, Tuesday, 8 April 2003 - The", ("VIENNA", "", dt.date(2003, 4, 8))),
        ("VIENNA (Austria), 8 April 2003 - The", ("VIENNA", "Austria", dt.date(2003, 4, 8))),
        ("KYIV, 22-26 June 2020 – Social", ("KYIV", "", dt.date(2020, 6, 22))),
        # any dash of the text layer's table: a minus sign, a figure dash, a range with one
        ("SKOPJE, 5 May 2014 \u2212 The", ("SKOPJE", "", dt.date(2014, 5, 5))),
        ("SKOPJE, 5\u20127 May 2014 \u2012 The", ("SKOPJE", "", dt.date(2014, 5, 5))),
        ("VIENNA, 31 February 2003 - An invalid date", None),
        ("Addressing the Council on 8 April 2003 - he said", None),
        ("VIENNA, 8 April 2003 the text goes on", None),  # no dash: not a dateline
    ],
)  # fmt: skip
def test_match_dateline(line: str, expected: tuple | None) -> None:
    assert match_dateline(line) == expected


def test_find_date_quotes_its_words() -> None:
    text = "It was held on 3 March in Osh, and a course ran from 22 to 26 October 2012."
    assert find_date(text) == (dt.date(2012, 10, 22), "from 22 to 26 October 2012")
    assert find_date("It was held on 3 March in Osh.") is None
    assert date_hints("It was held on 3 March, and again in October 2018.") == [
        "on 3 March",
        "in October 2018",
    ]


def test_choose_date_order_text_and_hints() -> None:
    fields = [("metadata", ""), ("dateline", "2003-04-08"), ("html", "2003-04-09")]
    assert choose_date(fields, [], []).source == "dateline"
    chosen = choose_date([("metadata", "")], ["A title", "Held on 4 May 2012 in Vienna."], [])
    assert (chosen.date, chosen.source, chosen.words) == (
        dt.date(2012, 5, 4),
        "text",
        "on 4 May 2012",
    )
    # a date in a later paragraph is never taken, only quoted: as a hint when it lacks its
    # year, as a later date when it is complete; an unreadable field is quoted apart
    more = ["On 4 May.", "It began on 25 June 1998."]
    none = choose_date([("metadata", "8 Avril 2003")], ["A title", "No date."], more)
    assert none.date is None
    assert none.fields == ("metadata: 8 Avril 2003",)
    assert none.hints == ("On 4 May",)
    assert none.later == ("on 25 June 1998",)


@pytest.mark.parametrize(
    "written",
    [
        "2 December 2011 (All day)",
        "Friday, 2 December 2011 (all day)",
        "2 December 2011, 09:30 - 17:00 CET",
        "2 December 2011 10:00 to 3 December 2011 18:00",
        "2 December 2011 - 3 December 2011",
        "2 December 2011 9 a.m.",
        "December 2, 2011 at 3:30 pm (UTC+1)",
    ],
)
def test_an_event_date_with_its_time_gives_the_first_day(written) -> None:
    assert parse_date(written) == dt.date(2011, 12, 2)
    assert DATE_LINE.match(written)


def test_a_date_with_other_words_after_it_is_no_date() -> None:
    assert parse_date("2 December 2011 in Vienna") is None
    assert parse_date("2 December 2011 (postponed)") is None
