"""Sentences shown to a reader: findings as a Markdown list, wrapped between words.

A findings list printed with ``print`` is a block of preformatted text, which
JupyterLab wraps at the window's edge anywhere, inside words too ("docu|ment").
:func:`findings_list` returns an object that a notebook shows as a Markdown
bulleted list (JupyterLab and the HTML handout wrap it between words, at any
width) and a terminal as plain text wrapped at :data:`WIDTH` columns::

    from helpers.base.prose import findings_list

    findings_list(["4 of 9 sentences ...", "No evidence that ..."])

Numbers that belong together never wrap inside: dates ("2003-04-08"), ranges
and intervals ("14%-69%", "[11–67]", "2003–2008") are kept on one line.
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable, Sequence

__all__ = [
    "NOBREAK",
    "WIDTH",
    "Findings",
    "findings_list",
    "markdown_text",
    "nobreak_html",
    "quotation_whole",
    "wrap",
    "wrap_line",
    "wrap_long_lines",
]

WIDTH = 88  # columns of printed prose: fits a JupyterLab output on a laptop screen
LONG_LINE = 100  # a printed line longer than this wraps, inside words, in a laptop's output area

# What must not wrap inside: a short bracketed interval, a number range or a date.
NOBREAK = re.compile(
    r"\[[^\[\]\n]{1,40}\]"
    r"|[+-]?\d+(?:[.,]\d+)*%?(?:\s?[–-]\s?[+-]?\d+(?:[.,]\d+)*%?)+"
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_NOWRAP = '<span style="white-space: nowrap">{}</span>'


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows it as written, dates and intervals kept on one line.

    In: plain text. Out: Markdown: the characters Markdown would read as
    markup are escaped with a backslash, and each :data:`NOBREAK` match is
    wrapped in a ``white-space: nowrap`` span (which JupyterLab keeps in
    untrusted notebooks too).
    """
    out, at = [], 0
    for match in NOBREAK.finditer(text):
        out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[at : match.start()]))
        out.append(_NOWRAP.format(_MARKDOWN_SPECIAL.sub(r"\\\1", match.group())))
        at = match.end()
    out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[at:]))
    return "".join(out)


def nobreak_html(text: str) -> str:
    """``text`` as HTML (escaped), each :data:`NOBREAK` match in a nowrap span."""
    out, at = [], 0
    for match in NOBREAK.finditer(text):
        out.append(html.escape(text[at : match.start()]))
        out.append(_NOWRAP.format(html.escape(match.group())))
        at = match.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def quotation_whole(sentence: str) -> str:
    """A sentence cut from a longer quotation, shown with both its quotation marks.

    The sentence splitter cuts a quotation of several sentences into
    sentences, so the first keeps only the opening mark and the last only the
    closing one, which then look stray. In: one sentence. Out: the sentence
    with the mark it lacks added, the way an editor quotes part of a
    quotation ('"The purpose is exploitation.' becomes '"The purpose is
    exploitation."'; 'It is a crime against the State."' becomes '"It is a
    crime against the State."'); a sentence whose marks pair up is unchanged.
    """
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
    """Plain text wrapped between words. In: the text; what opens its first line; the
    indent of the others; the width. Out: the lines joined by newlines (words, hyphenated
    compounds and long words are never split)."""
    return textwrap.fill(
        text, width, initial_indent=prefix, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


Item = str | tuple[str, Sequence[str]]


class Findings:
    """A list of sentences, shown as a Markdown bulleted list (see the module docstring).

    ``items``: each a sentence (or an object whose ``str`` is one, such as
    ``findings.Finding``), or ``(sentence, [sub-sentences])`` for a nested
    list; ``intro``: an optional line above the list.
    """

    def __init__(self, items: Iterable[Item], intro: str = "") -> None:
        self.items: list[Item] = []
        for item in items:
            if isinstance(item, tuple | list):
                head, subs = item
                self.items.append((str(head), [str(sub) for sub in subs]))
            else:  # a sentence, or an object that prints as one (findings.Finding)
                self.items.append(str(item))
        self.intro = intro

    def _repr_markdown_(self) -> str:
        lines = [markdown_text(self.intro), ""] if self.intro else []
        for item in self.items:
            head, subs = (item, []) if isinstance(item, str) else item
            lines.append(f"- {markdown_text(head)}")
            lines += [f"    - {markdown_text(sub)}" for sub in subs]
        return "\n".join(lines) + "\n"

    def text(self, width: int = WIDTH) -> str:
        """The list as plain text, wrapped between words at ``width`` columns."""
        lines = [wrap(self.intro, indent="", width=width)] if self.intro else []
        for item in self.items:
            head, subs = (item, []) if isinstance(item, str) else item
            lines.append(wrap(head, "- ", "  ", width))
            lines += [wrap(sub, "  - ", "    ", width) for sub in subs]
        return "\n".join(lines)

    def show(self) -> None:
        """Show the list now, not only as a cell's last line: Markdown in a notebook,
        the plain text elsewhere."""
        from IPython.display import display

        display(self)

    def __repr__(self) -> str:
        return self.text()

    def __len__(self) -> int:
        return len(self.items)


def findings_list(items: Iterable[Item], intro: str = "") -> Findings:
    """Sentences to show as a bulleted list.

    In: the sentences (a sentence may be ``(sentence, [sub-sentences])``); an
    optional line above them. Out: a :class:`Findings`; as the last line of a
    notebook cell (or passed to ``display``) it shows as Markdown, and
    ``print`` or ``repr`` gives the plain text, wrapped at :data:`WIDTH`.
    """
    return Findings(items, intro)


def wrap_line(line: str, width: int = WIDTH, longer_than: int = LONG_LINE) -> str:
    """One printed line, wrapped between words if it is longer than ``longer_than``.

    In: a line (no newline); the width to wrap at; the length from which to wrap. Out: the
    line as it is, or wrapped at ``width`` with its continuation lines indented two spaces
    more than the line's own indent; words, dates and intervals are never split.
    """
    if len(line) <= longer_than:
        return line
    indent = line[: len(line) - len(line.lstrip(" "))]
    return textwrap.fill(
        line, width, initial_indent="", subsequent_indent=indent + "  ",
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


class _WrappingStream:
    """A text stream that passes each complete line through :func:`wrap_line`."""

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
    """Make every printed line of a notebook that is too long for the output area wrap
    between words (JupyterLab would break it at the window's edge, inside a word).

    In: nothing. Out: None. In a Jupyter kernel, wraps ``sys.stdout`` once (calling it again
    changes nothing); in a terminal or a script it does nothing. Called in a notebook's
    setup cell, beside ``tables.use_readable_tables``.
    """
    import sys

    if "ipykernel" not in sys.modules or isinstance(sys.stdout, _WrappingStream):
        return
    sys.stdout = _WrappingStream(sys.stdout)
