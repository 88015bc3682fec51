"""The rules that turn a text into terms: word lists, normalising, words, the analyzer.

Notebook 03 uses these functions, with the modules built on them:
``units.counted_documents`` (the words of the annotation table's units, names masked),
``terms_stats`` (TF-IDF by period, drift, keyness), ``terms_stability``
(bootstrap and leave-one-out checks of the top terms) and ``terms_figures``.
Every function takes plain values or DataFrames and returns new ones: nothing
is printed, saved or changed in place, and importing the module changes no
setting.

- **Word lists** (editable files in ``data/``): :func:`read_stop_words`
  (scikit-learn's English list plus ``data/stopwords_project.txt``),
  :func:`read_name_cues` (``data/name_cues.csv``) and
  :func:`read_word_list` (e.g. ``data/terms_framing.txt``).
- **Terms**: :class:`TermAnalyzer` turns a text into unigrams and bigrams:
  lower case, straight and curly apostrophes alike (a possessive ``'s`` is
  dropped), hyphenated words kept whole, a hyphenated word and its unhyphenated
  spelling counted as one term (:func:`hyphen_variants`), numbers dropped, stop
  words removed. A bigram never jumps over a removed word or a punctuation mark.
  :func:`make_analyzer` builds one for a corpus; it is passed to scikit-learn's
  ``TfidfVectorizer`` as its ``analyzer``.
- **Words**: :func:`normalise_text` (quotes and dashes as in ``helpers.base.text``,
  case kept), :func:`text_words` (each word with its place and the gap before
  it), :func:`lowercase_words` (the words a corpus writes in lower case).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
)

from helpers.base.checks import require_columns
from helpers.base.parallel import (
    CHARS_FROM,
    map_items,
    worker_count,
)
from helpers.base.paths import DATA_DIR
from helpers.base.text import DASHES, DROP, QUOTES
from helpers.rules.patterns import WORD_FORM, cue_words

__all__ = [
    "FRAMING_TERMS_FILE",
    "NAME_CUES_FILE",
    "NAME_CUE_COLUMNS",
    "NAME_CUE_KINDS",
    "NameCues",
    "POSSESSIVE",
    "SPEECH_VERBS_FILE",
    "STOP_WORDS_FILE",
    "TermAnalyzer",
    "WORD",
    "Word",
    "has_digit",
    "hyphen_counts",
    "hyphen_variants",
    "lowercase_words",
    "make_analyzer",
    "name_cues_from_table",
    "normalise_text",
    "read_name_cues",
    "read_speech_verbs",
    "read_stop_words",
    "read_word_list",
    "speech_verb_rows",
    "text_words",
    "variants_from_counts",
]

STOP_WORDS_FILE: Path = DATA_DIR / "stopwords_project.txt"
NAME_CUES_FILE: Path = DATA_DIR / "name_cues.csv"
# The one list of speech and attribution verbs, read by the speaker finder
# (``voice.read_voice_rules``) and by the finder of names (:func:`read_name_cues`).
SPEECH_VERBS_FILE: Path = DATA_DIR / "speech_verbs.csv"
NAME_CUE_COLUMNS: tuple[str, ...] = ("kind", "cue", "match", "rationale")
# The kinds of name cue, one for each field of ``NameCues`` (data/README.md says how each reads).
NAME_CUE_KINDS: tuple[str, ...] = ("honorific", "role", "speech_verb", "organisation_word")
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
    """The cues that reveal a person's name (see ``data/name_cues.csv``).

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


def name_cues_from_table(table: pd.DataFrame) -> NameCues:
    """Build :class:`NameCues` from a table of name cues.

    In: a DataFrame with columns ``kind, cue, match, rationale`` (the cue file
    as read, or an edited copy); a row whose ``kind`` starts with '#' is left
    out. ``kind`` is one of :data:`NAME_CUE_KINDS`; ``match`` must be
    ``phrase`` (``helpers.rules.patterns.cue_words``). Out: the cues, read with
    each kind's case rule: an honorific keeps its case (a final full stop is
    dropped), a role keeps it (a capital in the cue must be a capital in the
    text), a speech verb and an organisation word are made lower case.
    Raises ``ValueError`` naming the row (counted as in the file, the header
    being row 1), the kind and the cue, for a missing column, an unknown kind,
    a match other than ``phrase``, a cue that is not made of words, an
    honorific or organisation word of more than one word, or a missing rationale.
    """
    require_columns(table, NAME_CUE_COLUMNS, "name_cues_from_table")
    table = table[list(NAME_CUE_COLUMNS)].fillna("").astype(str).reset_index(drop=True)
    kinds: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in NAME_CUE_KINDS}
    for number, row in enumerate(table.itertuples(index=False), start=2):
        kind, cue, match = row.kind.strip().lower(), row.cue.strip(), row.match.strip().lower()
        if kind.startswith("#"):
            continue
        where = f"row {number} ({kind!r}, {cue!r})"
        if kind not in kinds:
            raise ValueError(f"{where}: unknown kind; the kinds are {list(NAME_CUE_KINDS)}")
        try:
            words = cue_words(cue.rstrip(".") if kind == "honorific" else cue, match)
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        if len(words) > 1 and kind in ("honorific", "organisation_word"):
            raise ValueError(f"{where}: an {kind.replace('_', ' ')} is one word")
        if not row.rationale.strip():
            raise ValueError(f"{where}: every cue needs a rationale")
        kinds[kind].append(words)
    by_length = lambda cues: tuple(sorted(cues, key=lambda c: (-len(c), c)))  # noqa: E731
    return NameCues(
        honorifics=frozenset(words[0] for words in kinds["honorific"]),
        roles=by_length(kinds["role"]),
        speech_verbs=by_length(tuple(w.lower() for w in words) for words in kinds["speech_verb"]),
        organisation_words=frozenset(words[0].lower() for words in kinds["organisation_word"]),
    )


def read_name_cues(path: Path | str | None = None) -> NameCues:
    """Read the name cue file (CSV: ``kind, cue, match, rationale``).

    In: the file (default ``data/name_cues.csv``). A file without
    ``speech_verb`` rows takes the project's one list of speech verbs,
    ``data/speech_verbs.csv`` (:func:`speech_verb_rows`), which the speaker
    finder (``helpers.reading.voice``) reads too. Out: a :class:`NameCues` (see
    :func:`name_cues_from_table`). Raises ``ValueError`` naming the file, the
    row and the cue for a bad row.
    """
    path = Path(path) if path is not None else NAME_CUES_FILE
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "kind" in table and not table["kind"].str.strip().eq("speech_verb").any():
        table = pd.concat([table, speech_verb_rows()], ignore_index=True)
    try:
        return name_cues_from_table(table)
    except ValueError as error:
        raise ValueError(f"{path.name}: {error}") from None


def read_speech_verbs(path: Path | str = SPEECH_VERBS_FILE) -> pd.DataFrame:
    """Read the one list of speech and attribution verbs.

    In: the CSV (``verb, rationale``; default ``data/speech_verbs.csv``). Out:
    the table, in file order, rows whose ``verb`` starts with '#' left out.
    Raises ValueError naming the file and the row for a missing column, an
    empty verb or a missing rationale.
    """
    path = Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("verb", "rationale") if c not in table.columns]
    if missing:
        raise ValueError(f"{path.name}: no column {missing[0]!r}; it needs verb, rationale")
    table = table[~table["verb"].str.startswith("#")].reset_index(drop=True)
    for number, row in enumerate(table.itertuples(index=False), start=2):
        if not row.verb.strip() or not row.rationale.strip():
            where = f"{path.name}: row {number} ({row.verb!r})"
            raise ValueError(f"{where} needs a verb and a rationale")
    return table[["verb", "rationale"]]


def speech_verb_rows(path: Path | str | None = None) -> pd.DataFrame:
    """The one list of speech verbs (:func:`read_speech_verbs`) as ``speech_verb`` name cues.

    In: the speech-verb file (default ``data/speech_verbs.csv``). Out: rows
    ``kind, cue, match, rationale`` to add to the name cue table, so that the
    speaker finder and the name finder read the same verbs.
    """
    verbs = read_speech_verbs(path) if path is not None else read_speech_verbs()
    return pd.DataFrame(
        {"kind": "speech_verb", "cue": verbs["verb"], "match": "phrase",
         "rationale": verbs["rationale"]}
    )  # fmt: skip


# ---------------------------------------------------------------------------
# From text to terms


def normalise_text(text: str) -> str:
    """Make quotes and apostrophes straight and dashes plain ``-``, as ``helpers.base.text`` does.

    In: any text. Out: the same text, same length or shorter (soft hyphens and
    zero-width characters go). Case and spacing are kept: names are found on
    this text before it is lower-cased.
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
    return variants_from_counts(hyphen_counts(texts, workers))


def hyphen_counts(texts: Iterable[str], workers: int | None = None) -> Counter[str]:
    """How often each hyphenated lower-case spelling (no digit) occurs in ``texts``.

    The counts of parts of a corpus add up to the corpus's; ``variants_from_counts``
    turns them into :func:`hyphen_variants`'s mapping. ``workers``: as there.
    """
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
        """Return ``(term, problem)`` for a phrase of a word list such as "law enforcement".

        ``term`` is the phrase in term form, or None when it cannot be a term;
        ``problem`` then says why (a stop word or number in it, too many words).
        """
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
