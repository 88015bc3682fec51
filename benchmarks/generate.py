"""Generate a synthetic corpus shaped like the seed pages, for the benchmark.

``generate_corpus(folder, n_documents, seed=0)`` writes ``n_documents`` pages
into ``folder``: about 80% saved-as-text pages (``.txt``) and 20% HTML pages
(``.html``), shaped like the pages in ``seeds/``:

- a text page has the site's navigation menu (the 151 menu lines of the 2003
  seed page), the page-type label ("Press release"), the title, the metadata
  block (``- Date:``, ``- Place:``, ``- Source:``, ``- Fields of work:``) and
  the article, whose first paragraph opens with a dateline
  ("VIENNA, 8 April 2003 - ...");
- an HTML page has a ``<nav>`` menu, a ``<time datetime=...>`` element, the
  metadata list and the body as ``<p>`` elements, like
  ``tests/fixtures/pages/osce_press_release.html``.

The text: sentences made by a word-level Markov chain (order 2) trained on
the seeds' clean sentences (``load_corpus(seeds).sentences``, datelines
removed). Most generated sentences are new splices of seed sentences, so the
vocabulary, the cue words of ``data/framing_cues.csv``, the names of people
and the names of offices are those of the seeds, but the sentences are not
copies (a cache keyed on sentence text would not flatter the benchmark).
Dates are spread uniformly over 2003-2017. Everything is drawn from one
``random.Random(seed)``, so the same arguments give the same files; a page
whose article text repeats an earlier one is drawn again, so the loader skips
no duplicate.

Run it alone to look at the pages: ``python benchmarks/generate.py OUT_DIR 100``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from helpers.base.paths import SEEDS_DIR
from helpers.corpus.dates import DATELINE
from helpers.corpus.load import load_corpus

FIRST_YEAR, LAST_YEAR = 2003, 2017
HTML_SHARE = 0.2
PLACES = (
    "VIENNA", "TASHKENT", "KYIV", "BRUSSELS", "SARAJEVO", "WARSAW", "BISHKEK", "SKOPJE",
    "CHISINAU", "ASTANA", "BELGRADE", "TIRANA", "DUSHANBE", "ROME", "ATHENS", "GENEVA",
)  # fmt: skip
SOURCES = (
    "OSCE Secretariat", "Permanent Council, OSCE Secretariat", "OSCE Chairpersonship",
    "OSCE Mission to Moldova", "OSCE Programme Office in Bishkek", "OSCE Mission to Serbia",
    "Office for Democratic Institutions and Human Rights",
)  # fmt: skip
FIELDS = (
    "Combating trafficking in human beings", "Migration", "Human rights", "Border management",
    "Policing", "Gender equality", "National minority issues", "Rule of law",
)  # fmt: skip
LABELS = ("Press release", "Press release", "Press release", "News item")
_START, _END = "\x02", "\x03"
_MAX_WORDS = 70


@dataclass(frozen=True)
class SeedMaterial:
    """What the generator reuses from the seeds."""

    navigation: tuple[str, ...]
    titles: tuple[str, ...]
    chain: dict[tuple[str, str], list[str]]
    sentences: frozenset[str]


def seed_material(seeds: Path = SEEDS_DIR) -> SeedMaterial:
    """Read the seeds once: the navigation menu, the titles and the sentence chain."""
    corpus = load_corpus(seeds)
    lines = corpus.lines
    first = corpus.documents["doc_id"].iloc[0]
    navigation = lines[(lines["doc_id"] == first) & (lines["role"] == "navigation")]["text"]
    body = corpus.sentences[corpus.sentences["part"] == "body"]["text"]
    sentences = [DATELINE.sub("", text, count=1).strip() for text in body]
    chain: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sentence in sentences:
        words = [_START, _START, *sentence.split(), _END]
        for a, b, c in zip(words, words[1:], words[2:], strict=False):
            chain[(a, b)].append(c)
    return SeedMaterial(
        navigation=tuple(navigation),
        titles=tuple(corpus.documents["title"]),
        chain=dict(chain),
        sentences=frozenset(sentences),
    )


def make_sentence(material: SeedMaterial, rng: random.Random) -> str:
    """One sentence from the order-2 Markov chain (5 to 70 words)."""
    while True:
        a, b, words = _START, _START, []
        while True:
            c = rng.choice(material.chain[(a, b)])
            if c == _END or len(words) > _MAX_WORDS:
                break
            words.append(c)
            a, b = b, c
        if c == _END and len(words) >= 5:
            return " ".join(words)


def _paragraphs(
    material: SeedMaterial, rng: random.Random, shape: tuple[int, int] = (5, 12)
) -> list[list[str]]:
    """``shape`` (5 to 12) paragraphs of 1 to 3 sentences, no sentence twice in a page."""
    seen: set[str] = set()
    paragraphs = []
    for _ in range(rng.randint(*shape)):
        paragraph = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            sentence = make_sentence(material, rng)
            while sentence in seen:
                sentence = make_sentence(material, rng)
            seen.add(sentence)
            paragraph.append(sentence)
        paragraphs.append(paragraph)
    return paragraphs


def _text_page(nav: str, label: str, title: str, date: dt.date, place: str, source: str,
               fields: str, body: list[str]) -> str:  # fmt: skip
    head = [nav, label, title, "- Date:", "- Place:", f"- {place}", "- Source:", f"- {source}",
            "- Fields of work:", f"- {fields}"]  # fmt: skip
    return "\n".join(head + body) + "\n"


def _html_page(nav: str, label: str, title: str, date: dt.date, place: str, source: str,
               fields: str, body: list[str]) -> str:  # fmt: skip
    e = html.escape
    paragraphs = "\n".join(f"        <p>{e(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(title)} | OSCE</title>
  <script>window.analytics = {{ page: "press-release" }};</script>
</head>
<body>
  <a class="skip-link" href="#main-content">Skip to main content</a>
  <header class="site-header">
    <nav aria-label="Main">
{nav}
    </nav>
  </header>
  <main id="main-content">
    <article class="node--type-press-release">
      <div class="content-type">{e(label)}</div>
      <h1 class="page-title"><span>{e(title)}</span></h1>
      <div class="node__meta">
        <ul>
          <li><span class="label">Date:</span></li>
          <li><time datetime="{date.isoformat()}T10:00:00Z">{date.day} {date:%B %Y}</time></li>
          <li><span class="label">Place:</span></li>
          <li>{e(place)}</li>
          <li><span class="label">Source:</span></li>
          <li>{e(source)}</li>
          <li><span class="label">Fields of work:</span></li>
          <li>{e(fields)}</li>
        </ul>
      </div>
      <div class="field--name-body">
{paragraphs}
      </div>
    </article>
  </main>
  <footer><p>&copy; OSCE {date.year}. All rights reserved.</p></footer>
</body>
</html>
"""


def generate_corpus(
    folder: Path | str,
    n_documents: int,
    seed: int = 0,
    html_share: float = HTML_SHARE,
    material: SeedMaterial | None = None,
    paragraphs: tuple[int, int] = (5, 12),
) -> dict[str, int]:
    """Write ``n_documents`` pages into ``folder`` (created if missing), each of
    ``paragraphs`` (fewest, most) paragraphs.

    Out: counts ``{"txt": ..., "html": ..., "bytes": ..., "redrawn": ...}``
    (``redrawn``: pages drawn again because their text repeated another's).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    material = material or seed_material()
    rng = random.Random(seed)
    nav_text = "\n".join(material.navigation)
    nav_html = "\n".join(
        f'      <li><a href="/m{i}">{html.escape(line.lstrip("- ").strip() or "Menu")}</a></li>'
        for i, line in enumerate(material.navigation)
    )
    first_day = dt.date(FIRST_YEAR, 1, 1).toordinal()
    n_days = dt.date(LAST_YEAR, 12, 31).toordinal() - first_day + 1
    seen: set[int] = set()
    counts = {"txt": 0, "html": 0, "bytes": 0, "redrawn": 0}
    width = len(str(max(n_documents - 1, 0)))
    for number in range(n_documents):
        while True:
            drawn = _paragraphs(material, rng, paragraphs)
            key = hash(tuple(s for p in drawn for s in p))
            if key not in seen:
                seen.add(key)
                break
            counts["redrawn"] += 1
        date = dt.date.fromordinal(first_day + rng.randrange(n_days))
        place = rng.choice(PLACES)
        title = rng.choice(material.titles)
        if rng.random() < 0.5:
            title = f"{title} ({place.title()})"
        source = rng.choice(SOURCES)
        fields = ", ".join(rng.sample(FIELDS, rng.randint(1, 3)))
        label = rng.choice(LABELS)
        body = [" ".join(p) for p in drawn]
        body[0] = f"{place}, {date.day} {date:%B %Y} - {body[0]}"
        is_html = rng.random() < html_share
        args = (label, title, date, place, source, fields, body)
        if is_html:
            page, suffix = _html_page(nav_html, *args), "html"
        else:
            page, suffix = _text_page(nav_text, *args), "txt"
        data = page.encode("utf-8")
        (folder / f"{number:0{width}d}_{seed:04d}.{suffix}").write_bytes(data)
        counts[suffix] += 1
        counts["bytes"] += len(data)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n_documents", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    counts = generate_corpus(args.folder, args.n_documents, args.seed)
    took = time.perf_counter() - began
    print(f"{args.n_documents} pages ({counts['txt']} .txt, {counts['html']} .html, "
          f"{counts['bytes'] / 1e6:.1f} MB) written to {args.folder} in {took:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
