"""From text to terms: word lists, normalising, words, and the analyzer TF-IDF counts.

:class:`TermAnalyzer` gives unigrams and bigrams (lower case, possessive 's dropped, hyphenated
words whole and one term with their unhyphenated spelling, numbers and stop words dropped); a
bigram never jumps over a removed word or a punctuation mark. :func:`make_analyzer` builds it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from helpers.base.parallel import CHARS_FROM, map_items, worker_count
from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import read_word_list
from helpers.base.text import DASHES, DROP, QUOTES
from helpers.rules.patterns import WORD_FORM

__all__ = [
    "FRAMING_TERMS_FILE", "POSSESSIVE", "STOP_WORDS_FILE", "TermAnalyzer", "WORD", "Word",
    "has_digit", "hyphen_counts", "hyphen_variants", "lowercase_words", "make_analyzer",
    "normalise_text", "read_stop_words", "text_words", "variants_from_counts",
]  # fmt: skip

STOP_WORDS_FILE: Path = DATA_DIR / "stopwords_project.txt"
FRAMING_TERMS_FILE: Path = DATA_DIR / "terms_framing.txt"

# The quotes, dashes and invisible characters of the text layer (``helpers.base.text``), so
# that TF-IDF splits words as framing and themes match them ("co–operation" with an en
# dash is "co-operation"). Case is kept (names are found before lower-casing), and a
# no-break space becomes a space (``helpers.base.text.normalise`` collapses it with the rest).
_TRANSLATE = str.maketrans(QUOTES | DASHES | dict.fromkeys(DROP, "") | {"\u00a0": " "})
_REPLACEMENTS = tuple((chr(code), value) for code, value in _TRANSLATE.items())
# A word: letters or digits, possibly joined by inner hyphens or apostrophes
# ("co-operation", "OSCE's", "2015-2016"; ``helpers.rules.patterns.WORD_FORM``, with which
# the name cues are checked). Anything else is a gap between words.
WORD = re.compile(WORD_FORM)
POSSESSIVE = re.compile(r"'s$", re.I)
# What POSSESSIVE removes from the end of a word (a word holds no line break):
# "'" and one character that matches 's' regardless of case ('ſ' is the long s).
_POSSESSIVE_ENDINGS = ("'s", "'S", "'\u017f")
_UNSEEN = object()  # a word not yet looked up (``TermAnalyzer.runs``)
# Each word with the gap before it, as strings (quicker than match objects):
# the gap is the shortest stretch after which WORD matches, so the words are
# those of ``WORD.finditer``.
_GAP_WORD_FINDALL = re.compile(rf"(.*?)({WORD.pattern})", re.DOTALL).findall
_new_tuple = tuple.__new__


def read_stop_words(path: Path | str | None = None, english: bool = True) -> frozenset[str]:
    """In: the project list (default ``data/stopwords_project.txt``); ``english``, whether to
    add scikit-learn's ``ENGLISH_STOP_WORDS``. Out: the lower-case stop words."""
    project = read_word_list(path if path is not None else STOP_WORDS_FILE)
    words = {word.lower() for word in project}
    if english:
        words |= set(ENGLISH_STOP_WORDS)
    return frozenset(words)


def normalise_text(text: str) -> str:
    """Quotes and apostrophes straight, dashes ``-``, soft hyphens and zero-width characters gone,
    as in ``helpers.base.text``; case and spacing kept (names are found on this text).
    """
    if text.isascii():  # '`' is the only ASCII character to map
        return text.replace("`", "'") if "`" in text else text
    # One replacement per character present: the same as ``text.translate(_TRANSLATE)``
    # (no replacement yields a character that is replaced), and quicker on long texts.
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


class Word(NamedTuple):
    """One word of a text: its form (a possessive 's removed), where it is, and
    whether punctuation or a line break separates it from the word before."""

    text: str
    start: int
    end: int
    gap: str
    brk: bool


def text_words(text: str) -> list[Word]:
    """Split normalised text into words; ``brk`` is True after punctuation or a line break."""
    words: list[Word] = []
    append = words.append
    end = 0
    for gap, form in _GAP_WORD_FINDALL(text):
        start = end + len(gap)
        end = start + len(form)
        if form[-2:] in _POSSESSIVE_ENDINGS:  # POSSESSIVE.sub("", form)
            form = form[:-2]
        # the first word, or after a gap holding more than spaces, or a line break
        brk = not words or (gap != "" and (not gap.isspace() or "\n" in gap))
        append(_new_tuple(Word, (form, start, end, gap, brk)))  # Word(...), quicker
    return words


def _word_forms(text: str) -> list[str]:
    """The ``text`` of each of ``text_words(text)``, without the rest (quicker)."""
    return [form[:-2] if form[-2:] in _POSSESSIVE_ENDINGS else form for form in WORD.findall(text)]


def _hyphenated_counts(_: None, texts: list[str]) -> Counter[str]:
    """How often each hyphenated lower-case spelling (no digit) occurs in ``texts``."""
    counts: Counter[str] = Counter()
    for text in texts:
        for form in _word_forms(normalise_text(text)):
            if "-" not in form:
                continue
            lower = form.lower()
            if "-" in lower and not has_digit(lower):
                counts[lower] += 1
    return counts


def _lowercase_set(_: None, texts: list[str]) -> set[str]:
    """The words of ``lowercase_words`` in ``texts``."""
    seen: set[str] = set()
    for text in texts:
        for form in _word_forms(normalise_text(text)):
            if form not in seen and form.islower():
                seen.add(form)
                seen.update(form.split("-"))
    return seen


def _by_chunks(function: Callable[[None, list[str]], object], texts: list[str], workers) -> list:
    """``function`` applied to chunks of ``texts``, on several processes for long texts."""
    n_chars = sum(len(text) for text in texts)
    n_workers = worker_count(n_chars, workers, CHARS_FROM)
    if n_workers <= 1:
        return [function(None, texts)]
    size = len(texts) // (4 * n_workers) + 1
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    return map_items(function, None, chunks, n_workers, "", False)


def has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def hyphen_variants(texts: Iterable[str], workers: int | None = None) -> dict[str, str]:
    """Map each spelling of a hyphenated word to one form: spellings equal without hyphens are one
    term ("co-operation", "cooperation"), written as the commonest hyphenated spelling in
    ``texts`` (ties: alphabetical). Out: lower-case spelling -> kept form. ``workers``: same result.
    """
    return variants_from_counts(hyphen_counts(texts, workers))


def hyphen_counts(texts: Iterable[str], workers: int | None = None) -> Counter[str]:
    """How often each hyphenated lower-case spelling (no digit) occurs; parts of a corpus add up."""
    counts: Counter[str] = Counter()
    for part in _by_chunks(_hyphenated_counts, list(texts), workers):
        counts.update(part)
    return counts


def variants_from_counts(counts: Counter[str] | dict[str, int]) -> dict[str, str]:
    """:func:`hyphen_variants`'s mapping from :func:`hyphen_counts` (summed over parts)."""
    best: dict[str, tuple[int, str]] = {}
    for form, count in sorted(counts.items()):
        key = form.replace("-", "")
        if key not in best or count > best[key][0]:
            best[key] = (count, form)
    mapping = {key: form for key, (_, form) in best.items()}
    for form in counts:
        canonical = mapping[form.replace("-", "")]
        if form != canonical:
            mapping[form] = canonical
    return dict(sorted(mapping.items()))


@dataclass(frozen=True)
class TermAnalyzer:
    """Turn a text into the terms TF-IDF counts (the ``analyzer`` of ``TfidfVectorizer``).

    Words lower case, possessive 's dropped, hyphenated words whole, words with a digit or
    shorter than ``min_length`` dropped. A stop word, a dropped word, punctuation or a line
    break ends a run, and n-grams stay within runs: "trafficking in human beings" never gives
    "trafficking human".
    """

    stop_words: frozenset[str]
    variants: Mapping[str, str] = field(default_factory=dict)
    ngram_range: tuple[int, int] = (1, 2)
    min_length: int = 2

    def normalise(self, word: str) -> str | None:
        """Return the term form of one word (before stop words), or None if it is dropped."""
        forms = self._forms
        if word in forms:
            return forms[word]
        lower = POSSESSIVE.sub("", word.lower().translate(_TRANSLATE))
        if has_digit(lower) or len(lower) < self.min_length:
            form = None
        else:
            form = self.variants.get(lower, lower)
        forms[word] = form
        return form

    @cached_property
    def _forms(self) -> dict[str, str | None]:
        """Word -> its term form, remembered (the same words recur in every text)."""
        return {}

    def words(self, text: str) -> list[str]:
        """All words of ``text`` in term form, stop words included (numbers not)."""
        forms = (self.normalise(word) for word in _word_forms(normalise_text(text)))
        return [form for form in forms if form is not None]

    def runs(self, text: str) -> list[list[str]]:
        """The runs of kept words of ``text`` (the units n-grams are made in)."""
        runs: list[list[str]] = []
        current: list[str] = []
        normalise, stop_words = self.normalise, self.stop_words
        known = self._forms.get  # ``normalise`` drops a possessive 's itself
        # As ``text_words``, without building the words: a break before a word when
        # the gap holds more than spaces, or a line break.
        for gap, word in _GAP_WORD_FINDALL(normalise_text(text)):
            if current and gap != "" and (not gap.isspace() or "\n" in gap):
                runs.append(current)
                current = []
            form = known(word, _UNSEEN)
            if form is _UNSEEN:
                form = normalise(word)
            if form is None or form in stop_words:
                if current:
                    runs.append(current)
                current = []
                continue
            current.append(form)
        if current:
            runs.append(current)
        return runs

    def __call__(self, text: str) -> list[str]:
        low, high = self.ngram_range
        terms: list[str] = []
        for run in self.runs(text):
            for n in range(low, high + 1):
                if n == 1:
                    terms += run
                elif n == 2:
                    terms += [f"{a} {b}" for a, b in zip(run, run[1:], strict=False)]
                else:
                    terms += [" ".join(run[i : i + n]) for i in range(len(run) - n + 1)]
        return terms

    def term(self, phrase: str) -> tuple[str | None, str]:
        """``(term, problem)`` for a phrase of a word list ("law enforcement"): the term, or None
        and why."""
        forms = [self.normalise(w.text) for w in text_words(normalise_text(phrase))]
        if not forms:
            return None, "no word in it"
        if any(form is None for form in forms):
            return None, "it holds a number or a one-letter word, which are dropped"
        stopped = [form for form in forms if form in self.stop_words]
        if stopped:
            return None, f"it holds the stop word(s) {', '.join(stopped)}"
        if not self.ngram_range[0] <= len(forms) <= self.ngram_range[1]:
            return None, f"{len(forms)} words: only {self.ngram_range} n-grams are counted"
        return " ".join(forms), ""


def make_analyzer(
    texts: Iterable[str],
    stop_words: frozenset[str] | None = None,
    ngram_range: tuple[int, int] = (1, 2),
    workers: int | None = None,
) -> TermAnalyzer:
    """In: the corpus's texts (they decide the hyphenated forms); stop words (default
    :func:`read_stop_words`); the n-gram range; ``workers``. Out: the :class:`TermAnalyzer`.
    """
    if stop_words is None:
        stop_words = read_stop_words()
    variants = hyphen_variants(texts, workers)
    return TermAnalyzer(frozenset(stop_words), variants, tuple(ngram_range))


def lowercase_words(texts: Iterable[str], workers: int | None = None) -> frozenset[str]:
    """Words written in lower case somewhere in ``texts`` (and each part of a hyphenated one): a
    capitalised word among them is a common word, not a name ("Human Beings").
    """
    seen: set[str] = set()
    for part in _by_chunks(_lowercase_set, list(texts), workers):
        seen |= part
    return frozenset(seen)
