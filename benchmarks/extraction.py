"""The loader's HTML extraction against trafilatura (main text) and htmldate (date).

    pip install -r benchmarks/requirements.txt     # trafilatura and htmldate, pinned
    python benchmarks/extraction.py                # the fixtures, 20 timing rounds
    python benchmarks/extraction.py --repeat 5 --generated 500

**Accuracy**, on the HTML fixtures of ``tests/fixtures/pages/`` (pages written
in the shapes the OSCE site's HTML has had: table layouts, Drupal-era
``<article>`` pages with date fields, share and related-content blocks):

- *text*: the words each tool keeps (title and body), against the page's
  own: the expected title and the words of the page from the expected first
  sentence to the expected last one (all three from ``expected.csv``,
  written by hand), so the reference does not depend on either tool. Precision is the share of
  the kept words that belong to the article (menus, share buttons, related
  links and footers lower it); recall the share of the article's words kept.
  A page counts as *exact* when both are 1.
- *date*: the date each tool gives against ``expected.csv`` ("no date" is
  right for a page that has none).

**Time**: seconds per page for ``helpers.corpus.pages.parse_html_page`` (which
also gives every line its role and reads the metadata), ``trafilatura.extract``
and ``htmldate.find_date``, each over the fixtures ``--repeat`` times, and
over the HTML pages of a corpus made by ``generate.py`` (``--generated``
pages, of which about a fifth are HTML).

**Date parsers**: microseconds to read one written date (distinct dates, so
no memo helps) with ``helpers.corpus.dates.parse_date`` (patterns, then
python-dateutil) and with ``dateparser.parse`` (installed with htmldate).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from lxml import html as lxml_html

from helpers.corpus.dates import parse_date
from helpers.corpus.pages import parse_html_page

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "pages"
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The lower-cased word tokens of a text."""
    return _WORD.findall(text.lower())


def page_words(raw: str) -> list[str]:
    """Every word of a page's visible text, in order (scripts and styles left out)."""
    document = lxml_html.document_fromstring(raw.encode("utf-8"))
    for element in document.xpath("//script | //style | //head"):
        element.drop_tree()
    return words(" ".join(document.itertext()))


def _find(haystack: list[str], needle: list[str], start: int = 0) -> int:
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i : i + len(needle)] == needle:
            return i
    return -1


def gold_words(raw: str, expected: dict) -> list[str] | None:
    """The page's title and its words from the expected first sentence to the expected last
    one (None for a page with no article)."""
    first, last = expected["first_sentence"], expected["last_sentence"]
    if not first:
        return None
    tokens = page_words(raw)
    begin = _find(tokens, words(first))
    end = _find(tokens, words(last), max(begin, 0))
    if begin < 0 or end < 0:
        return None
    return words(expected["title"]) + tokens[begin : end + len(words(last))]


def overlap(found: list[str], gold: list[str]) -> tuple[float, float]:
    """Precision and recall of a bag of words against the reference bag."""
    common = sum((Counter(found) & Counter(gold)).values())
    precision = common / len(found) if found else 0.0
    recall = common / len(gold) if gold else 0.0
    return precision, recall


def ours(raw: str) -> tuple[str, dt.date | None]:
    page = parse_html_page(raw)
    return "\n".join([page.title, *page.paragraphs]), page.date


def trafilatura_text(raw: str) -> str:
    import trafilatura

    return trafilatura.extract(raw, include_comments=False, include_tables=True) or ""


def htmldate_date(raw: str) -> dt.date | None:
    import htmldate

    found = htmldate.find_date(raw, original_date=True, extensive_search=True)
    return dt.date.fromisoformat(found) if found else None


def fixture_pages() -> list[tuple[str, str, dict]]:
    with (FIXTURES / "expected.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["file"].endswith(".html")]
    return [
        (row["file"], (FIXTURES / row["file"]).read_text(encoding="utf-8"), row) for row in rows
    ]


def accuracy(pages: list[tuple[str, str, dict]]) -> list[dict]:
    """One row per page: text precision/recall and date of each tool."""
    rows = []
    for name, raw, expected in pages:
        want = dt.date.fromisoformat(expected["date"]) if expected["date"] else None
        gold = gold_words(raw, expected)
        our_text, our_date = ours(raw)
        row = {"file": name, "expected_date": want, "our_date": our_date}
        row["htmldate_date"] = htmldate_date(raw)
        if gold is not None:
            row["ours"] = overlap(words(our_text), gold)
            row["trafilatura"] = overlap(words(trafilatura_text(raw)), gold)
        rows.append(row)
    return rows


def seconds_per_page(function, raws: list[str], repeat: int) -> float:
    """Mean seconds per page of ``function`` over ``raws``, best of ``repeat`` rounds."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for raw in raws:
            function(raw)
        best = min(best, (time.perf_counter() - began) / len(raws))
    return best


def generated_html(n_pages: int, folder: Path) -> list[str]:
    sys.path.insert(0, str(HERE))
    from generate import generate_corpus

    generate_corpus(folder, n_pages, seed=0)
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html"))]


def date_parser_times(n: int = 2000) -> dict[str, float]:
    """Microseconds per written date for each parser, on ``n`` distinct dates."""
    import dateparser

    start = dt.date(2003, 1, 1)
    texts = [f"{(start + dt.timedelta(days=i)):%d %B %Y}" for i in range(n)]
    parse_date.cache_clear()
    began = time.perf_counter()
    ours_ok = sum(parse_date(t) is not None for t in texts)
    ours_us = (time.perf_counter() - began) / n * 1e6
    settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    began = time.perf_counter()
    theirs_ok = sum(
        dateparser.parse(t, languages=["en"], settings=settings) is not None for t in texts
    )
    theirs_us = (time.perf_counter() - began) / n * 1e6
    return {
        "ours_us": ours_us,
        "ours_ok": ours_ok,
        "dateparser_us": theirs_us,
        "dateparser_ok": theirs_ok,
        "n": n,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timing rounds (default 20)")
    parser.add_argument("--generated", type=int, default=500, help="generated pages (default 500)")
    args = parser.parse_args(argv)

    pages = fixture_pages()
    rows = accuracy(pages)
    print(f"HTML fixtures: {len(rows)}\n")
    print(
        f"{'file':34} {'expected':>10} {'ours':>10} {'htmldate':>10}  text P/R ours | trafilatura"
    )
    for row in rows:
        text = ""
        if "ours" in row:
            (p1, r1), (p2, r2) = row["ours"], row["trafilatura"]
            text = f"{p1:.2f}/{r1:.2f} | {p2:.2f}/{r2:.2f}"
        print(
            f"{row['file']:34} {row['expected_date'] or '-'!s:>10} {row['our_date'] or '-'!s:>10} "
            f"{row['htmldate_date'] or '-'!s:>10}  {text}"
        )
    scored = [row for row in rows if "ours" in row]
    print(f"\nText, {len(scored)} pages with an article:")
    for tool in ("ours", "trafilatura"):
        precision = statistics.mean(row[tool][0] for row in scored)
        recall = statistics.mean(row[tool][1] for row in scored)
        exact = sum(row[tool] == (1.0, 1.0) for row in scored)
        scores = f"precision {precision:.3f}  recall {recall:.3f}  exact {exact}/{len(scored)}"
        print(f"  {tool:12} {scores}")
    print(f"\nDate, {len(rows)} pages:")
    for tool in ("our_date", "htmldate_date"):
        right = sum(row[tool] == row["expected_date"] for row in rows)
        print(f"  {tool:14} right {right}/{len(rows)}")

    raws = [raw for _, raw, _ in pages]
    print(f"\nTime per page (best of {args.repeat} rounds):")
    with tempfile.TemporaryDirectory() as folder:
        generated = generated_html(args.generated, Path(folder))
    for label, sample in (
        ("fixtures", raws),
        (f"{len(generated)} generated HTML pages", generated),
    ):
        ours_s = seconds_per_page(parse_html_page, sample, args.repeat)
        trafilatura_s = seconds_per_page(trafilatura_text, sample, args.repeat)
        htmldate_s = seconds_per_page(htmldate_date, sample, args.repeat)
        print(
            f"  {label}: ours {ours_s * 1e3:.2f} ms (text and date), "
            f"trafilatura {trafilatura_s * 1e3:.2f} ms (text), htmldate {htmldate_s * 1e3:.2f} ms "
            f"(date), the two together {(trafilatura_s + htmldate_s) * 1e3:.2f} ms"
        )
    times = date_parser_times()
    print(
        f"\nDate parsers, {times['n']} distinct dates: helpers.corpus.dates.parse_date "
        f"{times['ours_us']:.1f} us ({times['ours_ok']} read), dateparser.parse "
        f"{times['dateparser_us']:.1f} us ({times['dateparser_ok']} read)"
    )


if __name__ == "__main__":
    main()
