"""A concordance explorer: a term, its lines in context and its frequency per year.

Two layers, so that the view can be tested and reproduced without a browser:

- ``explore(sentences, framed, documents, term, years=None, frames=None,
  window=8)`` is a pure function. It returns two tables: the concordance of
  ``term`` (one row per match, with the year, document, sentence and frame of
  the sentence it is in) and the frequency per year (matches, the sentences
  that hold them, and matches per 1,000 words of the sentences in view).
  ``format_view`` turns the two tables into plain text.
- ``explorer(...)`` returns an ``Explorer``. Shown as the last line of a
  notebook cell it shows ipywidgets controls when it is **live** (a text box
  for the term, updated as you type; a tick box per year and per frame; a
  slider for the context window; a sort order; each with a line saying what
  it does) above the view, which is computed again whenever a control
  changes and scrolls to show every matching line. When **static**, it
  prints the text view (the same bytes on every run).

**The static/live switch.** ``live=True`` builds the widgets, ``live=False``
never does, and ``live=None`` (the default) decides from the setting: the
environment variable ``EXPLORER_LIVE`` (``1``/``true``/``yes``/``on`` or
``0``/``false``/``no``/``off``) when it is set; otherwise static when
``NOTEBOOK_STATIC_OUTPUT`` is set, which the build and the tests set for the
kernels they run (their outputs are stored and compared, so they hold text
and no widget state); otherwise live when the code runs in a Jupyter kernel
(JupyterLab), static elsewhere (a script, a terminal). So the explorer is
live when a reader opens a notebook in JupyterLab and runs it, and text in
the committed notebooks and the HTML handout, with no code edited.
ipywidgets is imported only to build widgets.

The frame of a sentence is its frame in ``framed`` (the output of
``framing.frame_sentences``); a sentence that is not in ``framed`` has the
frame ``none`` (``framing.NONE_LABEL``), so it can be kept or filtered out too.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections.abc import Iterable, Sequence

import pandas as pd

from helpers.analysis.concordance import kwic
from helpers.base.checks import require_columns
from helpers.base.paths import STATIC_ENV
from helpers.corpus.labels import LABEL_COLUMNS, document_labels
from helpers.corpus.load import count_words
from helpers.reading.framing import FRAMES, NONE_LABEL

__all__ = [
    "BAR_WIDTH",
    "CONTROL_HELP",
    "CORPUS_ORDER",
    "Explorer",
    "FRAME_CHOICES",
    "LIVE_ENV",
    "MAX_STATIC_LINES",
    "PER_YEAR_COLUMNS",
    "PER_YEAR_HEADER",
    "SORT_CHOICES",
    "VIEW_COLUMNS",
    "explore",
    "explorer",
    "format_kwic",
    "format_per_year",
    "format_view",
    "live_requested",
]

LIVE_ENV = "EXPLORER_LIVE"
FRAME_CHOICES: tuple[str, ...] = (*FRAMES, NONE_LABEL)
VIEW_COLUMNS: tuple[str, ...] = (
    "year", "doc_id", "sent_id", "frame", "left", "keyword", "right", "sentence",
)  # fmt: skip
PER_YEAR_COLUMNS: tuple[str, ...] = (
    "year", "documents", "sentences", "words", "matches", "sentences_matched", "per_1000_words",
)  # fmt: skip
PER_YEAR_HEADER: tuple[str, ...] = (
    "year", "documents", "sentences", "words", "matches", "in sentences", "per 1,000 words",
)  # fmt: skip
SORT_CHOICES: tuple[str | None, ...] = (None, "left", "right")
BAR_WIDTH = 20
CORPUS_ORDER = "corpus"  # the live sort control's value for sort_by=None (the corpus order)
MAX_STATIC_LINES = 200  # lines printed by the static view by default; the live view shows all
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


def _in_kernel() -> bool:
    """Whether this code runs in a Jupyter kernel (where widgets can be shown)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def live_requested(live: bool | None = None) -> bool:
    """Whether to build widgets (see the module docstring).

    In: ``live`` (True or False: that answer; None: decide). Out: ``live``
    when given; else ``$EXPLORER_LIVE`` when it says yes (1, true, yes, on)
    or no (0, false, no, off; any case); else False when
    ``$NOTEBOOK_STATIC_OUTPUT`` is set (the build, the tests); else whether
    the code runs in a Jupyter kernel.
    """
    if live is not None:
        return bool(live)
    value = os.environ.get(LIVE_ENV, "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    if os.environ.get(STATIC_ENV, "").strip() not in ("", "0"):
        return False
    return _in_kernel()


def _choices(values: Iterable | None, allowed: Sequence, what: str) -> list | None:
    """Check a filter: None stays None, otherwise a list of allowed values."""
    if values is None:
        return None
    if isinstance(values, str | int):
        values = [values]
    chosen = list(values)
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} {unknown}; the {what}s are {list(allowed)}")
    return chosen


def explore(
    sentences: pd.DataFrame,
    framed: pd.DataFrame,
    documents: pd.DataFrame,
    term: str,
    years: Iterable[int] | None = None,
    frames: Iterable[str] | None = None,
    window: int = 8,
    *,
    regex: bool = False,
    sort_by: str | None = None,
    match: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute the explorer's view of one term.

    In: ``sentences`` (``doc_id, sent_id, text``, as ``load_corpus().sentences``);
    ``framed`` (``frame_sentences`` output: ``doc_id, sent_id, frame``);
    ``documents`` (``doc_id, year``); ``term``, a word or phrase as for
    ``concordance.kwic`` ("smuggl" also finds "smugglers"), or a regular
    expression with ``regex=True`` (or ``match``: ``phrase``, ``glob`` or
    ``regex``, see ``concordance.compile_query``); ``years``, the years to keep (None: all
    years with documents; a year without documents gets a row of zeros);
    ``frames``, the frames to keep, from ``FRAME_CHOICES`` (None: all,
    sentences without a frame included); ``window``, words of context each
    side; ``sort_by``: None (by year, document and sentence), ``"left"`` or
    ``"right"`` (as ``kwic``).

    Out: ``(kwic_table, per_year)``. ``kwic_table``: one row per match in the
    sentences in view, columns ``VIEW_COLUMNS``. ``per_year``: one row per
    year, columns ``PER_YEAR_COLUMNS``: the year's documents, its sentences in
    view (titles included) and their words, the matches, the sentences with
    at least one match, and matches per 1,000 words (NaN with no words).

    Raises ``ValueError`` for a missing column, an empty term, a regular
    expression that does not compile, an unknown frame or sort order, or a
    negative window.
    """
    require_columns(sentences, ["doc_id", "sent_id", "text"], "explore")
    require_columns(framed, ["doc_id", "sent_id", "frame"], "explore")
    require_columns(documents, ["doc_id", "year"], "explore")
    if not isinstance(term, str) or not term.strip():
        raise ValueError("type a word or phrase to look for")
    if sort_by not in SORT_CHOICES:
        raise ValueError(f"sort_by must be None, 'left' or 'right', not {sort_by!r}")
    if int(window) < 0:
        raise ValueError("the window must be 0 or more words")
    frames = _choices(frames, FRAME_CHOICES, "frame")
    all_years = sorted(int(year) for year in documents["year"].dropna().unique())
    years = sorted({int(year) for year in years}) if years is not None else all_years

    year_of = documents.drop_duplicates("doc_id").set_index("doc_id")["year"]
    frame_of = framed.drop_duplicates(["doc_id", "sent_id"]).set_index(["doc_id", "sent_id"])
    table = sentences[["doc_id", "sent_id", "text"]].copy()
    table["year"] = table["doc_id"].map(year_of)
    keys = pd.MultiIndex.from_frame(table[["doc_id", "sent_id"]])
    table["frame"] = frame_of["frame"].reindex(keys).fillna(NONE_LABEL).to_numpy()
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
    lines = lines.merge(table[["doc_id", "sent_id", "frame"]], on=["doc_id", "sent_id"])
    if sort_by is None:
        lines = lines.sort_values(["year", "doc_id", "sent_id"], kind="stable")
    lines = lines.reset_index(drop=True)[list(VIEW_COLUMNS)]
    lines["year"] = lines["year"].astype("int64")

    n_documents = documents.drop_duplicates("doc_id").groupby("year").size()
    table["words"] = table["text"].map(count_words)
    by_year = table.groupby("year").agg(sentences=("text", "size"), words=("words", "sum"))
    matches = lines.groupby("year").size()
    matched = lines.drop_duplicates(["doc_id", "sent_id"]).groupby("year").size()
    per_year = pd.DataFrame({"year": years})
    per_year["documents"] = per_year["year"].map(n_documents).fillna(0)
    for column in ("sentences", "words"):
        per_year[column] = per_year["year"].map(by_year[column]).fillna(0)
    per_year["matches"] = per_year["year"].map(matches).fillna(0)
    per_year["sentences_matched"] = per_year["year"].map(matched).fillna(0)
    counts = ["documents", "sentences", "words", "matches", "sentences_matched"]
    per_year[counts] = per_year[counts].astype("int64")
    words = per_year["words"].where(per_year["words"] > 0)
    per_year["per_1000_words"] = 1000 * per_year["matches"] / words
    return lines, per_year[list(PER_YEAR_COLUMNS)]


def _cut_left(text: str, chars: int) -> str:
    """The end of ``text`` in at most ``chars`` characters, cut between words, marked '…'."""
    text = text.strip()
    if len(text) <= chars:
        return text
    tail = text[len(text) - (chars - 2) :]
    if not text[len(text) - (chars - 2) - 1].isspace():
        tail = tail.split(" ", 1)[1] if " " in tail else ""
    return ("… " + tail.lstrip("… ")).rstrip()


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
    """Concordance lines as text, keywords in one column.

    In: a table with ``year, doc_id, sent_id, left, keyword, right`` (and
    ``frame``, shown when present), e.g. from ``explore`` or ``kwic``; a
    ``document`` column (``helpers.corpus.labels``: "2003 Vienna") is shown in place
    of ``year doc_id`` when present; ``chars``, the most characters of context
    each side (cut between words). Out: one string per row: ``year doc_id
    s<sent_id> [frame]  left [keyword] right``.
    """
    where = [] if "document" in lines.columns else ["year", "doc_id"]
    require_columns(lines, [*where, "sent_id", "left", "keyword", "right"], "format_kwic")
    out = []
    named = "document" in lines.columns
    width = max((len(str(d)) for d in lines["document"]), default=0) if named else 0
    for row in lines.itertuples(index=False):
        frame = f" {getattr(row, 'frame', ''):<13}" if "frame" in lines.columns else ""
        left = _cut_left(str(row.left), chars)
        right = _cut_right(str(row.right), chars)
        where = f"{row.document:<{width}}" if named else f"{row.year} {row.doc_id}"
        line = f"{where} s{row.sent_id:<3}{frame} {left:>{chars}} [{row.keyword}] "
        out.append((line + right).rstrip())
    return out


def format_per_year(per_year: pd.DataFrame) -> list[str]:
    """The per-year table as text, with a bar of '#' for matches per 1,000 words.

    In: ``explore``'s ``per_year`` table (``PER_YEAR_COLUMNS``). Out: the
    lines of the table; the longest bar is ``BAR_WIDTH`` characters, and a
    rate above 0 gets at least one '#'.
    """
    require_columns(per_year, PER_YEAR_COLUMNS, "format_per_year")
    rates = per_year["per_1000_words"]
    top = rates.max(skipna=True)
    header = PER_YEAR_HEADER
    rows = []
    for row, rate in zip(per_year.itertuples(index=False), rates, strict=True):
        shown = "-" if pd.isna(rate) else f"{rate:.1f}"
        bar = "" if pd.isna(rate) or not top else "#" * max(1, round(BAR_WIDTH * rate / top))
        bar = bar if rate > 0 else ""
        rows.append([str(row.year), str(row.documents), str(row.sentences), str(row.words),
                     str(row.matches), str(row.sentences_matched), shown, bar])  # fmt: skip
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))]
    for r in rows:
        cells = "  ".join(c.rjust(w) for c, w in zip(r[:-1], widths, strict=True))
        lines.append(f"{cells}  {r[-1]}".rstrip())
    return lines


def format_view(
    lines: pd.DataFrame,
    per_year: pd.DataFrame,
    term: str = "",
    max_lines: int | None = 20,
    chars: int = 40,
) -> str:
    """The explorer's view as plain text.

    In: the two tables of ``explore`` (the lines with ``doc_id, sent_id``,
    and those :func:`format_kwic` reads); the term (for the heading);
    ``max_lines``, the most concordance lines shown (None: all); ``chars``,
    the width of each context side. Out: the text: a heading with the number
    of matches and sentences, the per-year table, the concordance lines.
    """
    require_columns(lines, ["doc_id", "sent_id"], "format_view")
    n_sentences = lines[["doc_id", "sent_id"]].drop_duplicates().shape[0]
    label = f"'{term}'" if term else "the term"
    text = [
        f"{label}: {len(lines)} match(es) in {n_sentences} sentence(s)",
        "",
        "Per year: the documents, sentences and words in view, the matches, the sentences",
        "holding them, and matches per 1,000 words:",
        *format_per_year(per_year),
        "",
    ]
    if lines.empty:
        text.append("No line of the sentences in view matches.")
    else:
        shown = lines if max_lines is None else lines.head(max_lines)
        more = f" (the first {len(shown)} of {len(lines)})" if len(shown) < len(lines) else ""
        text.append(f"Concordance{more}:")
        text += format_kwic(shown, chars)
    return "\n".join(text)


class Explorer:
    """The explorer: its current view, as text and, when live, as widgets.

    Attributes: ``term``, ``years``, ``frames``, ``window``, ``sort_by``: the
    current settings; ``kwic`` and ``per_year``: the current tables (see
    ``explore``); ``message``: the problem with the current settings, if any
    (an empty term, say), else ''; ``widget``: the ipywidgets box, or None
    when static; ``note``: why it is static although asked to be live (ipywidgets
    missing), else ''. Build it with ``explorer(...)``; ``update(...)`` changes
    the settings and computes the view again.
    """

    def __init__(
        self,
        sentences: pd.DataFrame,
        framed: pd.DataFrame,
        documents: pd.DataFrame,
        term: str,
        years: Iterable[int] | None,
        frames: Iterable[str] | None,
        window: int,
        sort_by: str | None,
        max_lines: int | None,
        live: bool,
    ) -> None:
        self._sentences, self._framed, self._documents = sentences, framed, documents
        named = set(LABEL_COLUMNS) <= set(documents.columns)
        self._labels = document_labels(documents) if named else None
        self.all_years = sorted(int(year) for year in documents["year"].dropna().unique())
        self.max_lines = max_lines
        self.term = term
        self.years = sorted({int(y) for y in years}) if years is not None else list(self.all_years)
        chosen = _choices(frames, FRAME_CHOICES, "frame")
        self.frames = list(FRAME_CHOICES) if chosen is None else chosen
        self.window = int(window)
        self.sort_by = sort_by
        self.message = ""
        self.kwic, self.per_year = self._compute()
        self.widget = None
        self.note = ""
        self._controls: dict = {}
        self._output = None
        self._building = False
        if live:
            try:
                self._building = True
                self.widget = self._build_widgets()
            except ImportError:
                self.note = (
                    "ipywidgets is not installed, so the explorer is not live (install the "
                    "project's requirements.txt)"
                )
            finally:
                self._building = False

    def _compute(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return explore(
            self._sentences,
            self._framed,
            self._documents,
            self.term,
            years=self.years,
            frames=self.frames,
            window=self.window,
            sort_by=self.sort_by,
        )

    def update(self, **settings) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Change settings (``term``, ``years``, ``frames``, ``window``, ``sort_by``) and recompute.

        Out: the new ``(kwic, per_year)``. When the settings do not make a
        view (an empty term, an unknown frame), the tables are left as they
        were and ``message`` says why; nothing is raised.
        """
        unknown = sorted(set(settings) - {"term", "years", "frames", "window", "sort_by"})
        if unknown:
            raise TypeError(f"unknown setting(s) {unknown}")
        for name, value in settings.items():
            setattr(self, name, value)
        try:
            self.kwic, self.per_year = self._compute()
            self.message = ""
        except ValueError as error:
            self.message = str(error)
        if self._output is not None:
            self._output.value = self.html()
        return self.kwic, self.per_year

    def text(self) -> str:
        """The current view as plain text (``format_view``), or the current problem."""
        note = f"Note: {self.note}.\n\n" if self.note else ""
        if self.message:
            return f"{note}Nothing to show: {self.message}."
        kwic = self.kwic
        if self._labels is not None and "doc_id" in kwic.columns:
            kwic = kwic.assign(document=kwic["doc_id"].map(self._labels))
        shown = None if self.widget is not None or self._building else self.max_lines
        return note + format_view(kwic, self.per_year, self.term, shown)

    def html(self) -> str:
        """The current view as HTML: the text view in a <pre> block that scrolls (sideways
        for long lines, down for many: every matching line is in it)."""
        return (
            '<div style="overflow: auto; max-width: 100%; max-height: 32em;">'
            '<pre style="font-size: 12px; line-height: 1.35; margin: 0; '
            f'white-space: pre;">{html.escape(self.text())}</pre></div>'
        )

    # ------------------------------------------------------------------ widgets

    def _build_widgets(self):
        import ipywidgets as w

        box = w.Layout(flex_flow="row wrap", align_items="center")
        term = w.Text(
            value=self.term,
            description="Term",
            placeholder="a word or phrase",
            continuous_update=True,  # the view follows every key typed
            layout=w.Layout(width="320px"),
        )
        years = {
            year: w.Checkbox(value=year in self.years, description=str(year), indent=False,
                             layout=w.Layout(width="auto", margin="0 12px 0 0"))
            for year in self.all_years
        }  # fmt: skip
        frames = {
            frame: w.Checkbox(value=frame in self.frames, description=frame, indent=False,
                              layout=w.Layout(width="auto", margin="0 12px 0 0"))
            for frame in FRAME_CHOICES
        }  # fmt: skip
        window = w.IntSlider(value=self.window, min=1, max=20, description="Window")
        # A dropdown shows nothing for the value None, so the corpus order has a name of its own.
        sort_by = w.Dropdown(
            options=[("year, document, sentence", CORPUS_ORDER), ("word before the term", "left"),
                     ("words after the term", "right")],
            value=self.sort_by or CORPUS_ORDER,
            description="Sort by",
        )  # fmt: skip
        self._controls = {
            "term": term, "years": years, "frames": frames, "window": window, "sort_by": sort_by,
        }  # fmt: skip
        # Long concordance lines scroll sideways inside the view instead of being cut off.
        self._output = w.HTML(value=self.html(), layout=w.Layout(width="100%", overflow="auto"))
        for control in [term, window, sort_by, *years.values(), *frames.values()]:
            control.observe(self._on_change, names="value")

        def explain(name: str):
            text = html.escape(CONTROL_HELP[name])
            return w.HTML(f'<span style="color: #555; font-size: 90%;">{text}</span>')

        return w.VBox(
            [
                w.HBox([term, window], layout=box),
                explain("term"),
                explain("window"),
                w.HBox([w.Label("Years:"), *years.values()], layout=box),
                explain("years"),
                w.HBox([w.Label("Frames:"), *frames.values()], layout=box),
                explain("frames"),
                sort_by,
                explain("sort_by"),
                self._output,
            ]
        )

    def _on_change(self, _change=None) -> None:
        controls = self._controls
        self.update(
            term=controls["term"].value,
            years=[year for year, box in controls["years"].items() if box.value],
            frames=[frame for frame, box in controls["frames"].items() if box.value],
            window=controls["window"].value,
            sort_by=None
            if controls["sort_by"].value == CORPUS_ORDER
            else controls["sort_by"].value,
        )

    # ------------------------------------------------------------------ display

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
    """Build the explorer, static or live.

    In: the tables and settings of ``explore`` (``term`` defaults to "smuggl");
    ``max_lines``, the most concordance lines the static view prints (the
    live view scrolls through all of them); ``live``: True builds the
    ipywidgets controls, False never does, None asks ``$EXPLORER_LIVE`` (see
    the module docstring). Out: an ``Explorer``; as the last line of a cell it
    shows itself: the text view (static) or the widgets (live). Raises
    ``ValueError`` as ``explore`` does for the starting settings.
    """
    require_columns(sentences, ["doc_id", "sent_id", "text"], "explorer")
    require_columns(framed, ["doc_id", "sent_id", "frame"], "explorer")
    require_columns(documents, ["doc_id", "year"], "explorer")
    return Explorer(
        sentences, framed, documents, term, years, frames, window, sort_by, max_lines,
        live_requested(live),
    )  # fmt: skip
