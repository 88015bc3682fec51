"""Pages in the shapes the OSCE site has had since 2004, each checked against expected.csv.

The fixtures in tests/fixtures/pages/ are written for these tests (their
content is invented); expected.csv gives, for each, the status it must load
with, its date and where the date was read, place, country, title, the first
and last sentence of its body, and words the load report's reason must hold.
"""

import csv
from pathlib import Path

import pytest

from helpers.corpus.read import read_file

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
with (FIXTURES / "expected.csv").open(encoding="utf-8", newline="") as handle:
    EXPECTED = list(csv.DictReader(handle))


def test_every_fixture_has_its_expected_row() -> None:
    pages = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in (".txt", ".html"))
    assert sorted(row["file"] for row in EXPECTED) == pages
    years = {row["file"][1:5] for row in EXPECTED if row["file"][1:5].isdigit()}
    assert {str(y) for y in range(2004, 2021)} <= years  # every year from 2004 to 2020


@pytest.mark.parametrize("row", EXPECTED, ids=[row["file"] for row in EXPECTED])
def test_fixture_loads_as_expected(row: dict) -> None:
    read = read_file(FIXTURES / row["file"])
    assert read.status == row["status"], read.reason
    assert row["reason_has"] in read.reason
    if row["status"] == "skipped":
        return
    page = read.page
    sentences = [s for paragraph in read.sentences for s in paragraph]
    found = {
        "date": page.date.isoformat(),
        "date_source": page.date_source,
        "place": page.place,
        "country": page.country,
        "title": page.title,
        "first_sentence": sentences[0],
        "last_sentence": sentences[-1],
    }
    assert found == {key: row[key] for key in found}
