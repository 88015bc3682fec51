"""Sentences shown to a reader: findings as a Markdown list, wrapped between words.

``print`` output wraps at the window's edge inside words; :func:`findings_list` shows as a
Markdown list in JupyterLab and as text wrapped at :data:`WIDTH` elsewhere. Dates, ranges and
intervals (:data:`NOBREAK`) never wrap inside.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Sequence

# fmt: off
__all__ = [
    "NOBREAK", "WIDTH", "Findings", "findings_list", "markdown_text", "nobreak_html",
    "quotation_whole", "wrap", "wrap_line", "wrap_long_lines",
]
# fmt: on

WIDTH = 88  # columns of printed prose: fits a JupyterLab output on a laptop screen
LONG_LINE = 100  # a printed line longer than this wraps, inside words, in a laptop's output area

# What must not wrap inside: a short bracketed interval, a number range or a date.
NOBREAK = re.compile(
    r"\[[^\[\]\n]{1,40}\]"
    r"|[+-]?\d+(?:[.,]\d+)*%?(?:\s?[–-]\s?[+-]?\d+(?:[.,]\d+)*%?)+"
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_NOWRAP = '<span style="white-space: nowrap">{}</span>'


def _nobreak(text: str, escape) -> str:
    out, at = [], 0
    for match in NOBREAK.finditer(text):
        out.append(escape(text[at : match.start()]))
        out.append(_NOWRAP.format(escape(match.group())))
        at = match.end()
    out.append(escape(text[at:]))
    return "".join(out)


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows it as written: markup characters escaped, each
    :data:`NOBREAK` match in a nowrap span (kept in untrusted notebooks too)."""
    return _nobreak(text, lambda part: _MARKDOWN_SPECIAL.sub(r"\\\1", part))


def nobreak_html(text: str) -> str:
    """``text`` as HTML (escaped), each :data:`NOBREAK` match in a nowrap span."""
    return _nobreak(text, html.escape)


def quotation_whole(sentence: str) -> str:
    """A sentence cut from a longer quotation, with the quotation mark it lacks added
    ('"The purpose is exploitation.' -> '"The purpose is exploitation."')."""
    text = str(sentence)
    stripped = text.strip()
    if text.count('"') % 2:
        return f'{text}"' if stripped.startswith('"') else f'"{text}'
    opening, closing = text.count("“"), text.count("”")
    if opening > closing:
        return f"{text}”"
    if closing > opening:
        return f"“{text}"
    return text


def wrap(text: str, prefix: str = "", indent: str = "  ", width: int = WIDTH) -> str:
    """Text wrapped between words (never inside a word or compound), ``prefix`` first."""
    return textwrap.fill(
        text, width, initial_indent=prefix, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


Item = str | tuple[str, Sequence[str]]


class Findings:
    """Sentences (or ``(sentence, [sub-sentences])``) shown as a Markdown list, ``intro`` above."""

    def __init__(self, items: Iterable[Item], intro: str = "") -> None:
        # each item as (sentence, sub-sentences); a sentence may be an object that prints as
        # one (findings.Finding)
        self.items = [
            (str(item[0]), [str(sub) for sub in item[1]])
            if isinstance(item, tuple | list)
            else (str(item), [])
            for item in items
        ]
        self.intro = intro

    def _repr_markdown_(self) -> str:
        lines = [markdown_text(self.intro), ""] if self.intro else []
        for head, subs in self.items:
            lines.append(f"- {markdown_text(head)}")
            lines += [f"    - {markdown_text(sub)}" for sub in subs]
        return "\n".join(lines) + "\n"

    def text(self, width: int = WIDTH) -> str:
        """The list as plain text wrapped at ``width``."""
        lines = [wrap(self.intro, indent="", width=width)] if self.intro else []
        for head, subs in self.items:
            lines.append(wrap(head, "- ", "  ", width))
            lines += [wrap(sub, "  - ", "    ", width) for sub in subs]
        return "\n".join(lines)

    def show(self) -> None:
        """Show the list now, not only as a cell's last line."""
        from IPython.display import display

        display(self)

    def __repr__(self) -> str:
        return self.text()

    def __len__(self) -> int:
        return len(self.items)


def findings_list(items: Iterable[Item], intro: str = "") -> Findings:
    """Sentences as a :class:`Findings`: Markdown in a notebook, wrapped text when printed."""
    return Findings(items, intro)


def wrap_line(line: str) -> str:
    """A printed line longer than ``LONG_LINE`` wrapped between words at ``WIDTH``, its
    continuation lines indented two spaces more than the line."""
    if len(line) <= LONG_LINE:
        return line
    indent = line[: len(line) - len(line.lstrip(" "))]
    return wrap(line, "", indent + "  ")


class _WrappingStream:
    """A text stream passing each complete line through :func:`wrap_line`."""

    def __init__(self, stream) -> None:
        self.stream, self.pending = stream, ""

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        for line in lines:
            self.stream.write(wrap_line(line) + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(wrap_line(self.pending))
            self.pending = ""
        self.stream.flush()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def wrap_long_lines() -> None:
    """In a Jupyter kernel, wrap printed lines too long for the output area between words
    (``sys.stdout`` wrapped once); elsewhere nothing. For a notebook's setup cell."""
    import sys

    if "ipykernel" not in sys.modules or isinstance(sys.stdout, _WrappingStream):
        return
    sys.stdout = _WrappingStream(sys.stdout)
