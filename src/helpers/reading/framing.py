"""Sentence-level framing of human trafficking and migrant smuggling (``data/framing_cues.csv``).

A sentence naming a crime or an umbrella label gets the first frame of ``FRAMES`` that applies
(:func:`decide`): the rarer, more deliberate act outranks the commoner one; a cue inside a
longer cue of another list gives way ("no clear distinction" is nexus); cue words inside names
(``helpers.rules.institutions``) do not count, except umbrella labels.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

import numpy as np
import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.parallel import map_distinct
from helpers.base.text import as_text, normalise_map
from helpers.rules.cues import Cues, as_cues
from helpers.rules.engine import among
from helpers.rules.institutions import find_names, inside

__all__ = [
    "Analysis", "CRIMES", "FRAMED_COLUMNS", "FRAMES", "NONE_LABEL", "Reading", "Span", "agreement",
    "analyse", "bootstrap_shares", "decide", "frame_counts", "frame_sentence", "frame_sentences",
    "label_predictions", "longest_spans",
]  # fmt: skip

FRAMES: tuple[str, ...] = (
    "distinction",
    "nexus",
    "umbrella",
    "paired",
    "trafficking",
    "smuggling",
    "institutional",
)
NONE_LABEL = "none"
CRIMES: tuple[str, str] = ("trafficking", "smuggling")
T = TypeVar("T")
_BOUNDS = attrgetter("start", "end")  # a span's (start, end)

# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class Span:
    """A match in a sentence: its list, cue, start and end, and text."""

    list: str
    cue: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Analysis:
    """What ``analyse`` found in one sentence: names, cue spans outside names, crimes inside
    names."""

    text: str
    names: tuple[tuple[int, int], ...]
    spans: tuple[Span, ...]
    trafficking_in_names: tuple[Span, ...]
    smuggling_in_names: tuple[Span, ...]

    def of(self, name: str) -> list[Span]:
        """The spans of one list, in order of position."""
        return [span for span in self.spans if span.list == name]


def longest_spans(items: Sequence[T], bounds: Callable[[T], tuple[int, int]]) -> list[T]:
    """In: items and ``bounds`` (an item's ``(start, end)``). Out: the items not inside a longer
    one,
    the first of each repeated span, by position.
    """
    spans = [bounds(item) for item in items]
    kept: dict[tuple[int, int], T] = {}
    for item, (start, end) in zip(items, spans, strict=True):
        longer = any(a <= start and end <= b and b - a > end - start for a, b in spans)
        if not longer and (start, end) not in kept:
            kept[start, end] = item
    return [kept[span] for span in sorted(kept)]


def _within(span: Span, blocks: Iterable[Span]) -> bool:
    """Whether ``span`` lies inside one of ``blocks``."""
    return any(block.start <= span.start and span.end <= block.end for block in blocks)


def _outside(spans: Iterable[Span], names: Sequence[tuple[int, int]]) -> list[Span]:
    return [span for span in spans if not inside(span.start, names)]


def analyse(text: str, cues: Cues | pd.DataFrame) -> Analysis:
    """In: a sentence and the cues. Out: its ``Analysis`` (goods mentions dropped)."""
    return Reading(as_text(text), as_cues(cues)).analysis()


_FRAME_LISTS = ("distinction", "nexus", "element_trafficking", "element_smuggling")
# The lists without which a sentence gets no frame (see ``decide``).
_FRAME_DECIDING = ("trafficking", "smuggling", "umbrella")


class Reading:
    """One text as the framing rules read it, each step worked out when first asked for.

    ``norm`` and ``where``: the normalised text and each character's place in ``text``;
    ``hits``: the cues the engine says may match. The theme codebook reads it too.
    """

    __slots__ = ("text", "cues", "norm", "where", "hits", "_crimes", "_names", "_analysis")

    def __init__(self, text: str, cues: Cues) -> None:
        self.text, self.cues = text, cues
        self.norm, self.where = normalise_map(text)
        self.hits = cues.matcher.candidates(self.norm)
        self._crimes: dict[str, list[Span]] | None = None
        self._names: list[tuple[int, int]] | None = None
        self._analysis: Analysis | None = None

    def spans(self, name: str) -> list[Span]:
        """Every match of list ``name`` (inside names and goods too), by cue, then position."""
        lists, matcher, where, text = self.cues.indexes, self.cues.matcher, self.where, self.text
        indexes = lists[name]
        spans = []
        for index in among(self.hits, indexes):
            cue = self.cues.lists[name][index - indexes.start].cue
            for first, last in matcher.spans(index, self.norm):
                start, end = where[first], where[last - 1] + 1
                spans.append(Span(name, cue, start, end, text[start:end]))
        return spans

    def may_get_frame(self) -> bool:
        """False when no crime or umbrella cue may occur: then there is no frame, and no
        analysis."""
        indexes = self.cues.indexes
        return any(any(index in self.hits for index in indexes[name]) for name in _FRAME_DECIDING)

    def crimes(self) -> dict[str, list[Span]]:
        """Each crime's mentions (inside names too), those inside a mention of goods dropped."""
        if self._crimes is None:
            crimes = {}
            for crime in CRIMES:
                found = self.spans(crime)
                goods = self.spans(f"not_{crime}") if found else []
                crimes[crime] = [span for span in found if not _within(span, goods)]
            self._crimes = crimes
        return self._crimes

    def names(self) -> list[tuple[int, int]]:
        """The names in the text (``institutions.find_names``), as (start, end) pairs."""
        if self._names is None:
            crimes = self.crimes()
            self._names = find_names(
                self.text, self.cues, crimes["trafficking"] + crimes["smuggling"]
            )
        return self._names

    def mentions(self, crime: str) -> list[tuple[int, int]]:
        """A crime's mentions outside names, as ``analysis().of(crime)`` gives them (as pairs)."""
        if self._analysis is not None:
            return [(s.start, s.end) for s in self._analysis.of(crime)]
        found = self.crimes()[crime]
        if not found:
            return []
        return [(s.start, s.end) for s in _outside(longest_spans(found, _BOUNDS), self.names())]

    def analysis(self) -> Analysis:
        """What ``analyse`` finds in the text."""
        if self._analysis is None:
            self._analysis = self._analyse()
        return self._analysis

    def _analyse(self) -> Analysis:
        crimes, names = self.crimes(), self.names()
        spans: list[Span] = []
        in_names: dict[str, list[Span]] = {}
        for crime, found in crimes.items():
            found = longest_spans(found, _BOUNDS)
            spans += _outside(found, names)
            in_names[crime] = [span for span in found if inside(span.start, names)]
        framing = [span for name in _FRAME_LISTS for span in _outside(self.spans(name), names)]
        # A cue inside a longer cue of another list gives way ("no clear distinction").
        framing = [
            span
            for span in framing
            if not any(
                other.list != span.list
                and other.start <= span.start
                and span.end <= other.end
                and (other.end - other.start) > (span.end - span.start)
                for other in framing
            )
        ]
        for name in _FRAME_LISTS:
            spans += longest_spans([span for span in framing if span.list == name], _BOUNDS)
        spans += longest_spans(self.spans("umbrella"), _BOUNDS)
        refugee = longest_spans(_outside(self.spans("refugee"), names), _BOUNDS)
        spans += refugee  # refugee vocabulary; a rights word inside it does not count as rights
        for name in ("security", "rights"):
            found = _outside(self.spans(name), names)
            spans += longest_spans([s for s in found if not _within(s, refugee)], _BOUNDS)
        return Analysis(
            text=self.text,
            names=tuple(names),
            spans=tuple(sorted(spans, key=lambda s: (s.start, s.end, s.list))),
            trafficking_in_names=tuple(in_names["trafficking"]),
            smuggling_in_names=tuple(in_names["smuggling"]),
        )


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def decide(analysis: Analysis) -> tuple[str | None, list[str]]:
    """In: an ``Analysis``. Out: ``(frame, cue words)``, None without a crime or umbrella label:
    ``distinction`` (a contrast cue with both crimes, or one crime and a Palermo element; or
    elements of both sides), ``nexus`` (a link cue, both crimes), ``umbrella``, ``paired`` (both
    crimes), ``trafficking`` / ``smuggling``, ``institutional`` (a crime only inside a name).
    """
    trafficking, smuggling = analysis.of("trafficking"), analysis.of("smuggling")
    both = bool(trafficking and smuggling)
    crimes = sorted(trafficking + smuggling, key=lambda s: s.start)
    elements_t, elements_s = analysis.of("element_trafficking"), analysis.of("element_smuggling")

    def words(spans: list[Span]) -> list[str]:
        return _unique(span.text for span in sorted(spans, key=lambda span: span.start))

    contrast = analysis.of("distinction")
    if contrast and (both or (crimes and (elements_t or elements_s))):
        extra = [] if both else words(elements_t + elements_s)
        return "distinction", _unique(words(contrast) + extra + words(crimes))
    if both and elements_t and elements_s:
        return "distinction", words(elements_t + elements_s) + words(crimes)
    links = analysis.of("nexus")
    if both and links:
        return "nexus", words(links) + words(crimes)
    umbrella = analysis.of("umbrella")
    if umbrella:
        return "umbrella", words(umbrella)
    if both:
        return "paired", words(crimes)
    if trafficking:
        return "trafficking", words(trafficking)
    if smuggling:
        return "smuggling", words(smuggling)
    in_names = analysis.trafficking_in_names + analysis.smuggling_in_names
    if in_names:
        holders = [
            (start, end)
            for start, end in analysis.names
            if any(start <= s.start < end for s in in_names)
        ]
        return "institutional", _unique(analysis.text[start:end] for start, end in holders)
    return None, []


def frame_sentence(text: str, cues: Cues | pd.DataFrame) -> tuple[str | None, list[str]]:
    """In: a sentence and the cues. Out: ``(frame or None, the words that decided it)``."""
    reading = Reading(as_text(text), as_cues(cues))
    if not reading.may_get_frame():
        return None, []
    return decide(reading.analysis())


# --------------------------------------------------------------------------- tables

FRAMED_COLUMNS: tuple[str, ...] = (
    "doc_id", "year", "sent_id", "para_id", "part", "sentence", "frame", "cues",
    "mentions_trafficking", "mentions_smuggling", "security_cues", "rights_cues",
)  # fmt: skip


def frame_sentences(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    cues: Cues | pd.DataFrame,
    progress: bool | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """Frame every sentence of a corpus and keep those that get a frame.

    In: ``sentences`` (``doc_id, sent_id, text``, optionally ``para_id, part``), ``documents``
    (``doc_id, year``), the cues; ``progress``; ``workers`` (same result on any number). A
    recurring sentence is framed once. Out: ``FRAMED_COLUMNS``, by year, doc_id, sent_id.
    """
    require_columns(sentences, ["doc_id", "sent_id", "text"], "frame_sentences")
    require_columns(documents, ["doc_id", "year"], "frame_sentences")
    cues = as_cues(cues)
    years = documents.drop_duplicates("doc_id").set_index("doc_id")["year"]
    year_of = dict(years.items())
    texts = list(sentences["text"])
    results = map_distinct(_frame_row, cues, texts, workers, "Framing sentences", progress)
    kept = [i for i, result in enumerate(results) if result is not None]
    picked = sentences.iloc[kept]
    paras = picked["para_id"] if "para_id" in picked else [pd.NA] * len(kept)
    parts = picked["part"] if "part" in picked else [""] * len(kept)
    rows = [
        (doc_id, year_of.get(doc_id, pd.NA), sent_id, para, part, texts[i], *results[i])
        for i, doc_id, sent_id, para, part in zip(
            kept, picked["doc_id"], picked["sent_id"], paras, parts, strict=True
        )
    ]
    framed = pd.DataFrame.from_records(rows, columns=list(FRAMED_COLUMNS))
    if framed.empty:
        return framed.astype({"mentions_trafficking": bool, "mentions_smuggling": bool})
    framed["year"] = framed["year"].astype("Int64")
    return framed.sort_values(["year", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def _frame_row(cues: Cues, raw: object) -> tuple | None:
    """The columns of ``frame_sentences`` from ``frame`` on for one sentence, or None."""
    reading = Reading(as_text(raw), cues)
    if not reading.may_get_frame():
        return None
    analysis = reading.analysis()
    frame, words = decide(analysis)
    if frame is None:
        return None
    # interned: a few thousand distinct cue lists recur over hundreds of thousands
    # of sentences; one object each (also once per chunk sent back by a worker)
    return (
        frame,
        sys.intern("; ".join(words)),
        bool(analysis.of("trafficking")),
        bool(analysis.of("smuggling")),
        sys.intern("; ".join(_unique(s.text for s in analysis.of("security")))),
        sys.intern("; ".join(_unique(s.text for s in analysis.of("rights")))),
    )


def frame_counts(
    framed: pd.DataFrame, years: Iterable[int] | None = None, shares: bool = True
) -> pd.DataFrame:
    """Count frames per year.

    In: ``frame_sentences`` output; ``years`` to show (default: those present; others get zeros);
    ``shares``. Out: per year, a count per frame, ``total`` and ``share_<frame>`` (NaN for none).
    """
    require_columns(framed, ["year", "frame"], "frame_counts")
    index = sorted(set(years)) if years is not None else sorted(framed["year"].dropna().unique())
    index = [int(year) for year in index]
    counts = (
        pd.crosstab(framed["year"], framed["frame"])
        .reindex(index=index, columns=list(FRAMES), fill_value=0)
        .astype("int64")
    )
    counts.index.name, counts.columns.name = "year", None
    counts["total"] = counts[list(FRAMES)].sum(axis=1)
    if shares:
        total = counts["total"].where(counts["total"] > 0)
        for frame in FRAMES:
            counts[f"share_{frame}"] = counts[frame] / total
    return counts


def bootstrap_shares(
    framed: pd.DataFrame, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> pd.DataFrame:
    """Percentile bootstrap intervals of each year's frame shares.

    In: ``frame_sentences`` output; ``n_boot``, ``seed``, ``level``. Sentences are resampled
    within each year, one generator, so every run gives the same numbers. Out: ``year, frame, n,
    n_year, share, ci_low, ci_high``.
    """
    require_columns(framed, ["year", "frame"], "bootstrap_shares")
    rng = np.random.default_rng(seed)
    codes = {frame: number for number, frame in enumerate(FRAMES)}
    tail = (1 - level) / 2
    tables = []
    for year in sorted(framed["year"].dropna().unique()):
        labels = framed.loc[framed["year"] == year, "frame"].map(codes).to_numpy()
        n_year = len(labels)
        counts = np.bincount(labels, minlength=len(FRAMES))
        boot = np.empty((n_boot, len(FRAMES)))
        for begin in range(0, n_boot, 256):
            block = min(256, n_boot - begin)
            draws = labels[rng.integers(0, n_year, size=(block, n_year))]
            offsets = draws + len(FRAMES) * np.arange(block)[:, None]
            found = np.bincount(offsets.ravel(), minlength=block * len(FRAMES))
            boot[begin : begin + block] = found.reshape(block, len(FRAMES)) / n_year
        low, high = np.quantile(boot, [tail, 1 - tail], axis=0)
        tables.append(
            pd.DataFrame(
                {
                    "year": int(year),
                    "frame": list(FRAMES),
                    "n": counts,
                    "n_year": n_year,
                    "share": counts / n_year,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
        )
    columns = ["year", "frame", "n", "n_year", "share", "ci_low", "ci_high"]
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=columns)


def label_predictions(labelled: pd.DataFrame, cues: Cues | pd.DataFrame) -> pd.DataFrame:
    """In: ``sentence`` and ``frame`` (label or 'none'). Out: the table with ``predicted``,
    ``predicted_cues`` and ``correct``: the rows to read when checking disagreements.
    """
    require_columns(labelled, ["sentence", "frame"], "label_predictions")
    cues = as_cues(cues)
    out = labelled.copy()
    results = [frame_sentence(text, cues) for text in out["sentence"]]
    out["frame"] = out["frame"].fillna(NONE_LABEL).astype(str).str.strip()
    out["predicted"] = [frame or NONE_LABEL for frame, _ in results]
    out["predicted_cues"] = ["; ".join(words) for _, words in results]
    out["correct"] = out["frame"] == out["predicted"]
    return out


def agreement(labelled: pd.DataFrame, cues: Cues | pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """In: labelled sentences and the cues. Out: ``(accuracy, confusion)``, labels as rows and
    predictions as columns, every frame and 'none' on both axes.
    """
    predicted = label_predictions(labelled, cues)
    axis = [*FRAMES, NONE_LABEL]
    unknown = sorted(set(predicted["frame"]) - set(axis))
    if unknown:
        raise ValueError(f"unknown label(s) {unknown}; labels are {axis}")
    confusion = pd.crosstab(
        pd.Categorical(predicted["frame"], axis), pd.Categorical(predicted["predicted"], axis),
        dropna=False,
    ).reindex(index=axis, columns=axis, fill_value=0)  # fmt: skip
    confusion.index.name, confusion.columns.name = "label", "prediction"
    accuracy = float(predicted["correct"].mean()) if len(predicted) else float("nan")
    return accuracy, confusion.astype("int64")
