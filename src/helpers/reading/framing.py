"""Sentence-level framing of human trafficking and migrant smuggling.

Every sentence that mentions either crime gets exactly one frame (``FRAMES``):

- ``distinction``: it distinguishes or contrasts the two crimes;
- ``nexus``: it links them or blurs the line between them;
- ``umbrella``: it folds them into a broader label ("migration-related crimes"),
  whether or not either crime is named;
- ``paired``: it names both, with neither a distinction nor a link;
- ``trafficking`` / ``smuggling``: it names one crime only;
- ``institutional``: its only mention is inside a name (an office, plan, unit,
  event, treaty or title), counted apart so office titles do not inflate a
  year's trafficking count.

All the words are in one data file, ``data/framing_cues.csv``, whose columns
and lists ``helpers.rules.cues`` describes: edit a row, re-run, and the
frames change. Every cue is matched on normalised text and at word boundaries.

**Names** (offices, plans, events, treaties, titles) are found by structure,
as ``helpers.rules.names`` describes. Cue words inside a name do not count, except
umbrella labels, so "Security" in "Organization for Security and
Co-operation in Europe" is not security vocabulary.

**Precedence** (the order of ``FRAMES``), first rule that applies wins:

1. ``distinction``: a ``distinction`` cue with both crimes named, or with one
   crime and a Palermo element (the other crime being a pronoun: "it is a crime
   against a person, whereas human smuggling ..."); or both crimes named with
   Palermo elements of both sides ("smuggled migrants consent ..., victims of
   trafficking are moved by force");
2. ``nexus``: a ``nexus`` cue with both crimes named;
3. ``umbrella``: an umbrella label, anywhere in the sentence;
4. ``paired``: both crimes named outside names;
5. ``trafficking`` or ``smuggling``: one crime named outside names;
6. ``institutional``: a crime named only inside names.

Rationale: the rarer and more deliberate framing act outranks the more common
one. Drawing the legal line is the Palermo position under study, so a sentence
that draws it and then notes a link still counts as keeping it; a link claim is
more specific than a shared label; an umbrella label is a choice of wording
that recodes whatever crimes the sentence also names; naming both is more than
naming one; and a mention in a name says least about the writer's framing.
When a cue lies inside a longer cue of another list, the longer one wins: "no
clear distinction" and "difficult to distinguish" are nexus cues, not
distinction cues.

The functions are pure: they take and return DataFrames and never read or
write a file (``framing_cues.read_cues`` reads the cue file).
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
from helpers.rules.name_finder import find_names, inside

__all__ = [
    "Analysis",
    "CRIMES",
    "FRAMED_COLUMNS",
    "FRAMES",
    "NONE_LABEL",
    "Reading",
    "Span",
    "agreement",
    "analyse",
    "bootstrap_shares",
    "decide",
    "frame_counts",
    "frame_sentence",
    "frame_sentences",
    "label_predictions",
    "longest_spans",
]

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
    """A match in a sentence: its list, cue and the start/end in the original text."""

    list: str
    cue: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Analysis:
    """What ``analyse`` found in one sentence.

    ``names``: (start, end) of each name in the original text; ``spans``: every
    cue match outside names (umbrella labels also inside); ``trafficking_in_names``
    and ``smuggling_in_names``: crime mentions inside names.
    """

    text: str
    names: tuple[tuple[int, int], ...]
    spans: tuple[Span, ...]
    trafficking_in_names: tuple[Span, ...]
    smuggling_in_names: tuple[Span, ...]

    def of(self, name: str) -> list[Span]:
        """The spans of one list, in order of position."""
        return [span for span in self.spans if span.list == name]


def longest_spans(items: Sequence[T], bounds: Callable[[T], tuple[int, int]]) -> list[T]:
    """Drop items whose span lies inside a longer one, and repeated spans; sort by position.

    In: the items (spans, match rows); ``bounds``, an item's ``(start, end)``.
    Out: the items kept, the first of each repeated span, by ``(start, end)``.
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
    """Find every cue in one sentence.

    In: the sentence text and the cues. Out: an ``Analysis`` with the names,
    the cue spans outside names (umbrella labels also inside names) and the
    crime mentions inside names. Mentions of trafficking or smuggling of goods
    (``not_trafficking``, ``not_smuggling``) are dropped.
    """
    return Reading(as_text(text), as_cues(cues)).analysis()


_FRAME_LISTS = ("distinction", "nexus", "element_trafficking", "element_smuggling")
# The lists without which a sentence gets no frame (see ``decide``).
_FRAME_DECIDING = ("trafficking", "smuggling", "umbrella")


class Reading:
    """One text as the framing rules read it, each step worked out when first asked for.

    In: the text as written and the cues. ``norm`` and ``where`` are its
    normalised form and the position of each of its characters in ``text``;
    ``hits``, the cues the engine says may match (``helpers.rules.engine``). The
    theme codebook reads its ``@list`` patterns and its names from here.
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
        if isinstance(self.hits, range):
            chosen: Iterable[int] = indexes
        else:
            chosen = [index for index in self.hits if indexes.start <= index < indexes.stop]
        spans = []
        for index in chosen:
            cue = self.cues.lists[name][index - indexes.start].cue
            for first, last in matcher.spans(index, self.norm):
                start, end = where[first], where[last - 1] + 1
                spans.append(Span(name, cue, start, end, text[start:end]))
        return spans

    def may_get_frame(self) -> bool:
        """False when no cue of ``_FRAME_DECIDING`` may occur: then ``decide`` of the
        analysis is ``(None, [])`` (no crime named and no umbrella label), and the
        analysis, the costly part, is spared for most sentences."""
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
        """The names in the text (``helpers.rules.names.find_names``), as (start, end) pairs."""
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
    seen: dict[str, None] = {}
    for item in texts:
        seen.setdefault(item, None)
    return list(seen)


def decide(analysis: Analysis) -> tuple[str | None, list[str]]:
    """Apply the precedence (module docstring) to an ``Analysis``.

    Out: ``(frame, cue words)``; the frame is None when the sentence mentions
    neither crime and has no umbrella label. The cue words are the matched
    text, in order of position, frame cues first and then the crime mentions.
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
    """Frame one sentence.

    In: the sentence text and the cues (``read_cues()``). Out: ``(frame, cue
    words)``: one of ``FRAMES`` or None, and the matched words that decided it
    (for ``institutional``, the names holding the mentions).
    """
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

    In: ``sentences`` (``doc_id, sent_id, text``, optionally ``para_id, part``,
    as in ``load_corpus().sentences``), ``documents`` (``doc_id, year``) and
    the cues; ``progress``, a progress bar (default: shown for more than
    ``parallel.SENTENCES_PROGRESS_FROM`` distinct sentences when stderr is a terminal, see
    ``helpers.base.progress``); ``workers``, processes that frame the sentences
    (default: every core from ``parallel.SENTENCES_FROM`` distinct sentences, else one;
    the result is the same). A sentence that recurs is framed once
    (``map_distinct``). Out: one row per framed sentence, sorted by year,
    doc_id and sent_id, with columns ``FRAMED_COLUMNS``: ``cues``,
    ``security_cues`` and ``rights_cues`` are '; '-joined matched words;
    ``mentions_trafficking`` and ``mentions_smuggling`` say whether the crime
    is named outside names.
    """
    require_columns(sentences, ["doc_id", "sent_id", "text"], "frame_sentences")
    require_columns(documents, ["doc_id", "year"], "frame_sentences")
    cues = as_cues(cues)
    years = documents.drop_duplicates("doc_id").set_index("doc_id")["year"]
    year_of = dict(years.items())
    has_para, has_part = "para_id" in sentences.columns, "part" in sentences.columns
    texts = list(sentences["text"])
    results = map_distinct(_frame_row, cues, texts, workers, "Framing sentences", progress)
    columns = [sentences["doc_id"], sentences["sent_id"], texts]
    if has_para:
        columns.append(sentences["para_id"])
    if has_part:
        columns.append(sentences["part"])
    rows = []
    for result, record in zip(results, zip(*columns, strict=True), strict=True):
        if result is None:
            continue
        doc_id, sent_id, raw = record[0], record[1], record[2]
        rows.append(
            (
                doc_id,
                year_of.get(doc_id, pd.NA),
                sent_id,
                record[3] if has_para else pd.NA,
                record[3 + has_para] if has_part else "",
                raw,
                *result,
            )
        )
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

    In: the output of ``frame_sentences`` (``year, frame``); ``years``, the years
    to show (default: the years present; a year with no framed sentence gets a
    row of zeros); ``shares``, whether to add the shares. Out: one row per year
    (index ``year``), one count column per frame in ``FRAMES`` order (zeros
    kept), ``total``, and, with ``shares``, ``share_<frame>`` columns (count /
    total; NaN for a year with no framed sentence).
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
    """Bootstrap confidence intervals for each year's frame shares.

    In: the output of ``frame_sentences`` (``year, frame``); ``n_boot``
    resamples; ``seed`` for ``numpy.random.default_rng``; ``level``, the
    interval's coverage. Sentences are resampled with replacement within each
    year (years in ascending order, one generator), so the result is the same
    on every run. Out: one row per year and frame (``FRAMES`` order): ``year,
    frame, n, n_year, share, ci_low, ci_high`` (percentile interval; 0 <=
    ci_low <= share <= ci_high <= 1 up to resampling noise).
    """
    require_columns(framed, ["year", "frame"], "bootstrap_shares")
    rng = np.random.default_rng(seed)
    codes = {frame: number for number, frame in enumerate(FRAMES)}
    tail = (1 - level) / 2
    rows = []
    for year in sorted(framed["year"].dropna().unique()):
        labels = framed.loc[framed["year"] == year, "frame"].map(codes).to_numpy()
        n_year = len(labels)
        counts = np.bincount(labels, minlength=len(FRAMES))
        boot = np.empty((n_boot, len(FRAMES)))
        for begin in range(0, n_boot, 256):
            block = min(256, n_boot - begin)
            draws = labels[rng.integers(0, n_year, size=(block, n_year))]
            offsets = draws + len(FRAMES) * np.arange(block)[:, None]
            boot[begin : begin + block] = (
                np.bincount(offsets.ravel(), minlength=block * len(FRAMES)).reshape(
                    block, len(FRAMES)
                )
                / n_year
            )
        low, high = np.quantile(boot, [tail, 1 - tail], axis=0)
        for frame, number in codes.items():
            rows.append(
                {
                    "year": int(year),
                    "frame": frame,
                    "n": int(counts[number]),
                    "n_year": n_year,
                    "share": counts[number] / n_year,
                    "ci_low": float(low[number]),
                    "ci_high": float(high[number]),
                }
            )
    return pd.DataFrame(
        rows, columns=["year", "frame", "n", "n_year", "share", "ci_low", "ci_high"]
    )


def label_predictions(labelled: pd.DataFrame, cues: Cues | pd.DataFrame) -> pd.DataFrame:
    """Frame each labelled sentence and put the prediction beside the label.

    In: a table with ``sentence`` and ``frame`` (a frame or 'none'). Out: the
    same table with ``predicted`` (a frame or 'none'), ``predicted_cues`` and
    ``correct`` added: the rows to read when checking disagreements.
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
    """Agreement of ``frame_sentence`` with a labelled set.

    In: a table with ``sentence`` and ``frame`` (one of ``FRAMES`` or 'none')
    and the cues. Out: ``(accuracy, confusion)``: the share of sentences where
    prediction and label agree (NaN for an empty table), and a confusion table
    with the labels as rows (index ``label``) and the predictions as columns
    (``prediction``), all frames plus 'none' on both axes, zeros kept.
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
