"""Terms that mark a period: tokenising, TF-IDF by period, keyness, drift and stability.

Notebook 03 uses these functions. Every one of them takes plain values or
DataFrames and returns new ones: nothing is printed, saved or changed in place,
and importing the module changes no setting.

The steps, in the order of the notebook:

- **Word lists** (editable files in ``data/``): :func:`read_stop_words`
  (scikit-learn's English list plus ``data/stopwords_project.txt``),
  :func:`read_name_cues` (``data/terms_name_cues.txt``) and
  :func:`read_word_list` (e.g. ``data/terms_framing.txt``).
- **Terms**: :class:`TermAnalyzer` turns a text into unigrams and bigrams:
  lower case, straight and curly apostrophes alike (a possessive ``'s`` is
  dropped), hyphenated words kept whole, a hyphenated word and its unhyphenated
  spelling counted as one term (:func:`hyphen_variants`), numbers dropped, stop
  words removed. A bigram never jumps over a removed word or a punctuation mark.
  :func:`make_analyzer` builds one for a corpus; it is passed to scikit-learn's
  ``TfidfVectorizer`` as its ``analyzer``.
- **Names of people**: :func:`find_person_names` finds speakers' names by their
  context (a title such as "Ambassador", a speech verb such as "said"), and
  :func:`analysis_texts` / :func:`analysis_sentences` return the texts to count,
  with those names removed when ``remove_names=True``.
- **TF-IDF by period**: :func:`pool_by_period` pools the documents of a period
  (by default a period is a year), :func:`tfidf_by_period` weights them with
  scikit-learn, :func:`top_terms` lists the highest weights.
- **Drift**: :func:`cosine_similarity_table`, :func:`consecutive_drift`,
  :func:`keyness` (log-likelihood G2 and log ratio between two periods).
- **Stability**: :func:`bootstrap_top_terms`, :func:`leave_one_out_top_terms`.
- **Figures**: ``plot_*`` functions return a matplotlib figure (made with
  ``plt.subplots`` and not shown); the notebook saves it with
  ``helpers.figures.save_figure``.
"""

from __future__ import annotations

import math
import pickle
import re
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, islice, repeat
from pathlib import Path
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from scipy import sparse
from scipy.stats import chi2
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)

from .pages import DATELINE
from .parallel import (
    CHARS_FROM,
    DOCUMENTS_FROM,
    inherits_objects,
    map_items,
    packed,
    start_worker,
    worker_count,
    worker_state,
)
from .paths import DATA_DIR
from .progress import show_progress

STOP_WORDS_FILE: Path = DATA_DIR / "stopwords_project.txt"
NAME_CUES_FILE: Path = DATA_DIR / "terms_name_cues.txt"
FRAMING_TERMS_FILE: Path = DATA_DIR / "terms_framing.txt"

TOP_TERMS_COLUMNS = ["period", "rank", "term", "tfidf"]
TEXT_COLUMNS = ["doc_id", "year", "text", "names_removed"]
SENTENCE_COLUMNS = ["doc_id", "year", "sent_id", "text"]
NAME_COLUMNS = ["doc_id", "year", "person", "surname", "found_by", "mentions_removed", "removed"]
KEYNESS_COLUMNS = [
    "term", "count_a", "count_b", "per_10k_a", "per_10k_b", "log_ratio", "g2", "p_value",
    "direction",
]  # fmt: skip

# Marks the place of a removed name: it is punctuation, so no bigram jumps over it.
# ASCII on purpose: one character above U+00FF (such as "…") makes Python store
# the whole text at two bytes a character, and nearly every text has a name.
NAME_MARK = "[...]"
# Critical values of G2 (chi-squared, one degree of freedom).
G2_CRITICAL = {0.05: 3.84, 0.01: 6.63, 0.001: 10.83}
PROGRESS_FROM = 500  # documents: below this, no progress bar (see helpers.progress)

_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the usual curly apostrophe
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u00ad": None,  # soft hyphen
        "\u00a0": " ",
    }
)
_REPLACEMENTS = tuple((chr(code), value or "") for code, value in _TRANSLATE.items())
# A word: letters or digits, possibly joined by inner hyphens or apostrophes
# ("co-operation", "OSCE's", "2015-2016"). Anything else is a gap between words.
WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_POSSESSIVE = re.compile(r"'s$", re.I)
# What _POSSESSIVE removes from the end of a word (a word holds no line break):
# "'" and one character that matches 's' regardless of case ('ſ' is the long s).
_POSSESSIVE_ENDINGS = ("'s", "'S", "'\u017f")
_UNSEEN = object()  # a word not yet looked up (``TermAnalyzer.runs``)
# Each word with the gap before it, as strings (quicker than match objects):
# the gap is the shortest stretch after which WORD matches, so the words are
# those of ``WORD.finditer``.
_GAP_WORD_FINDALL = re.compile(rf"(.*?)({WORD.pattern})", re.DOTALL).findall
_new_tuple = tuple.__new__

# Words that join a title to its complement: "President of Ukraine", "Co-ordinator
# for Combating Trafficking". The capitalised word right after one of them is read
# as part of the title (a country, an office), not as a first name.
CONNECTORS = frozenset({"of", "for", "in", "on", "at", "to", "from", "against", "with",
                        "the", "and", "&"})  # fmt: skip
_ARTICLES = frozenset({"the", "a", "an"})
_MAX_NAME_WORDS = 4


# ---------------------------------------------------------------------------
# Word lists


def read_word_list(path: Path | str) -> list[str]:
    """Read a word list: one entry per line, '#' starts a comment, blank lines skipped.

    In: a UTF-8 text file. Out: its entries in file order, stripped.
    """
    entries = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def read_stop_words(path: Path | str | None = None, english: bool = True) -> frozenset[str]:
    """Return the stop words: scikit-learn's ``ENGLISH_STOP_WORDS`` plus the project list.

    In: the project list (default ``data/stopwords_project.txt``); ``english``,
    whether to include scikit-learn's 318 English stop words. Out: a frozenset
    of lower-case words.
    """
    project = read_word_list(path if path is not None else STOP_WORDS_FILE)
    words = {word.lower() for word in project}
    if english:
        words |= set(ENGLISH_STOP_WORDS)
    return frozenset(words)


@dataclass(frozen=True)
class NameCues:
    """The cues that reveal a person's name (see ``data/terms_name_cues.txt``).

    - ``honorifics``: "Mr", "Ms", ... (case-sensitive)
    - ``roles``: titles such as ("Special", "Representative"), matched when capitalised
    - ``speech_verbs``: ("said",), ("was", "quoted"), matched in lower case
    - ``organisation_words``: lower-case words ("office", "union") that make a
      capitalised run the name of an organisation or a place
    """

    honorifics: frozenset[str]
    roles: tuple[tuple[str, ...], ...]
    speech_verbs: tuple[tuple[str, ...], ...]
    organisation_words: frozenset[str]

    @cached_property
    def cue_words(self) -> frozenset[str]:
        """Lower-case words that are part of a cue, hence never part of a name."""
        words = {h.lower() for h in self.honorifics} | set(self.organisation_words)
        for role in self.roles:
            words |= {w.lower() for w in role}
        return frozenset(words)

    # Derived once, on first use, for speed only: the cues that may start at a
    # word, in the order of ``roles`` / ``speech_verbs`` (see ``_match``).

    @cached_property
    def role_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Lower-case word -> the roles whose first word it is."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for role in self.roles:
            index.setdefault(role[0].lower(), []).append(role)
        return {word: tuple(roles) for word, roles in index.items()}

    @cached_property
    def verb_index(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Word -> the speech verbs whose first word it is (exactly)."""
        index: dict[str, list[tuple[str, ...]]] = {}
        for verb in self.speech_verbs:
            index.setdefault(verb[0], []).append(verb)
        return {word: tuple(verbs) for word, verbs in index.items()}


def read_name_cues(path: Path | str | None = None) -> NameCues:
    """Read the name cues file: sections ``[honorifics]``, ``[roles]``, ``[speech_verbs]``,
    ``[organisation_words]``, one cue per line, '#' comments.

    In: the file (default ``data/terms_name_cues.txt``). Out: a :class:`NameCues`.
    Raises ``ValueError`` for an entry outside a known section.
    """
    path = Path(path) if path is not None else NAME_CUES_FILE
    sections: dict[str, list[str]] = {
        "honorifics": [], "roles": [], "speech_verbs": [], "organisation_words": [],
    }  # fmt: skip
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if entry.startswith("[") and entry.endswith("]"):
            current = entry[1:-1].strip().lower()
            if current not in sections:
                raise ValueError(f"{path.name}, line {number}: unknown section [{current}]")
            continue
        if current is None:
            raise ValueError(f"{path.name}, line {number}: entry before any [section]")
        sections[current].append(entry)
    by_length = lambda cues: tuple(sorted(cues, key=lambda c: (-len(c), c)))  # noqa: E731
    return NameCues(
        honorifics=frozenset(h.rstrip(".") for h in sections["honorifics"]),
        roles=by_length(tuple(r.split()) for r in sections["roles"]),
        speech_verbs=by_length(tuple(v.lower().split()) for v in sections["speech_verbs"]),
        organisation_words=frozenset(w.lower() for w in sections["organisation_words"]),
    )


# ---------------------------------------------------------------------------
# From text to terms


def normalise_text(text: str) -> str:
    """Make curly apostrophes and quotes straight, and odd hyphens plain ``-``.

    In: any text. Out: the same text, same length or shorter (soft hyphens go).
    Case is kept: names are found on this text before it is lower-cased.
    """
    # One replacement per character present: the same as ``text.translate(_TRANSLATE)``
    # (no replacement yields a character that is replaced), and quicker on long texts.
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


class _Word(NamedTuple):
    """One word of a text: its form (a possessive 's removed), where it is, and
    whether punctuation or a line break separates it from the word before."""

    text: str
    start: int
    end: int
    gap: str
    brk: bool


def _words(text: str) -> list[_Word]:
    """Split normalised text into words; ``brk`` is True after punctuation or a line break."""
    words: list[_Word] = []
    append = words.append
    end = 0
    for gap, form in _GAP_WORD_FINDALL(text):
        start = end + len(gap)
        end = start + len(form)
        if form[-2:] in _POSSESSIVE_ENDINGS:  # _POSSESSIVE.sub("", form)
            form = form[:-2]
        # the first word, or after a gap holding more than spaces, or a line break
        brk = not words or (gap != "" and (not gap.isspace() or "\n" in gap))
        append(_new_tuple(_Word, (form, start, end, gap, brk)))  # _Word(...), quicker
    return words


def _word_forms(text: str) -> list[str]:
    """The ``text`` of each of ``_words(text)``, without the rest (quicker)."""
    return [form[:-2] if form[-2:] in _POSSESSIVE_ENDINGS else form for form in WORD.findall(text)]


def _hyphenated_counts(_: None, texts: list[str]) -> Counter[str]:
    """How often each hyphenated lower-case spelling (no digit) occurs in ``texts``."""
    counts: Counter[str] = Counter()
    for text in texts:
        for form in _word_forms(normalise_text(text)):
            if "-" not in form:
                continue
            lower = form.lower()
            if "-" in lower and not _has_digit(lower):
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


def _has_digit(word: str) -> bool:
    return any(ch.isdigit() for ch in word)


def hyphen_variants(texts: Iterable[str], workers: int | None = None) -> dict[str, str]:
    """Map each spelling of a hyphenated word to one form, by rule.

    Rule: two spellings are the same term when they are equal once hyphens are
    removed ("co-operation", "cooperation"). The form kept is the hyphenated
    spelling that occurs most often in ``texts`` (ties: alphabetical), so terms
    read as the documents write them ("migration-related", not "migrationrelated").

    In: texts. Out: a dict from lower-case spellings (the unhyphenated one and
    any other hyphenated one) to the kept form; words never hyphenated in the
    texts are not in it. ``workers``: processes that read the texts (default:
    every core from ``CHARS_FROM`` characters; the result is the same).
    """
    counts: Counter[str] = Counter()
    for part in _by_chunks(_hyphenated_counts, list(texts), workers):
        counts.update(part)
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
    """Turn a text into the terms TF-IDF counts (a callable for ``TfidfVectorizer``).

    - ``stop_words``: lower-case words to remove (see :func:`read_stop_words`)
    - ``variants``: spelling -> kept form, from :func:`hyphen_variants`
    - ``ngram_range``: (1, 2) for unigrams and bigrams
    - ``min_length``: shorter words are dropped (as scikit-learn's default token pattern)

    ``analyzer(text)`` returns the list of terms of ``text``: words are lower
    case, a possessive 's is dropped ("OSCE's" -> "osce"), hyphenated words stay
    whole, any word with a digit is dropped ("2015-2016", "90%", "$2.7-4.7").
    A stop word, a dropped word, a punctuation mark or a line break ends a run
    of words, and n-grams are made within runs only: "trafficking in human
    beings" gives "trafficking", "human", "beings" and "human beings", never
    "trafficking human" (scikit-learn's own n-gram step would join the words
    left after removing stop words).
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
        lower = _POSSESSIVE.sub("", word.lower().translate(_TRANSLATE))
        if _has_digit(lower) or len(lower) < self.min_length:
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
        # As ``_words``, without building the words: a break before a word when
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
        """Return ``(term, problem)`` for a phrase of a word list such as "law enforcement".

        ``term`` is the phrase in term form, or None when it cannot be a term;
        ``problem`` then says why (a stop word or number in it, too many words).
        """
        forms = [self.normalise(w.text) for w in _words(normalise_text(phrase))]
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
    """Build the :class:`TermAnalyzer` of a corpus.

    In: the texts of the corpus (their hyphenated spellings decide which form of
    a word is kept, see :func:`hyphen_variants`); stop words (default
    :func:`read_stop_words`); the n-gram range; ``workers`` (as in
    :func:`hyphen_variants`). Out: the analyzer.
    """
    if stop_words is None:
        stop_words = read_stop_words()
    variants = hyphen_variants(texts, workers)
    return TermAnalyzer(frozenset(stop_words), variants, tuple(ngram_range))


# ---------------------------------------------------------------------------
# Names of people


def lowercase_words(texts: Iterable[str], workers: int | None = None) -> frozenset[str]:
    """Words that occur in lower case somewhere in ``texts`` (and each part of a
    hyphenated one). A capitalised word whose lower-case form is among them is a
    common word at the start of a sentence or in a title ("Human Beings"), not a name.
    ``workers``: as in :func:`hyphen_variants`.
    """
    seen: set[str] = set()
    for part in _by_chunks(_lowercase_set, list(texts), workers):
        seen |= part
    return frozenset(seen)


@dataclass(frozen=True)
class _NameRules:
    """What the name rules need: the cues and the corpus's lower-case words."""

    cues: NameCues
    common: frozenset[str]

    def is_cap(self, word: _Word) -> bool:
        return word.text[:1].isupper()

    def is_acronym(self, word: _Word) -> bool:
        return any(len(part) >= 2 and part.isupper() for part in word.text.split("-"))

    def is_namey(self, word: _Word) -> bool:
        """A capitalised word that could be part of a person's name."""
        lower = word.text.lower()
        return (
            self.is_cap(word)
            and len(word.text) >= 2
            and not self.is_acronym(word)
            and not _has_digit(lower)
            and lower not in self.common
            and lower not in ENGLISH_STOP_WORDS
            and lower not in self.cues.cue_words
        )

    def is_honorific(self, word: _Word) -> bool:
        return word.text in self.cues.honorifics

    def after_connector(self, words: list[_Word], i: int) -> bool:
        """True when word ``i`` directly follows a connector ("of Ukraine")."""
        return i > 0 and not words[i].brk and words[i - 1].text.lower() in CONNECTORS


def _match(words: list[_Word], i: int, cue: tuple[str, ...], lower: bool) -> bool:
    """Does the cue start at word ``i``, with no punctuation inside it?

    Speech verbs (``lower``) match exactly; a role matches whatever its case,
    except that a word capitalised in the cue must be capitalised in the text.
    """
    if i + len(cue) > len(words):
        return False
    for k, part in enumerate(cue):
        word = words[i + k]
        if k and word.brk:
            return False
        if lower:
            if word.text != part:
                return False
        elif word.text.lower() != part.lower() or (
            part[:1].isupper() and not word.text[:1].isupper()
        ):
            return False
    return True


def _run_end(words: list[_Word], i: int, rules: _NameRules) -> int:
    """End (exclusive) of the run of capitalised words starting at ``i``."""
    k = i + 1
    while k < len(words) and not words[k].brk and rules.is_cap(words[k]):
        k += 1
    return k


def _run_start(words: list[_Word], k: int, rules: _NameRules) -> int:
    """Start of the run of capitalised words ending (inclusive) at ``k``."""
    a = k
    while a > 0 and not words[a].brk and rules.is_cap(words[a - 1]):
        a -= 1
    return a


def _name_in_run(
    words: list[_Word], a: int, k: int, rules: _NameRules, min_words: int = 2
) -> tuple[int, int] | None:
    """The person's name closing the capitalised run ``words[a:k]``, or None.

    The name is the run's last namey words (2 to 4 of them); the first word
    after a connector is a complement ("of Ukraine"), never a first name; a run
    holding an organisation word is an organisation.
    """
    if a >= k:
        return None
    if rules.after_connector(words, a):
        a += 1
    if any(w.text.lower() in rules.cues.organisation_words for w in words[a:k]):
        return None
    s = k
    while s > a and rules.is_namey(words[s - 1]):
        s -= 1
    if min_words <= k - s <= _MAX_NAME_WORDS:
        return s, k
    return None


def _after_role(
    words: list[_Word], j: int, rules: _NameRules, max_steps: int = 20
) -> tuple[int, int] | None:
    """The name that closes the title begun by a role cue ending before word ``j``.

    Walks over the title ("Minister of Social Policy of Ukraine"): connectors
    and capitalised words, and at most one comma, which must be followed by the
    name ("Secretary General, Lamberto Zannier").
    """
    i, steps = j, 0
    while i < len(words) and steps < max_steps:
        steps += 1
        word = words[i]
        if word.brk:
            if word.gap.strip() == "," and rules.is_cap(word):
                return _name_in_run(words, i, _run_end(words, i, rules), rules)
            return None
        if word.text.lower() in CONNECTORS:
            i += 1
            continue
        if not rules.is_cap(word):
            return None
        k = _run_end(words, i, rules)
        found = _name_in_run(words, i, k, rules)
        if found:
            return found
        i = k
    return None


class _Hit(NamedTuple):
    start: int
    end: int
    rule: str


class _Pending(NamedTuple):
    """A hit that counts only when ``word`` is a known surname (see ``_with_known``)."""

    at: int  # the number of hits found before it
    word: str
    hit: _Hit


def _detect(
    text: str,
    rules: _NameRules,
    known_surnames: frozenset[str],
    pending: list[_Pending] | None = None,
) -> list[_Hit]:
    """Find names in one normalised text by the four rules. Out: word spans and rules.

    ``pending``, when given, receives each hit that a lone surname before a
    speech verb would give if it were known, whether or not it is in
    ``known_surnames``: ``_with_known`` then gives the result for any other
    known surnames without reading the text again.
    """
    words = _words(text)
    hits: list[_Hit] = []
    cues = rules.cues
    honorifics, role_index, verb_index = cues.honorifics, cues.role_index, cues.verb_index
    for i, word in enumerate(words):
        # Most words start no cue: only an honorific, a role or a speech verb does.
        if (
            word.text not in honorifics
            and word.text.lower() not in role_index
            and word.text not in verb_index
        ):
            continue
        # 1. honorific: "Mr Lubbers", "Ms. Smith"
        if rules.is_honorific(word) and i + 1 < len(words):
            nxt = words[i + 1]
            if not nxt.brk or nxt.gap.strip() == ".":
                k = i + 1
                while k < len(words) and (k == i + 1 or not words[k].brk):
                    if not rules.is_namey(words[k]):
                        break
                    k += 1
                if 1 <= k - (i + 1) <= _MAX_NAME_WORDS:
                    hits.append(_Hit(i + 1, k, f"honorific '{word.text}'"))
        # 2. role cue: "Ambassador Istvan Venczel", "President of Ukraine Viktor Yanukovych"
        for role in cues.role_index.get(word.text.lower(), ()):
            if _match(words, i, role, lower=False):
                found = _after_role(words, i + len(role), rules)
                if found:
                    hits.append(_Hit(*found, f"role '{' '.join(role)}'"))
                break
        # 3. speech verb, the name before or after it
        for verb in cues.verb_index.get(word.text, ()):
            if not _match(words, i, verb, lower=True):
                continue
            label = " ".join(verb)
            if i > 0 and not word.brk and rules.is_cap(words[i - 1]):
                a = _run_start(words, i - 1, rules)
                found = _name_in_run(words, a, i, rules)
                if found is None and pending is not None:
                    alone = _name_in_run(words, a, i, rules, min_words=1)
                    if alone:
                        hit = _Hit(*alone, f"before '{label}'")
                        pending.append(_Pending(len(hits), words[i - 1].text, hit))
                if found is None and words[i - 1].text in known_surnames:
                    found = _name_in_run(words, a, i, rules, min_words=1)
                if found:
                    hits.append(_Hit(*found, f"before '{label}'"))
            j = i + len(verb)
            if j < len(words) and not words[j].brk and rules.is_cap(words[j]):
                found = _name_in_run(words, j, _run_end(words, j, rules), rules)
                if found:
                    hits.append(_Hit(*found, f"after '{label}'"))
            break
    # 4. apposition: "Joy Smith, Member of Parliament", "Ruth Pojman, Deputy Co-ordinator"
    i = 0
    n_words = len(words)
    while i < n_words:
        if not words[i].text[:1].isupper():  # rules.is_cap
            i += 1
            continue
        k = _run_end(words, i, rules)
        if k < len(words) and words[k].gap.strip() == ",":
            j = k + 1 if words[k].text.lower() in _ARTICLES else k
            starting = cues.role_index.get(words[j].text.lower(), ()) if j < len(words) else ()
            role = next((r for r in starting if _match(words, j, r, lower=False)), None)
            if role is not None and (j == k or not words[j].brk):
                found = _name_in_run(words, i, k, rules)
                if found:
                    hits.append(_Hit(*found, f"apposition ', {' '.join(role)}'"))
        i = k
    if pending:  # their hits in characters too
        pending[:] = [
            _Pending(at, word, _Hit(words[hit.start].start, words[hit.end - 1].end, hit.rule))
            for at, word, hit in pending
        ]
    return [_Hit(words[s].start, words[e - 1].end, rule) for s, e, rule in hits]


def _with_known(hits: list[_Hit], pending: list[_Pending], known: frozenset[str]) -> list[_Hit]:
    """The hits ``_detect`` gives with ``known`` surnames, from its hits with none.

    In: the hits and pending hits of ``_detect(text, rules, frozenset(), pending)``.
    Out: the hits, with each pending hit whose word is in ``known`` put in
    where ``_detect(text, rules, known)`` finds it (the same list, in order).
    """
    out: list[_Hit] = []
    done = 0
    for at, word, hit in pending:
        if word in known:
            out += hits[done:at]
            out.append(hit)
            done = at
    return out + hits[done:] if out else hits


def _surname(name: str) -> str:
    return _POSSESSIVE.sub("", name.split()[-1])


def _name_spans(text: str, surnames: Iterable[str], rules: _NameRules) -> list[tuple[int, int]]:
    """Character spans of every mention of ``surnames`` in normalised ``text``.

    A mention is the surname with the first names just before it (up to three
    namey words, stopping at a complement such as "of Ukraine") and an
    honorific before those ("Mr Lubbers", "Ruud Lubbers", "Viktor Yanukovych").
    Only the words around each place where a surname occurs are read (see
    ``_words_before``), not the whole text.
    """
    surnames = set(surnames)  # looked up below: any iterable, read once
    places = sorted({at for surname in surnames if surname for at in _occurrences(text, surname)})
    spans = []
    for at in places:
        offset, words = _words_before(text, at)
        i = next((k for k, word in enumerate(words) if word.start == at - offset), None)
        if i is None or words[i].text not in surnames:  # inside a longer word
            continue
        s = i
        while (
            s > 0
            and i - s < 3
            and not words[s].brk
            and rules.is_namey(words[s - 1])
            and not rules.after_connector(words, s - 1)
        ):
            s -= 1
        if s > 0 and rules.is_honorific(words[s - 1]):
            if not words[s].brk or words[s].gap.strip() == ".":
                s -= 1
        spans.append((offset + words[s].start, offset + words[i].end))
    return spans


def _occurrences(text: str, part: str) -> Iterator[int]:
    """Every position where ``part`` (not empty) occurs in ``text``, overlaps included."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


# A letter or digit after white space starts a word of ``_words`` (a word holds
# no white space, and one starting earlier would hold it): reading the text
# from there gives the same words, with the same gaps but for the first.
_WORD_START_FINDITER = re.compile(r"(?<=\s)[^\W_]").finditer
_WHITE_SEARCH = re.compile(r"\s").search
_CONTEXT_WORDS = 6  # the rules of a mention look at most four words back (``_name_spans``)


def _words_before(text: str, at: int) -> tuple[int, list[_Word]]:
    """The words of ``text`` from ``_CONTEXT_WORDS`` word starts before ``at`` to the
    word at ``at``, as ``_words`` finds them in the whole text (positions relative
    to the returned offset; the first word's gap and break aside)."""
    start, back = 0, at
    while back > 0:
        back = max(0, back - 80 * _CONTEXT_WORDS)
        starts = [m.start() for m in _WORD_START_FINDITER(text, back, at)]
        if len(starts) >= _CONTEXT_WORDS:
            start = starts[-_CONTEXT_WORDS]
            break
    white = _WHITE_SEARCH(text, at)
    return start, _words(text[start : white.start() if white else len(text)])


def _redact(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span of ``text`` by :data:`NAME_MARK`."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(NAME_MARK)
        last = end
    out.append(text[last:])
    return "".join(out)


def _document_texts(documents: pd.DataFrame, include_titles: bool, strip_datelines: bool):
    """Yield ``(doc_id, year, normalised text)`` of each document."""
    for row in documents.itertuples(index=False):
        body = str(row.text)
        if strip_datelines:
            body = DATELINE.sub("", body, count=1)
        if include_titles and isinstance(row.title, str) and row.title.strip():
            body = f"{row.title}\n\n{body}"
        yield row.doc_id, int(row.year), normalise_text(body)


def _name_rules(
    documents: pd.DataFrame, cues: NameCues | None, workers: int | None = None
) -> _NameRules:
    texts = list(documents["text"].astype(str)) + list(documents["title"].fillna("").astype(str))
    common = lowercase_words(texts, workers)
    return _NameRules(cues if cues is not None else read_name_cues(), common)


def _surnames_by_document(
    documents: pd.DataFrame,
    rules: _NameRules,
    include_titles: bool,
    workers: int | None = None,
    progress: bool | None = None,
) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    """Detect names in every document. A lone surname next to a speech verb
    counts when it was found as a full name anywhere in the corpus
    ("Jarbussynova said"): each document is read once, keeping such candidates
    aside (``_Pending``) until the corpus's surnames are known. Out: names per
    doc_id ``(name, rule)`` and texts."""
    texts = {doc: text for doc, _, text in _document_texts(documents, include_titles, True)}
    docs = list(texts)
    n_workers = worker_count(len(docs), workers, DOCUMENTS_FROM)
    show = show_progress(len(docs), PROGRESS_FROM, progress)
    passes = map_items(
        _first_pass, rules, [texts[d] for d in docs], n_workers, "Finding names", show
    )
    known = frozenset(
        _surname(texts[doc][h.start : h.end])
        for doc, (hits, _) in zip(docs, passes, strict=True)
        for h in hits
    )
    found = {
        doc: [(texts[doc][h.start : h.end], h.rule) for h in _with_known(hits, pending, known)]
        for doc, (hits, pending) in zip(docs, passes, strict=True)
    }
    return found, texts


def _first_pass(rules: _NameRules, text: str) -> tuple[list[_Hit], list[_Pending]]:
    """``_detect`` with no known surname, and the hits that wait on one (``_Pending``)."""
    pending: list[_Pending] = []
    return _detect(text, rules, frozenset(), pending), pending


def find_person_names(
    documents: pd.DataFrame,
    cues: NameCues | None = None,
    include_titles: bool = False,
) -> pd.DataFrame:
    """Find the names of people in each document, to audit what the name switch removes.

    In: the documents table (``doc_id``, ``year``, ``title``, ``text``); the cues
    (default :func:`read_name_cues`); whether titles are searched too.

    Rules (context, never a list of names): capitalised words that are not
    common words (their lower-case form never occurs in the corpus), not
    acronyms and not cue words, found (1) right after an honorific, one or
    more of them ("Mr Lubbers"), or, two to four of them, (2) closing a title
    begun by a role ("Foreign Minister Leonid Kozhara", "President of Ukraine
    Viktor Yanukovych"), (3) right before or after a speech verb ("said Ruth
    Pojman", "Ruud Lubbers urged"; a lone surname too when another document
    names the person in full), or (4) before a comma and a role ("Joy Smith,
    Member of Parliament"). Every other mention of the same surname in the
    document is removed too.

    Out: one row per person and document (``NAME_COLUMNS``): the longest form
    found, the surname, the rules that found it, the number of mentions removed
    and the forms removed ("Mr Lubbers ×2; Ruud Lubbers").
    """
    rules = _name_rules(documents, cues)
    found, texts = _surnames_by_document(documents, rules, include_titles)
    years = dict(zip(documents["doc_id"], documents["year"].astype(int), strict=True))
    rows = []
    for doc, hits in found.items():
        people: dict[str, dict] = {}
        for name, rule in hits:
            person = people.setdefault(_surname(name), {"forms": set(), "rules": []})
            person["forms"].add(name)
            if rule not in person["rules"]:
                person["rules"].append(rule)
        text = texts[doc]
        for surname, person in people.items():
            removed = Counter(text[s:e] for s, e in _name_spans(text, [surname], rules))
            longest = max(person["forms"], key=lambda form: (len(form.split()), form))
            rows.append(
                {
                    "doc_id": doc,
                    "year": years[doc],
                    "person": longest,
                    "surname": surname,
                    "found_by": "; ".join(sorted(person["rules"])),
                    "mentions_removed": sum(removed.values()),
                    "removed": "; ".join(
                        form if n == 1 else f"{form} ×{n}" for form, n in sorted(removed.items())
                    ),
                }
            )
    table = pd.DataFrame(rows, columns=NAME_COLUMNS)
    return table.sort_values(["year", "doc_id", "surname"], kind="stable").reset_index(drop=True)


def analysis_texts(
    documents: pd.DataFrame,
    *,
    remove_names: bool = True,
    include_titles: bool = False,
    strip_datelines: bool = True,
    cues: NameCues | None = None,
    workers: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Return the text of each document as it is counted.

    In: the documents table; ``remove_names``, the person-name switch (see
    :func:`find_person_names`; each mention becomes ``[...]``, a break that no
    bigram jumps over); ``include_titles``: put the title before the body
    (default False: the body only); ``strip_datelines``: drop the opening
    dateline ("VIENNA, 8 April 2003 -"), which repeats the place and date columns.

    For large corpora: ``workers``, processes that find and remove the names
    (default: every core from ``DOCUMENTS_FROM`` documents, else one; the
    result is the same); ``progress``, progress bars (default: shown from
    ``PROGRESS_FROM`` documents when stderr is a terminal, see
    ``helpers.progress``).

    Out: ``doc_id, year, text, names_removed`` (mentions replaced), one row per
    document, in the order of ``documents``; the text is normalised (straight
    apostrophes and quotes).
    """
    rules = _name_rules(documents, cues, workers) if remove_names else None
    found: dict[str, list[tuple[str, str]]] = {}
    texts: dict[str, str] = {}
    if rules is not None:
        found, texts = _surnames_by_document(documents, rules, include_titles, workers, progress)
    if rules is not None and strip_datelines and documents["doc_id"].is_unique:
        # the texts the names were found in are these (same switches): not made again
        keys = [
            (doc, int(year))
            for doc, year in zip(documents["doc_id"], documents["year"], strict=True)
        ]
        bodies = [texts.pop(doc) for doc, _ in keys]
    else:
        made = _document_texts(documents, include_titles, strip_datelines)
        keys, bodies = [], []
        for doc, year, text in made:
            keys.append((doc, year))
            bodies.append(text)
    del texts
    if rules is None:
        redacted = [(text, 0) for text in bodies]
    else:
        # the items hold the only reference to each text: map_items lets go of
        # them as the name-free texts come back (one copy of the corpus at a time)
        items = [
            (text, {_surname(name) for name, _ in found[doc]})
            for (doc, _), text in zip(keys, bodies, strict=True)
        ]
        del bodies
        redacted = map_items(
            _redacted,
            rules,
            items,
            worker_count(len(items), workers, DOCUMENTS_FROM),
            "Removing names",
            show_progress(len(items), PROGRESS_FROM, progress),
            release=True,
        )
    columns = {
        "doc_id": [doc for doc, _ in keys],
        "year": np.array([year for _, year in keys], dtype=np.int64),
        "text": [text for text, _ in redacted],
        "names_removed": np.array([n for _, n in redacted], dtype=np.int64),
    }
    return pd.DataFrame(columns, columns=TEXT_COLUMNS)


def _redacted(rules: _NameRules, item: tuple[str, set[str]]) -> tuple[str, int]:
    """A document's text with its people's names replaced, and the number replaced."""
    text, surnames = item
    spans = _name_spans(text, surnames, rules)
    return _redact(text, spans), len(spans)


def analysis_sentences(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    remove_names: bool = True,
    include_titles: bool = False,
    strip_datelines: bool = True,
    cues: NameCues | None = None,
) -> pd.DataFrame:
    """Return the sentences as they are counted (for the bootstrap).

    In: the sentences table (``doc_id, sent_id, part, text``), the documents
    table, and the same switches as :func:`analysis_texts` (names are found in
    the whole document, then removed from its sentences; the dateline is
    removed from the first body sentence). Out: ``doc_id, year, sent_id,
    text``; title sentences only when ``include_titles``. Pooled, they give the
    same counts as :func:`analysis_texts`.
    """
    keep = sentences if include_titles else sentences[sentences["part"] == "body"]
    years = dict(zip(documents["doc_id"], documents["year"].astype(int), strict=True))
    keep = keep[keep["doc_id"].isin(years)]
    body = sentences[sentences["part"] == "body"]
    first_body = set(body.groupby("doc_id")["sent_id"].min().items()) if strip_datelines else set()
    surnames: dict[str, set[str]] = {}
    rules = None
    if remove_names:
        rules = _name_rules(documents, cues)
        found = _surnames_by_document(documents, rules, include_titles)[0]
        surnames = {doc: {_surname(name) for name, _ in hits} for doc, hits in found.items()}
    rows = []
    for row in keep.itertuples(index=False):
        text = str(row.text)
        if (row.doc_id, row.sent_id) in first_body:
            text = DATELINE.sub("", text, count=1)
        text = normalise_text(text)
        if rules is not None:
            text = _redact(text, _name_spans(text, surnames.get(row.doc_id, set()), rules))
        rows.append(
            {"doc_id": row.doc_id, "year": years[row.doc_id], "sent_id": row.sent_id, "text": text}
        )
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


# ---------------------------------------------------------------------------
# Periods and TF-IDF

PeriodSpec = Mapping[int, Hashable] | Callable[[int], Hashable] | None


def assign_periods(years: pd.Series, periods: PeriodSpec = None) -> pd.Series:
    """Return the period label of each year.

    In: years; ``periods``: None (each year is its own period), a mapping
    year -> label, or a function year -> label. Out: a Series named ``period``,
    with None where a year has no period (such documents are left out).
    """
    if periods is None:
        labels = years.astype(int).astype(object)
    elif callable(periods):
        labels = years.astype(int).map(periods).astype(object)
    else:
        labels = years.astype(int).map(lambda year: periods.get(year)).astype(object)
    labels = labels.where(labels.notna(), None)
    return labels.rename("period")


def periods_by_range(
    years: Iterable[int], ranges: Mapping[Hashable, tuple[int, int]]
) -> dict[int, Hashable]:
    """Map each year to the label of the range (first, last, inclusive) it falls in.

    In: the years of the corpus; ``{"2003-2008": (2003, 2008), ...}``. Out: a
    dict for the years inside a range; years outside every range are left out.
    """
    mapping = {}
    for year in sorted(set(int(y) for y in years)):
        for label, (first, last) in ranges.items():
            if first <= year <= last:
                mapping[year] = label
                break
    return mapping


def pool_by_period(texts: pd.DataFrame, periods: PeriodSpec = None) -> pd.DataFrame:
    """Pool the texts of each period into one text.

    In: ``doc_id, year, text`` (e.g. from :func:`analysis_texts`, or sentences);
    the grouping (see :func:`assign_periods`). Out: one row per period, ordered
    by its first year: ``period, first_year, last_year, n_documents, n_texts,
    doc_ids, text`` (texts joined by blank lines, in their order of ``texts``).
    """
    table = texts.assign(period=assign_periods(texts["year"], periods).to_numpy())
    table = table[table["period"].notna()]
    rows = []
    for period, group in table.groupby("period", sort=False):
        rows.append(
            {
                "period": period,
                "first_year": int(group["year"].min()),
                "last_year": int(group["year"].max()),
                "n_documents": group["doc_id"].nunique(),
                "n_texts": len(group),
                "doc_ids": "; ".join(dict.fromkeys(group["doc_id"])),
                "text": "\n\n".join(group["text"]),
            }
        )
    pooled = pd.DataFrame(
        rows,
        columns=["period", "first_year", "last_year", "n_documents", "n_texts", "doc_ids", "text"],
    )
    order = pooled.assign(_label=pooled["period"].astype(str))
    order = order.sort_values(["first_year", "_label"], kind="stable").drop(columns="_label")
    return order.reset_index(drop=True)


def _matrix_frame(matrix, periods: Sequence, vocabulary: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(matrix.toarray(), index=pd.Index(list(periods), name="period"),
                         columns=pd.Index(list(vocabulary), name="term"))  # fmt: skip
    return frame


def tfidf_by_period(
    pooled: pd.DataFrame, analyzer: TermAnalyzer, workers: int | None = None
) -> pd.DataFrame:
    """TF-IDF weights of every term in every period, computed by scikit-learn.

    In: the pooled table of :func:`pool_by_period` (one text per period); the
    analyzer. ``TfidfVectorizer(analyzer=analyzer)`` with scikit-learn's
    defaults: raw counts as tf, smoothed idf = ln((1 + n) / (1 + df)) + 1 with
    n the number of periods, each row divided by its l2 norm. ``workers``:
    processes that turn the texts into terms (default: every core from
    ``CHARS_FROM`` characters, else one; the result is the same). Out: a
    DataFrame, one row per period (index ``period``), one column per term
    (alphabetical).
    """
    return _by_period(TfidfVectorizer, pooled, analyzer, workers)


def count_by_period(
    pooled: pd.DataFrame, analyzer: TermAnalyzer, workers: int | None = None
) -> pd.DataFrame:
    """Raw counts of every term in every period (same layout as :func:`tfidf_by_period`)."""
    return _by_period(CountVectorizer, pooled, analyzer, workers)


def _by_period(
    kind: type[CountVectorizer], pooled: pd.DataFrame, analyzer: TermAnalyzer, workers
) -> pd.DataFrame:
    """Fit a scikit-learn vectorizer on the pooled texts, the terms made on several processes.

    With several processes, the vectorizer gets each text's terms, made by
    ``analyzer`` in a worker, in the order of the texts, so it counts the same
    terms in the same order as when it calls ``analyzer`` itself.
    """
    texts = list(pooled["text"])
    n_workers = worker_count(sum(len(str(text)) for text in texts), workers, CHARS_FROM)
    if n_workers <= 1 or len(texts) < 2:
        vectorizer = kind(analyzer=analyzer)
        matrix = vectorizer.fit_transform(pooled["text"])
    else:
        vectorizer = kind(analyzer=_given_terms)
        matrix = vectorizer.fit_transform(_terms_ahead(texts, analyzer, n_workers))
    return _matrix_frame(matrix, pooled["period"], vectorizer.get_feature_names_out())


def _given_terms(counts: dict[str, int]) -> Iterator[str]:
    """The analyzer of a vectorizer fed with the terms of a text already counted.

    ``counts``: each term and its count, in the order the terms first occur in
    the text. The vectorizer sees each term as often as it occurs, the terms
    in order of first occurrence: it numbers the terms and counts them as for
    the text itself (it keeps no other trace of the order), so the result is
    the same, and memory holds each distinct term once instead of every
    occurrence.
    """
    return chain.from_iterable(repeat(term, n) for term, n in counts.items())


def _terms_of(item: str | int) -> dict[str, int]:
    """In a worker: each term of a text and its count, in order of first occurrence.

    ``item``: the text, or its position among the texts the worker inherited.
    """
    analyzer, texts = worker_state()
    text = texts[item] if isinstance(item, int) else item
    counts: dict[str, int] = {}
    for term in analyzer(text):
        counts[term] = counts.get(term, 0) + 1
    return counts


def _terms_ahead(
    texts: list[str], analyzer: TermAnalyzer, workers: int
) -> Iterator[dict[str, int]]:
    """The terms of each text (see ``_terms_of``), in order, made on ``workers`` processes.

    At most ``workers`` results wait at a time, so memory holds a few texts'
    terms, not all of them. Forked workers inherit the texts and are sent
    their positions (``parallel.inherits_objects``).
    """
    inherit = inherits_objects()
    items = range(len(texts)) if inherit else texts
    setup = (analyzer, texts if inherit else None)
    with ProcessPoolExecutor(workers, initializer=start_worker, initargs=setup) as pool:
        queue = iter(items)
        pending = deque(pool.submit(packed, _terms_of, item) for item in islice(queue, workers))
        while pending:
            terms = pickle.loads(pending.popleft().result())
            following = next(queue, None)
            if following is not None:
                pending.append(pool.submit(packed, _terms_of, following))
            yield terms


def word_totals(pooled: pd.DataFrame, analyzer: TermAnalyzer) -> pd.Series:
    """Number of words (stop words included, numbers not) of each period's text."""
    totals = [len(analyzer.words(text)) for text in pooled["text"]]
    return pd.Series(totals, index=pd.Index(list(pooled["period"]), name="period"), name="words")


def _top_indices(row: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest positive values; ties keep column (alphabetical) order."""
    order = np.argsort(-row, kind="stable")
    order = order[row[order] > 0]
    return order[:n]


def top_terms(weights: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    """The ``n`` highest-weighted terms of each period.

    In: a period x term table (e.g. :func:`tfidf_by_period`). Out: columns
    ``period, rank, term, tfidf`` (rank 1 = highest; ties in alphabetical order;
    weights rounded to 6 decimals; terms with weight 0 never listed).
    """
    vocabulary = np.asarray(weights.columns)
    rows = []
    for period, row in zip(weights.index, weights.to_numpy(), strict=True):
        for rank, j in enumerate(_top_indices(row, n), start=1):
            rows.append({"period": period, "rank": rank, "term": vocabulary[j],
                         "tfidf": round(float(row[j]), 6)})  # fmt: skip
    return pd.DataFrame(rows, columns=TOP_TERMS_COLUMNS)


def ties_at_rank(weights: pd.DataFrame, n: int = 25) -> pd.DataFrame:
    """How many terms share the weight of rank ``n`` in each period.

    In: a period x term table of weights; the rank. Out: ``period, weight,
    tied_in_top, tied_in_vocabulary``: the weight of rank ``n``, the number of
    terms of the top ``n`` with that weight, and the number of terms of the
    whole vocabulary with it (the list cut through a tie when the second is larger).
    """
    rows = []
    for period, row in zip(weights.index, weights.to_numpy(), strict=True):
        top = row[_top_indices(row, n)]
        if not len(top):
            continue
        weight = top[-1]
        rows.append(
            {
                "period": period,
                "weight": round(float(weight), 6),
                "tied_in_top": int(np.isclose(top, weight).sum()),
                "tied_in_vocabulary": int(np.isclose(row, weight).sum()),
            }
        )
    return pd.DataFrame(rows, columns=["period", "weight", "tied_in_top", "tied_in_vocabulary"])


def compare_top_terms(
    first: pd.DataFrame, second: pd.DataFrame, labels: tuple[str, str], n: int = 10
) -> pd.DataFrame:
    """Put two top-term tables side by side: ``period, rank, <label 1>, <label 2>``.

    In: two tables from :func:`top_terms`; their column labels; how many ranks.
    Out: one row per period and rank; a term absent from the other list at any
    rank is marked with ``*``.
    """
    a = first[first["rank"] <= n]
    b = second[second["rank"] <= n]
    sets_a = a.groupby("period", sort=False)["term"].agg(set)
    sets_b = b.groupby("period", sort=False)["term"].agg(set)
    merged = a[["period", "rank", "term"]].merge(
        b[["period", "rank", "term"]], on=["period", "rank"], how="outer", sort=False
    )
    merged["term_x"] = [
        t if not isinstance(t, str) or t in sets_b.get(p, set()) else f"{t} *"
        for p, t in zip(merged["period"], merged["term_x"], strict=True)
    ]
    merged["term_y"] = [
        t if not isinstance(t, str) or t in sets_a.get(p, set()) else f"{t} *"
        for p, t in zip(merged["period"], merged["term_y"], strict=True)
    ]
    order = {period: i for i, period in enumerate(dict.fromkeys(first["period"]))}
    merged = merged.assign(_o=merged["period"].map(order)).sort_values(["_o", "rank"])
    merged = merged.drop(columns="_o").rename(columns={"term_x": labels[0], "term_y": labels[1]})
    return merged.fillna("").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Teaching: TF-IDF by hand


def smoothed_idf(n_documents: int | np.ndarray, df: int | np.ndarray) -> np.ndarray | float:
    """scikit-learn's smoothed idf: ``ln((1 + n) / (1 + df)) + 1``."""
    return np.log((1 + np.asarray(n_documents)) / (1 + np.asarray(df))) + 1


def idf_table(n_documents: int) -> pd.DataFrame:
    """The smoothed idf of a term found in 1, 2, ..., n of ``n_documents`` documents.

    Out: ``df, idf`` (rounded to 4 decimals). A term found in every document
    gets idf 1, so the ``idf`` column also says how many times more a count of
    that term weighs than a count of a term found everywhere.
    """
    df = np.arange(1, n_documents + 1)
    return pd.DataFrame({"df": df, "idf": smoothed_idf(n_documents, df).round(4)})


def tfidf_steps(counts: pd.DataFrame) -> pd.DataFrame:
    """Every step of TF-IDF, by hand, for a small document x term table of counts.

    In: raw counts (rows: documents, columns: terms). Out, one row per document
    and term with a count > 0: ``document, term, tf, df, idf, tf_idf, l2_norm, tfidf``
    where ``idf = ln((1 + n) / (1 + df)) + 1``, ``tf_idf = tf * idf``,
    ``l2_norm`` = the square root of the sum of the squared ``tf_idf`` of the
    document, and ``tfidf = tf_idf / l2_norm`` (what scikit-learn returns).
    """
    n = len(counts)
    df = (counts > 0).sum(axis=0)
    idf = smoothed_idf(n, df.to_numpy())
    raw = counts.to_numpy(dtype=float) * idf
    norms = np.sqrt((raw**2).sum(axis=1))
    rows = []
    for i, document in enumerate(counts.index):
        for j, term in enumerate(counts.columns):
            tf = counts.iat[i, j]
            if tf > 0:
                rows.append({"document": document, "term": term, "tf": int(tf),
                             "df": int(df.iat[j]), "idf": idf[j], "tf_idf": raw[i, j],
                             "l2_norm": norms[i], "tfidf": raw[i, j] / norms[i]})  # fmt: skip
    return pd.DataFrame(
        rows, columns=["document", "term", "tf", "df", "idf", "tf_idf", "l2_norm", "tfidf"]
    )


# ---------------------------------------------------------------------------
# Framing terms, similarity, drift


def match_terms(
    entries: Iterable[str], analyzer: TermAnalyzer, vocabulary: Iterable[str]
) -> pd.DataFrame:
    """Match a word list to the vocabulary. Nothing is dropped silently.

    In: entries as written ("law enforcement", "cooperation"); the analyzer; the
    vocabulary (the columns of a weights table). Out: ``entry, term, status``
    in entry order, ``status`` being "found", "not used in any period", or why
    the entry cannot be a term. Two entries with the same term are both kept.
    """
    vocabulary = set(vocabulary)
    rows = []
    for entry in entries:
        term, problem = analyzer.term(entry)
        if term is None:
            status = f"cannot be counted: {problem}"
        elif term in vocabulary:
            status = "found"
        else:
            status = "not used in any period"
        rows.append({"entry": entry, "term": term or "", "status": status})
    return pd.DataFrame(rows, columns=["entry", "term", "status"])


def term_table(weights: pd.DataFrame, counts: pd.DataFrame, terms: Sequence[str]) -> pd.DataFrame:
    """Weights and counts of some terms in every period, long format.

    In: period x term weights and counts (same layout), the terms (each once,
    all in the vocabulary). Out: ``term, period, tfidf, count``, terms in the
    given order, periods in table order.
    """
    rows = []
    for term in dict.fromkeys(terms):
        for period in weights.index:
            rows.append({"term": term, "period": period,
                         "tfidf": round(float(weights.at[period, term]), 6),
                         "count": int(counts.at[period, term])})  # fmt: skip
    return pd.DataFrame(rows, columns=["term", "period", "tfidf", "count"])


def cosine_similarity_table(weights: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity of the TF-IDF vectors of every pair of periods (rounded to 6).

    In: period x term weights. Out: a period x period DataFrame; 1 on the
    diagonal, 0 for periods that share no term.
    """
    matrix = weights.to_numpy(dtype=float)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    similarity = np.clip(unit @ unit.T, 0.0, 1.0).round(6)
    return pd.DataFrame(similarity, index=weights.index, columns=weights.index)


def consecutive_drift(weights: pd.DataFrame) -> pd.DataFrame:
    """Drift between each period and the next: ``1 - cosine`` of their TF-IDF vectors.

    Out: ``period_from, period_to, cosine, drift`` (one row per pair of
    consecutive periods, in table order).
    """
    similarity = cosine_similarity_table(weights)
    periods = list(weights.index)
    rows = [
        {"period_from": a, "period_to": b, "cosine": similarity.at[a, b],
         "drift": round(1 - similarity.at[a, b], 6)}
        for a, b in zip(periods[:-1], periods[1:], strict=True)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["period_from", "period_to", "cosine", "drift"])


# ---------------------------------------------------------------------------
# Keyness


def log_likelihood(a, b, total_a, total_b):
    """Log-likelihood G2 of a term's counts in two corpora (Dunning 1993), as in
    Rayson & Garside (2000): ``E1 = total_a * (a + b) / (total_a + total_b)``,
    ``E2 = total_b * (a + b) / (total_a + total_b)``,
    ``G2 = 2 * (a * ln(a / E1) + b * ln(b / E2))``, a term with a zero count adding 0.

    In: counts ``a``, ``b`` (numbers or arrays) and the corpus sizes. Out: G2
    (same shape). Above 3.84, p < 0.05 (one degree of freedom); above 6.63, p < 0.01.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    expected_a = total_a * (a + b) / (total_a + total_b)
    expected_b = total_b * (a + b) / (total_a + total_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(a / expected_a), 0.0)
        part_b = np.where(b > 0, b * np.log(b / expected_b), 0.0)
    return 2 * (part_a + part_b)


def log_ratio(a, b, total_a, total_b, zero: float = 0.5):
    """Log ratio (Hardie 2014): ``log2((b / total_b) / (a / total_a))``.

    Positive: relatively more frequent in corpus B; each unit is a doubling. A
    zero count is replaced by ``zero`` (0.5) first, so a term missing from one
    corpus gets a finite, conservative value. In: counts and corpus sizes. Out:
    the log ratio (same shape as the counts).
    """
    a = np.where(np.asarray(a, dtype=float) == 0, zero, np.asarray(a, dtype=float))
    b = np.where(np.asarray(b, dtype=float) == 0, zero, np.asarray(b, dtype=float))
    return np.log2((b / total_b) / (a / total_a))


def keyness(
    counts: pd.DataFrame,
    totals: pd.Series,
    first: Hashable,
    second: Hashable,
    min_count: int = 3,
) -> pd.DataFrame:
    """Terms that rise or fall from period ``first`` (A) to period ``second`` (B).

    In: period x term counts (:func:`count_by_period`), the number of words of
    each period (:func:`word_totals`), the two periods, and the smallest total
    count (A + B) a term needs to be tested. Out: ``KEYNESS_COLUMNS``: counts,
    frequencies per 10,000 words, log ratio (B against A, see :func:`log_ratio`),
    G2 (:func:`log_likelihood`), its p-value (chi-squared, 1 d.f.; not corrected
    for testing many terms) and ``direction`` ("rises" when relatively more
    frequent in B, else "falls"); sorted by G2, largest first (ties alphabetical).
    """
    a = counts.loc[first].to_numpy(dtype=float)
    b = counts.loc[second].to_numpy(dtype=float)
    total_a, total_b = float(totals.loc[first]), float(totals.loc[second])
    keep = (a + b) >= min_count
    a, b = a[keep], b[keep]
    terms = np.asarray(counts.columns)[keep]
    g2 = log_likelihood(a, b, total_a, total_b)
    table = pd.DataFrame(
        {
            "term": terms,
            "count_a": a.astype(int),
            "count_b": b.astype(int),
            "per_10k_a": (10_000 * a / total_a).round(2),
            "per_10k_b": (10_000 * b / total_b).round(2),
            "log_ratio": log_ratio(a, b, total_a, total_b).round(3),
            "g2": g2.round(3),
            "p_value": chi2.sf(g2, 1).round(4),
            "direction": np.where(b / total_b > a / total_a, "rises", "falls"),
        },
        columns=KEYNESS_COLUMNS,
    )
    return table.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


# ---------------------------------------------------------------------------
# Stability


def _period_rows(texts: pd.DataFrame, periods: PeriodSpec) -> tuple[list, list[np.ndarray]]:
    """Period labels in order of first year, and the row positions of each period."""
    labels = assign_periods(texts["year"], periods).to_numpy()
    frame = pd.DataFrame({"period": labels, "year": texts["year"].to_numpy()})
    frame = frame[frame["period"].notna()]
    first_year = frame.groupby("period", sort=False)["year"].min()
    order = sorted(first_year.index, key=lambda p: (first_year[p], str(p)))
    rows = [np.flatnonzero(labels == period) for period in order]
    return order, rows


def _tfidf_rows(period_counts: sparse.csr_matrix) -> np.ndarray:
    """TF-IDF of a period x term count matrix, by scikit-learn's TfidfTransformer."""
    return TfidfTransformer().fit_transform(period_counts).toarray()


def _full_top(
    order: list, tfidf: np.ndarray, vocabulary: np.ndarray, top_n: int
) -> list[tuple[Hashable, int, str, float, int]]:
    rows = []
    for p, period in enumerate(order):
        for rank, j in enumerate(_top_indices(tfidf[p], top_n), start=1):
            rows.append((period, rank, vocabulary[j], round(float(tfidf[p, j]), 6), j))
    return rows


def _counts_and_top(
    texts: pd.DataFrame, analyzer: TermAnalyzer, periods: PeriodSpec, top_n: int
) -> tuple[sparse.csr_matrix, list, list[np.ndarray], np.ndarray, list]:
    """What the stability checks start from: each text's term counts, the periods in
    order and the rows of each, the counts summed per period and the full data's top
    ``top_n`` terms per period (as :func:`_full_top` gives them)."""
    vectorizer = CountVectorizer(analyzer=analyzer)
    counts = vectorizer.fit_transform(texts["text"]).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    order, rows = _period_rows(texts, periods)
    full = np.vstack([np.asarray(counts[r].sum(axis=0)) for r in rows])
    full_top = _full_top(order, _tfidf_rows(sparse.csr_matrix(full)), vocabulary, top_n)
    return counts, order, rows, full, full_top


def bootstrap_top_terms(
    sentences: pd.DataFrame,
    analyzer: TermAnalyzer,
    periods: PeriodSpec = None,
    *,
    n_boot: int = 200,
    seed: int = 0,
    top_n: int = 10,
) -> pd.DataFrame:
    """How often each top term stays in the top ``top_n`` when sentences are resampled.

    In: sentences (``doc_id, year, text``, e.g. :func:`analysis_sentences`);
    the analyzer; the grouping; the number of bootstrap samples; the seed of
    ``numpy.random.default_rng``; the size of the top list.

    Each sample draws, within every period, as many sentences as it has, with
    replacement, and recomputes TF-IDF of all periods (scikit-learn's
    ``TfidfTransformer`` on the pooled counts). Out: the top terms of the full
    data, ``period, rank, term, tfidf, bootstrap_share`` (share of samples in
    which the term is in its period's top ``top_n``).
    """
    counts, order, rows, full, full_top = _counts_and_top(sentences, analyzer, periods, top_n)
    hits = np.zeros(len(full_top))
    rng = np.random.default_rng(seed)
    for _ in range(n_boot):
        sample = np.vstack(
            [np.asarray(counts[rng.choice(r, size=len(r), replace=True)].sum(axis=0)) for r in rows]
        )
        tfidf = _tfidf_rows(sparse.csr_matrix(sample))
        tops = {order[p]: set(_top_indices(tfidf[p], top_n)) for p in range(len(order))}
        hits += [j in tops[period] for period, _, _, _, j in full_top]
    return pd.DataFrame(
        [
            {"period": period, "rank": rank, "term": term, "tfidf": w,
             "bootstrap_share": round(h / n_boot, 4) if n_boot else np.nan}
            for (period, rank, term, w, _), h in zip(full_top, hits, strict=True)
        ],
        columns=["period", "rank", "term", "tfidf", "bootstrap_share"],
    )  # fmt: skip


def leave_one_out_top_terms(
    texts: pd.DataFrame,
    analyzer: TermAnalyzer,
    periods: PeriodSpec = None,
    *,
    top_n: int = 10,
) -> pd.DataFrame:
    """How often each top term stays in the top ``top_n`` when one document is left out.

    In: document texts (``doc_id, year, text``, e.g. :func:`analysis_texts`);
    the analyzer; the grouping; the size of the top list. For each period with
    more than one document, each document in turn is removed and TF-IDF of all
    periods recomputed. Out: ``period, rank, term, tfidf, n_documents,
    loo_runs, loo_share`` (``loo_share`` is NaN for a period with one document:
    nothing can be left out).
    """
    counts, order, rows, full, full_top = _counts_and_top(texts, analyzer, periods, top_n)
    hits: Counter = Counter()
    runs: Counter = Counter()
    for p, period in enumerate(order):
        if len(rows[p]) < 2:
            continue
        for left_out in rows[p]:
            reduced = full.copy()
            reduced[p] -= np.asarray(counts[left_out].toarray()).ravel()
            tfidf = _tfidf_rows(sparse.csr_matrix(reduced))
            top = set(_top_indices(tfidf[p], top_n))
            runs[period] += 1
            for _, rank, _, _, j in (t for t in full_top if t[0] == period):
                hits[(period, rank)] += j in top
    n_docs = {order[p]: texts.iloc[r]["doc_id"].nunique() for p, r in enumerate(rows)}
    return pd.DataFrame(
        [
            {"period": period, "rank": rank, "term": term, "tfidf": w,
             "n_documents": n_docs[period], "loo_runs": runs[period],
             "loo_share": round(hits[(period, rank)] / runs[period], 4) if runs[period]
             else np.nan}
            for period, rank, term, w, _ in full_top
        ],
        columns=["period", "rank", "term", "tfidf", "n_documents", "loo_runs", "loo_share"],
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Figures


def _colours() -> list[str]:
    from .figures import PALETTE

    return list(PALETTE)


def _period_panels(
    table: pd.DataFrame, ncols: int, bar: float, margin: float
) -> tuple[Figure, np.ndarray, list, int]:
    """A grid of panels sharing the x axis, one per period of a ``period, rank, ...`` table.

    Each panel is ``bar`` inches per rank of the longest list plus ``margin``.
    Out: the figure, the 2-D array of axes, the periods (in order of first
    appearance) and the longest list's number of ranks.
    """
    periods = list(dict.fromkeys(table["period"]))
    n_rows, n_cols = _grid(len(periods), ncols)
    longest = int(table.groupby("period")["rank"].max().max()) if len(table) else 1
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(4.3 * n_cols, 0.6 + (bar * longest + margin) * n_rows),
        sharex=True, squeeze=False,
    )  # fmt: skip
    return fig, axes, periods, longest


def _grid(n_panels: int, ncols: int) -> tuple[int, int]:
    ncols = max(1, min(ncols, n_panels))
    return math.ceil(n_panels / ncols), ncols


def plot_top_terms(
    top: pd.DataFrame,
    value: str = "tfidf",
    xlabel: str = "TF-IDF weight",
    title: str = "Top terms by TF-IDF, per period",
    ncols: int = 3,
    panel_titles: Mapping[Hashable, str] | None = None,
) -> Figure:
    """Small multiples: one panel per period, horizontal bars, rank 1 at the top.

    In: a table with ``period, rank, term`` and a ``value`` column; the x label,
    the overall title, panels per row, optional panel titles by period. Out:
    the figure (x axis shared, so bars compare across panels).
    """
    fig, axes, periods, longest = _period_panels(top, ncols, bar=0.19, margin=0.7)
    colour = _colours()[0]
    for ax, period in zip(axes.flat, periods, strict=False):
        rows = top[top["period"] == period].sort_values("rank")
        ax.barh(range(len(rows)), rows[value], color=colour, height=0.7)
        ax.set_yticks(range(len(rows)), rows["term"], fontsize=8)
        ax.set_ylim(longest - 0.4, -0.6)
        ax.set_title(panel_titles.get(period, str(period)) if panel_titles else str(period))
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelbottom=True)
        ax.set_xlabel(xlabel)
    for ax in list(axes.flat)[len(periods) :]:
        ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_term_heatmap(
    table: pd.DataFrame, title: str = "Framing terms across periods (TF-IDF; count in brackets)"
) -> Figure:
    """Heatmap of terms (rows, in table order) by period (columns): colour = TF-IDF,
    each cell labelled with the weight and the raw count.

    In: ``term, period, tfidf, count`` (:func:`term_table`). Out: the figure.
    """
    terms = list(dict.fromkeys(table["term"]))
    periods = list(dict.fromkeys(table["period"]))
    weights = table.pivot(index="term", columns="period", values="tfidf").loc[terms, periods]
    counts = table.pivot(index="term", columns="period", values="count").loc[terms, periods]
    fig, ax = plt.subplots(figsize=(1.6 + 1.1 * len(periods), 1.2 + 0.36 * len(terms)))
    image = ax.imshow(weights.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0)
    top = float(np.nanmax(weights.to_numpy(dtype=float))) if len(terms) else 1.0
    for i in range(len(terms)):
        for j in range(len(periods)):
            w, c = weights.iat[i, j], counts.iat[i, j]
            colour = "white" if top and w > 0.6 * top else "black"
            ax.text(j, i, f"{w:.2f} ({c})" if c else "·", ha="center", va="center",
                    fontsize=7.5, color=colour)  # fmt: skip
    ax.set_xticks(range(len(periods)), [str(p) for p in periods])
    ax.set_yticks(range(len(terms)), terms)
    ax.grid(False)
    ax.set_xlabel("Period")
    ax.set_ylabel("Term")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="TF-IDF weight", shrink=0.6)
    fig.tight_layout()
    return fig


def plot_similarity(
    similarity: pd.DataFrame, title: str = "Cosine similarity between periods"
) -> Figure:
    """Heatmap of a period x period similarity table, each cell labelled. Out: the figure."""
    labels = [str(p) for p in similarity.index]
    n = len(labels)
    fig, ax = plt.subplots(figsize=(1.8 + 0.9 * n, 1.4 + 0.8 * n))
    image = ax.imshow(similarity.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            value = similarity.iat[i, j]
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9,
                    color="white" if value > 0.6 else "black")  # fmt: skip
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.grid(False)
    ax.set_xlabel("Period")
    ax.set_ylabel("Period")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="cosine of TF-IDF vectors", shrink=0.8)
    fig.tight_layout()
    return fig


def plot_drift(drift: pd.DataFrame, title: str = "Drift between consecutive periods") -> Figure:
    """Bars of ``1 - cosine`` between consecutive periods. In: :func:`consecutive_drift`."""
    labels = [f"{a}→{b}" for a, b in zip(drift["period_from"], drift["period_to"], strict=True)]
    fig, ax = plt.subplots(figsize=(1.5 + 1.2 * max(len(labels), 1), 3.2))
    ax.bar(range(len(labels)), drift["drift"], color=_colours()[3], width=0.6)
    for x, value in enumerate(drift["drift"]):
        ax.text(x, value + 0.01, f"{value:.2f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("From one period to the next")
    ax.set_ylabel("Drift (1 − cosine)")
    ax.set_title(title)
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig


def plot_keyness(
    table: pd.DataFrame, labels: tuple[str, str], title: str = "Terms that rise and fall"
) -> Figure:
    """Horizontal bars of the log ratio of the given keyness rows, each labelled with
    its counts (A → B) and G2. In: rows of :func:`keyness`; the names of A and B.
    Out: the figure (rising terms at the top, in blue; falling ones in orange)."""
    rows = table.sort_values(["log_ratio", "term"], ascending=[False, True])
    colours = _colours()
    fig, ax = plt.subplots(figsize=(8.5, 0.8 + 0.3 * max(len(rows), 1)))
    y = np.arange(len(rows))
    bar_colours = [colours[0] if d == "rises" else colours[1] for d in rows["direction"]]
    ax.barh(y, rows["log_ratio"], color=bar_colours, height=0.7)
    ax.set_yticks(y, rows["term"])
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=0.8)
    span = float(np.abs(rows["log_ratio"]).max()) if len(rows) else 1.0
    for yi, (lr, ca, cb, g2) in enumerate(
        zip(rows["log_ratio"], rows["count_a"], rows["count_b"], rows["g2"], strict=True)
    ):
        ax.text(lr + (0.04 if lr >= 0 else -0.04) * span, yi, f"{ca}→{cb}, G2 {g2:.1f}",
                va="center", ha="left" if lr >= 0 else "right", fontsize=8)  # fmt: skip
    ax.set_xlim(-1.6 * span, 1.6 * span)
    ax.set_xlabel(f"Log ratio: log2 of relative frequency in {labels[1]} / in {labels[0]}")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return fig


def plot_stability(
    stability: pd.DataFrame,
    title: str = "How often each top term stays in the top 10",
    ncols: int = 3,
) -> Figure:
    """Small multiples: per period, the share of bootstrap samples (bars) and of
    leave-one-document-out runs (diamonds, where a period has several documents)
    in which each of its top terms stays in the top list.

    In: ``period, rank, term, bootstrap_share`` and optionally ``loo_share``.
    Out: the figure.
    """
    fig, axes, periods, longest = _period_panels(stability, ncols, bar=0.22, margin=0.8)
    colours = _colours()
    has_loo = "loo_share" in stability and stability["loo_share"].notna().any()
    for ax, period in zip(axes.flat, periods, strict=False):
        rows = stability[stability["period"] == period].sort_values("rank")
        y = np.arange(len(rows))
        ax.barh(y, rows["bootstrap_share"], color=colours[0], height=0.7, label="bootstrap")
        if has_loo:
            ax.plot(rows["loo_share"], y, "D", color=colours[3], markersize=5,
                    label="leave one document out")  # fmt: skip
        ax.set_yticks(y, rows["term"], fontsize=8)
        ax.set_ylim(longest - 0.4, -0.6)
        ax.set_xlim(0, 1.06)
        ax.set_title(str(period))
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelbottom=True)
        ax.set_xlabel("Share of runs in the top list")
    for ax in list(axes.flat)[len(periods) :]:
        ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    if has_loo:
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2)
    return fig
