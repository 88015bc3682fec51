"""The matching engine: where compiled patterns meet normalised text, and where the speed lives.

Rules hand their compiled patterns (``patterns.compile_pattern``) to one :class:`PatternSet`;
:func:`find` gives every match as ``(pattern index, start, end)``. The spans are always those
of Python's ``re``: the engine only decides which patterns to try. With ``google-re2``, one
``re2.Set`` names the patterns whose body occurs in an ASCII text (RE2 has no look-arounds and
ASCII-only ``\\w``), and ``re`` confirms them; on lower-case ASCII text a pattern's *twin*
(case-sensitive, its leading look-behind checked by hand) finds the same matches faster.
Without ``google-re2`` (backend ``re``), the twins and one alternation decide. Same spans on
both backends; ``benchmarks/README.md`` has the timings.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import overload

from helpers.rules.patterns import WORD_END, WORD_START

__all__ = ["BACKENDS", "PatternSet", "among", "default_backend", "find"]

BACKENDS: tuple[str, ...] = ("re2", "re")

try:  # a compiled wheel; without it the engine runs on ``re`` alone, with the same results
    import re2 as _re2_module
except ImportError:  # pragma: no cover - depends on the installation
    _re2_module = None

_FLAGS = re.compile("", re.IGNORECASE).flags
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
# Syntax that both libraries read but not alike (POSIX classes, '{,n}', '\Z', '\u...'):
# such a pattern stays out of the RE2 set and is tried on every text.
_RE2_UNSAFE = re.compile(r"\[:|\{,|\\[ZuUNx]")
_NEVER = re.compile(r"(?!)")
_ESCAPE = re.compile(r"\\.")
_UPPER = re.compile("[A-Z]")

Match = tuple[int, int, int]  # (pattern index, start, end) in the normalised text


def default_backend() -> str:
    """``re2`` if ``google-re2`` imports, else ``re``."""
    return "re2" if _re2_module is not None else "re"


def _body(pattern: re.Pattern[str]) -> str | None:
    """A pattern's source without the ``compile_pattern`` wrapper, or None for another shape."""
    source = pattern.pattern
    if pattern.flags != _FLAGS or not (source.startswith(WORD_START) and source.endswith(WORD_END)):
        return None
    return source[len(WORD_START) : -len(WORD_END)]


def _any_of(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that matches exactly when one of ``patterns`` does, or None when they cannot
    join."""
    bodies = [_body(pattern) for pattern in patterns]
    if any(body is None or _BACKREFERENCE.search(body) for body in bodies):
        return None
    if not bodies:
        return _NEVER
    alternatives = "|".join(f"(?:{body})(?!\\w)" for body in bodies)
    try:
        return re.compile(f"(?<!\\w)(?:{alternatives})", re.IGNORECASE)
    except re.error:
        return None


class PatternSet:
    """Compiled patterns in index order, and what the engine prepared to find them fast.

    Pickled as its patterns (a worker process rebuilds the rest).
    """

    __slots__ = ("patterns", "backend", "_any", "_set", "_set_index", "_always", "_all", "_twins")

    def __init__(self, patterns: Sequence[re.Pattern[str]], backend: str) -> None:
        self.patterns: tuple[re.Pattern[str], ...] = tuple(patterns)
        self.backend = backend
        self._all = range(len(self.patterns))
        self._any = _any_of(self.patterns)
        self._set = None
        self._set_index: list[int] = []
        self._always: list[int] = list(self._all)
        self._twins = [_twin(pattern) for pattern in self.patterns]
        if backend == "re2":
            self._build_set()

    def _build_set(self) -> None:
        options = _re2_module.Options()
        options.case_sensitive = False
        options.never_capture = True
        options.log_errors = False  # a pattern RE2 cannot read is tried with ``re`` instead
        regex_set = _re2_module.Set.SearchSet(options)
        self._always = []
        for index, pattern in enumerate(self.patterns):
            body = _body(pattern)
            if body is None or not body.isascii() or _RE2_UNSAFE.search(body):
                self._always.append(index)
                continue
            try:
                regex_set.Add(body)
            except _re2_module.error:
                self._always.append(index)
                continue
            self._set_index.append(index)
        try:
            regex_set.Compile()
        except _re2_module.error:  # too large for RE2's memory budget: every text goes the re way
            self._always = list(self._all)
            return
        self._set = regex_set

    @classmethod
    def from_patterns(
        cls, patterns: Sequence[re.Pattern[str]], backend: str | None = None
    ) -> PatternSet:
        """In: compiled patterns (any shape; one not from ``compile_pattern`` is tried on every
        text);
        ``backend`` (default :func:`default_backend`). Out: a ``PatternSet``; ValueError for an
        unknown backend, or ``re2`` without ``google-re2``.
        """
        backend = default_backend() if backend is None else backend
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}: use one of {list(BACKENDS)}")
        if backend == "re2" and _re2_module is None:
            raise ValueError("backend 're2' needs the google-re2 package, which is not installed")
        return cls(patterns, backend)

    def __reduce__(self) -> tuple:
        return (PatternSet, (self.patterns, self.backend))

    def __len__(self) -> int:
        return len(self.patterns)

    def candidates(self, norm: str) -> Collection[int]:
        """The indexes of the patterns that may match ``norm`` (every one that does, perhaps
        more)."""
        if self._set is not None and norm.isascii():
            found = self._set.Match(norm)
            if found is None:
                return self._always
            index = self._set_index
            return sorted([index[j] for j in found] + self._always)
        if self._set is None and norm.isascii() and norm == norm.lower():
            # no RE2: each pattern's twin says exactly whether it matches
            twins = self._twins
            return [
                index
                for index in self._all
                if twins[index] is None or _twin_spans(twins[index], norm, first=True) != []
            ]
        if self._any is not None and self._any.search(norm) is None:
            return ()
        return self._all

    def spans(self, index: int, norm: str) -> list[tuple[int, int]]:
        """The non-empty matches of pattern ``index`` in ``norm``, as ``re.finditer`` finds them."""
        twin = self._twins[index]
        if twin is not None and norm.isascii() and norm == norm.lower():
            found = _twin_spans(twin, norm)
            if found is not None:
                return found
        return [
            hit.span() for hit in self.patterns[index].finditer(norm) if hit.end() > hit.start()
        ]

    def matches(self, norm: str) -> list[Match]:
        """Every non-empty match in ``norm``: ``(index, start, end)`` by pattern, then position."""
        return [
            (index, start, end)
            for index in self.candidates(norm)
            for start, end in self.spans(index, norm)
        ]


def _twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern without its leading look-behind and case-blind flag, or None (for a pattern with
    a capital outside its escapes): ``re`` then searches by its first letters.
    """
    body = _body(pattern)
    if body is None or not body.isascii() or _UPPER.search(_ESCAPE.sub("", body)):
        return None
    try:
        return re.compile(f"(?:{body}){WORD_END[1:]}")
    except re.error:
        return None


def _twin_spans(
    twin: re.Pattern[str], norm: str, first: bool = False
) -> list[tuple[int, int]] | None:
    """``finditer`` of the whole pattern from its twin, a match right after a letter, digit or '_'
    passed over; ``first``: stop at the first. None on an empty match.
    """
    found = []
    search, position = twin.search, 0
    while True:
        hit = search(norm, position)
        if hit is None:
            return found
        start, end = hit.span()
        if end == start:
            return None
        before = norm[start - 1] if start else " "
        if before.isalnum() or before == "_":
            position = start + 1
            continue
        found.append((start, end))
        if first:
            return found
        position = end


def among(candidates: Collection[int], indexes: range) -> Collection[int]:
    """The ``candidates`` (``PatternSet.candidates``) within ``indexes``, in order."""
    if isinstance(candidates, range):
        return indexes
    return [index for index in candidates if indexes.start <= index < indexes.stop]


@overload
def find(pattern_set: PatternSet, texts: str) -> list[Match]: ...
@overload
def find(pattern_set: PatternSet, texts: Sequence[str]) -> list[list[Match]]: ...
def find(pattern_set: PatternSet, texts: str | Sequence[str]) -> list[Match] | list[list[Match]]:
    """In: a ``PatternSet`` and a normalised text, or a sequence of them. Out: the text's matches
    ``(pattern index, start, end)`` by pattern then position (a list per text for a sequence).
    """
    if isinstance(texts, str):
        return pattern_set.matches(texts)
    return [pattern_set.matches(text) for text in texts]
