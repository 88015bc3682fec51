"""A concordance explorer: a term, its lines in context, and its frequency per year.

:func:`explore` is the pure view (two tables); :func:`explorer` shows it as widgets in a
reader's JupyterLab and as text in the build (``NOTEBOOK_STATIC_OUTPUT``), with no code
edited, so the committed notebooks and the handout hold text.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Iterable

import pandas as pd

from helpers.analysis.concordance import kwic
from helpers.base.checks import require_columns
from helpers.base.paths import STATIC_ENV
from helpers.corpus.labels import LABEL_COLUMNS, document_labels
from helpers.corpus.load import count_words
from helpers.reading.framing import FRAMES, NONE_LABEL

__all__ = [
    "CONTROL_HELP",
    "LIVE_ENV",
    "PER_YEAR_COLUMNS",
    "VIEW_COLUMNS",
    "Explorer",
    "explore",
    "explorer",
    "format_kwic",
    "live_requested",
]

LIVE_ENV = "EXPLORER_LIVE"
FRAME_CHOICES: tuple[str, ...] = (*FRAMES, NONE_LABEL)
VIEW_COLUMNS = ("year", "doc_id", "sent_id", "frame", "left", "keyword", "right", "sentence")
PER_YEAR_COLUMNS = ("year", "documents", "sentences", "words", "matches", "sentences_matched",
                    "per_1000_words")  # fmt: skip
PER_YEAR_HEADER = ("year", "documents", "sentences", "words", "matches", "in sentences",
                   "per 1,000 words")  # fmt: skip
BAR_WIDTH = 20
CORPUS_ORDER = "corpus"  # the sort control's name for sort_by=None: a dropdown cannot show None
MAX_STATIC_LINES = 200  # lines the static view prints by default; the live view scrolls them all
CONTROL_HELP = {
    "term": "Term: a word, or the start of one ('smuggl' finds smuggler, smuggling); "
    "the view follows as you type.",
    "window": "Window: how many words of context are shown on each side of the term.",
    "years": "Years: untick a year to leave its documents out of the lines and the counts.",
    "frames": "Frames: untick a frame to leave out the sentences framed so "
    "('none': sentences that name neither crime).",
    "sort_by": "Sort by: the corpus order, or alphabetically by the words before or after "
    "the term (punctuation skipped).",
}
SETTINGS = ("term", "years", "frames", "window", "sort_by")


def live_requested(live: bool | None = None) -> bool:
    """Whether to build widgets: ``live`` when given; else ``$EXPLORER_LIVE`` when it says
    yes or no (1/true/yes/on, 0/false/no/off); else no when ``$NOTEBOOK_STATIC_OUTPUT`` is
    set (the build, the tests); else whether the code runs in a Jupyter kernel."""
    if live is not None:
        return bool(live)
    value = os.environ.get(LIVE_ENV, "").strip().lower()
    if value in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        return value in ("1", "true", "yes", "on")
    if os.environ.get(STATIC_ENV, "").strip() not in ("", "0"):
        return False
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def explore(
    sentences: pd.DataFrame,
    framed: pd.DataFrame,
    documents: pd.DataFrame,
    term: str,
    years: Iterable[int] | None = None,
    frames: Iterable[str] | str | None = None,
    window: int = 8,
    *,
    regex: bool = False,
    sort_by: str | None = None,
    match: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The explorer's view of one term (as ``concordance.kwic`` reads it) in the years and
    frames kept (None: all; a sentence not in ``framed`` is ``none``). Out: ``(lines,
    per_year)``, ``VIEW_COLUMNS`` per match and ``PER_YEAR_COLUMNS`` per year (zeros for a
    year without documents). Raises ``ValueError`` for a bad setting."""
    require_columns(sentences, ["doc_id", "sent_id", "text"], "explore")
    require_columns(framed, ["doc_id", "sent_id", "frame"], "explore")
    require_columns(documents, ["doc_id", "year"], "explore")
    if not isinstance(term, str) or not term.strip():
        raise ValueError("type a word or phrase to look for")
    if sort_by not in (None, "left", "right"):
        raise ValueError(f"sort_by must be None, 'left' or 'right', not {sort_by!r}")
    if int(window) < 0:
        raise ValueError("the window must be 0 or more words")
    frames = [frames] if isinstance(frames, str) else frames
    unknown = [frame for frame in frames or () if frame not in FRAME_CHOICES]
    if unknown:
        raise ValueError(f"unknown frame {unknown}; the frames are {list(FRAME_CHOICES)}")
    all_years = sorted(int(year) for year in documents["year"].dropna().unique())
    years = sorted({int(year) for year in years}) if years is not None else all_years

    keys = ["doc_id", "sent_id"]
    table = sentences[[*keys, "text"]].copy()
    table["year"] = table["doc_id"].map(
        documents.drop_duplicates("doc_id").set_index("doc_id")["year"]
    )
    frame_of = framed.drop_duplicates(keys).set_index(keys)["frame"]
    table["frame"] = (
        frame_of.reindex(pd.MultiIndex.from_frame(table[keys])).fillna(NONE_LABEL).to_numpy()
    )
    keep = table["year"].isin(years)
    if frames is not None:
        keep &= table["frame"].isin(frames)
    table = table[keep].reset_index(drop=True)
    try:
        lines = kwic(
            table, term.strip(), window=int(window), regex=regex, sort_by=sort_by, match=match
        )
    except re.error as error:  # not a ValueError
        raise ValueError(f"the regular expression does not compile: {error}") from None
    lines = lines.merge(table[[*keys, "frame"]], on=keys)
    if sort_by is None:
        lines = lines.sort_values(["year", *keys], kind="stable")
    lines = lines.reset_index(drop=True)[list(VIEW_COLUMNS)].astype({"year": "int64"})

    table["words"] = table["text"].map(count_words)
    by_year = table.groupby("year").agg(sentences=("text", "size"), words=("words", "sum"))
    counts = {
        "documents": documents.drop_duplicates("doc_id").groupby("year").size(),
        "sentences": by_year["sentences"],
        "words": by_year["words"],
        "matches": lines.groupby("year").size(),
        "sentences_matched": lines.drop_duplicates(keys).groupby("year").size(),
    }
    per_year = pd.DataFrame({"year": years})
    for column, values in counts.items():
        per_year[column] = per_year["year"].map(values).fillna(0).astype("int64")
    per_year["per_1000_words"] = (
        1000 * per_year["matches"] / per_year["words"].where(per_year["words"] > 0)
    )
    return lines, per_year


def _cut_right(text: str, chars: int) -> str:
    """The start of ``text`` in at most ``chars`` characters, cut between words, marked '…'."""
    text = text.strip()
    if len(text) <= chars:
        return text
    head = text[: chars - 2]
    if not text[chars - 2].isspace():
        head = head.rsplit(" ", 1)[0] if " " in head else ""
    return (head.rstrip(" …") + " …").lstrip()


def format_kwic(lines: pd.DataFrame, chars: int = 40) -> list[str]:
    """Concordance lines (``kwic`` or ``explore``; a ``document`` label replaces ``year,
    doc_id`` when present) as text, keywords in one column, at most ``chars`` of context
    each side. Out: ``where s<sent_id> [frame] left [keyword] right`` lines."""
    named = "document" in lines.columns
    where = [] if named else ["year", "doc_id"]
    require_columns(lines, [*where, "sent_id", "left", "keyword", "right"], "format_kwic")
    width = max((len(str(d)) for d in lines["document"]), default=0) if named else 0
    out = []
    for row in lines.itertuples(index=False):
        frame = f" {getattr(row, 'frame', ''):<13}" if "frame" in lines.columns else ""
        left = _cut_right(str(row.left)[::-1], chars)[::-1]  # the same cut, from the end
        where = f"{row.document:<{width}}" if named else f"{row.year} {row.doc_id}"
        line = f"{where} s{row.sent_id:<3}{frame} {left:>{chars}} [{row.keyword}] "
        out.append((line + _cut_right(str(row.right), chars)).rstrip())
    return out


def _per_year_lines(per_year: pd.DataFrame) -> list[str]:
    """The per-year table as text, with a bar of '#' for matches per 1,000 words."""
    rates = per_year["per_1000_words"]
    top = rates.max(skipna=True)
    rows = []
    for row, rate in zip(per_year.itertuples(index=False), rates, strict=True):
        shown = "-" if pd.isna(rate) else f"{rate:.1f}"
        bar = "#" * max(1, round(BAR_WIDTH * rate / top)) if rate > 0 and top else ""
        rows.append([*(str(v) for v in row[:6]), shown, bar])
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(PER_YEAR_HEADER)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(PER_YEAR_HEADER, widths, strict=True))]
    for r in rows:
        cells = "  ".join(c.rjust(w) for c, w in zip(r[:-1], widths, strict=True))
        lines.append(f"{cells}  {r[-1]}".rstrip())
    return lines


def _view_text(
    lines: pd.DataFrame, per_year: pd.DataFrame, term: str, max_lines: int | None
) -> str:
    """The view as text: a heading, the per-year table, at most ``max_lines`` lines."""
    n_sentences = len(lines[["doc_id", "sent_id"]].drop_duplicates())
    text = [
        f"'{term}': {len(lines)} match(es) in {n_sentences} sentence(s)",
        "",
        "Per year: the documents, sentences and words in view, the matches, the sentences",
        "holding them, and matches per 1,000 words:",
        *_per_year_lines(per_year),
        "",
    ]
    if lines.empty:
        return "\n".join([*text, "No line of the sentences in view matches."])
    shown = lines if max_lines is None else lines.head(max_lines)
    more = f" (the first {len(shown)} of {len(lines)})" if len(shown) < len(lines) else ""
    return "\n".join([*text, f"Concordance{more}:", *format_kwic(shown)])


class Explorer:
    """The explorer's settings (``term, years, frames, window, sort_by``), its tables
    (``kwic``, ``per_year``), ``message`` (why the settings make no view, else ''),
    ``widget`` (None when static) and ``note`` (why it is static although asked live)."""

    def __init__(self, sentences, framed, documents, max_lines, **settings) -> None:
        self._tables = (sentences, framed, documents)
        named = set(LABEL_COLUMNS) <= set(documents.columns)
        self._labels = document_labels(documents) if named else None
        self.all_years = sorted(int(year) for year in documents["year"].dropna().unique())
        self.max_lines, self.message, self.note = max_lines, "", ""
        self.widget, self._output, self._controls = None, None, {}
        years, frames = settings.pop("years"), settings.pop("frames")
        self.years = sorted({int(y) for y in years}) if years is not None else self.all_years
        frames = [frames] if isinstance(frames, str) else frames
        self.frames = list(FRAME_CHOICES) if frames is None else list(frames)
        self.__dict__.update(settings)
        self.kwic, self.per_year = self._compute()

    def _compute(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        settings = {name: getattr(self, name) for name in SETTINGS if name != "term"}
        return explore(*self._tables, self.term, **settings)

    def update(self, **settings) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Change settings and recompute; a setting that makes no view leaves the tables
        as they were and says why in ``message``, never raising. Out: the tables."""
        unknown = sorted(set(settings) - set(SETTINGS))
        if unknown:
            raise TypeError(f"unknown setting(s) {unknown}")
        self.__dict__.update(settings)
        try:
            self.kwic, self.per_year = self._compute()
            self.message = ""
        except ValueError as error:
            self.message = str(error)
        if self._output is not None:
            self._output.value = self.html()
        return self.kwic, self.per_year

    def text(self, every_line: bool = False) -> str:
        """The current view as plain text (every line, or ``max_lines``), or the problem."""
        note = f"Note: {self.note}.\n\n" if self.note else ""
        if self.message:
            return f"{note}Nothing to show: {self.message}."
        kwic = self.kwic
        if self._labels is not None:
            kwic = kwic.assign(document=kwic["doc_id"].map(self._labels))
        return note + _view_text(
            kwic, self.per_year, self.term, None if every_line else self.max_lines
        )

    def html(self) -> str:
        """The whole view (every line) in a <pre> block that scrolls both ways."""
        return (
            '<div style="overflow: auto; max-width: 100%; max-height: 32em;">'
            '<pre style="font-size: 12px; line-height: 1.35; margin: 0; '
            f'white-space: pre;">{html.escape(self.text(every_line=True))}</pre></div>'
        )

    def build_widgets(self) -> None:
        """Build the controls, each with a line saying what it does, above the view."""
        import ipywidgets as w

        row = w.Layout(flex_flow="row wrap", align_items="center")
        boxes = {
            name: {value: w.Checkbox(value=value in chosen, description=str(value), indent=False,
                                     layout=w.Layout(width="auto", margin="0 12px 0 0"))
                   for value in values}
            for name, values, chosen in (("years", self.all_years, self.years),
                                         ("frames", FRAME_CHOICES, self.frames))
        }  # fmt: skip
        self._controls = {
            "term": w.Text(value=self.term, description="Term", placeholder="a word or phrase",
                           continuous_update=True, layout=w.Layout(width="320px")),
            "window": w.IntSlider(value=self.window, min=1, max=20, description="Window"),
            "sort_by": w.Dropdown(
                options=[("year, document, sentence", CORPUS_ORDER),
                         ("word before the term", "left"), ("words after the term", "right")],
                value=self.sort_by or CORPUS_ORDER, description="Sort by"),
            **boxes,
        }  # fmt: skip
        # Long concordance lines scroll sideways inside the view instead of being cut off.
        self._output = w.HTML(value=self.html(), layout=w.Layout(width="100%", overflow="auto"))
        controls = self._controls
        for control in [controls[n] for n in ("term", "window", "sort_by")] + [
            box for name in ("years", "frames") for box in controls[name].values()
        ]:
            control.observe(self._on_change, names="value")

        def explain(name: str):
            text = html.escape(CONTROL_HELP[name])
            return w.HTML(f'<span style="color: #555; font-size: 90%;">{text}</span>')

        self.widget = w.VBox([
            w.HBox([controls["term"], controls["window"]], layout=row),
            explain("term"), explain("window"),
            w.HBox([w.Label("Years:"), *boxes["years"].values()], layout=row), explain("years"),
            w.HBox([w.Label("Frames:"), *boxes["frames"].values()], layout=row), explain("frames"),
            controls["sort_by"], explain("sort_by"), self._output,
        ])  # fmt: skip

    def _on_change(self, _change=None) -> None:
        controls = self._controls
        ticked = {name: [v for v, box in controls[name].items() if box.value]
                  for name in ("years", "frames")}  # fmt: skip
        sort_by = controls["sort_by"].value
        self.update(term=controls["term"].value, window=controls["window"].value,
                    sort_by=None if sort_by == CORPUS_ORDER else sort_by, **ticked)  # fmt: skip

    def _ipython_display_(self) -> None:
        if self.widget is None:
            print(self.text())
        else:
            from IPython.display import display

            display(self.widget)

    def __repr__(self) -> str:
        mode = "live" if self.widget is not None else "static"
        return (
            f"Explorer(term={self.term!r}, years={self.years}, frames={self.frames}, "
            f"window={self.window}, {len(self.kwic)} line(s), {mode})"
        )


def explorer(
    sentences: pd.DataFrame,
    framed: pd.DataFrame,
    documents: pd.DataFrame,
    term: str = "smuggl",
    years: Iterable[int] | None = None,
    frames: Iterable[str] | None = None,
    window: int = 8,
    *,
    sort_by: str | None = None,
    max_lines: int | None = MAX_STATIC_LINES,
    live: bool | None = None,
) -> Explorer:
    """The ``Explorer`` of ``explore``'s tables and settings, live or static
    (``live_requested``); it shows itself as the last line of a cell."""
    require_columns(sentences, ["doc_id", "sent_id", "text"], "explorer")
    require_columns(framed, ["doc_id", "sent_id", "frame"], "explorer")
    require_columns(documents, ["doc_id", "year"], "explorer")
    shown = Explorer(sentences, framed, documents, max_lines, term=term, years=years,
                     frames=frames, window=int(window), sort_by=sort_by)  # fmt: skip
    if live_requested(live):
        try:
            shown.build_widgets()
        except ImportError:
            shown.note = (
                "ipywidgets is not installed, so the explorer is not live (install the "
                "project's requirements.txt)"
            )
    return shown
