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

All the words are in one data file, ``data/framing_cues.csv`` (columns
``list, cue, match, rationale``): edit a row, re-run, and the frames change.
``match`` is ``phrase`` (a literal phrase; a hyphen in it also matches a space
or nothing) or ``regex`` (a Python regular expression, for inflections).
Every cue is matched on normalised text (case-folded, curly quotes and
apostrophes made straight, dashes made hyphens, white space collapsed) and at
word boundaries. The lists:

- ``trafficking``, ``smuggling``: mentions of each crime;
- ``not_trafficking``, ``not_smuggling``: trafficking or smuggling of goods
  (drugs, arms, "illicit trafficking"): a mention inside such a match is dropped;
- ``name_head``, ``title_head``, ``name_link``: how names are found (below);
- ``distinction``: contrast words; ``element_trafficking``,
  ``element_smuggling``: the Palermo elements of each crime;
- ``nexus``: link and blur words; ``umbrella``: umbrella labels;
- ``security``, ``rights``: the vocabularies of the second axis.

**Names** are found by structure, not by listing them: a run of Title-Cased
words around a head from ``name_head`` or ``title_head`` ("OSCE Anti-Trafficking
Action Plan", "Office of the Special Representative and Co-ordinator for
Combating Trafficking in Human Beings"), with the lower-case ``name_link``
words allowed inside it and a comma only inside the part after a preposition
("Protocol to Prevent, Suppress and Punish ..."); a ``title_head`` may also
take a lower-case crime complement ("Special Rapporteur on trafficking in
persons"); and any quoted text whose words are Title-Cased is a title
(“Moving Forward in Addressing ...”). Cue words inside a name do not count,
except umbrella labels, so "Security" in "Organization for Security and
Co-operation in Europe" is not security vocabulary.

**Precedence** (``PRECEDENCE``), first rule that applies wins:

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
write anything except ``read_cues``, which reads the cue file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from .concordance import context_window
from .paths import DATA_DIR

CUES_FILE: Path = DATA_DIR / "framing_cues.csv"

FRAMES: tuple[str, ...] = (
    "distinction",
    "nexus",
    "umbrella",
    "paired",
    "trafficking",
    "smuggling",
    "institutional",
)
PRECEDENCE: tuple[str, ...] = FRAMES
NONE_LABEL = "none"

CUE_LISTS: tuple[str, ...] = (
    "trafficking",
    "smuggling",
    "not_trafficking",
    "not_smuggling",
    "name_head",
    "title_head",
    "name_link",
    "distinction",
    "element_trafficking",
    "element_smuggling",
    "nexus",
    "umbrella",
    "security",
    "rights",
)
CUE_COLUMNS: tuple[str, ...] = ("list", "cue", "match", "rationale")
MATCH_KINDS: tuple[str, ...] = ("phrase", "regex")

# Link words that are not prepositions: they may join two capitalised words of
# a name, but do not open the part after the head where commas are allowed.
_JOINERS = frozenset({"and", "&", "or", "the", "a", "an"})

_QUOTES = dict.fromkeys("“”„‟«»″〝〞＂", '"') | dict.fromkeys("‘’‚‛′`´＇", "'")
_DASHES = dict.fromkeys("‐‑‒–—―−﹘﹣－", "-")
_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_TOKEN = re.compile(r"[^\W_](?:[\w'’‐‑\-]*[^\W_])?|&")
_QUOTED = re.compile(r"“([^“”]{3,400})”|\"([^\"]{3,400})\"|«([^«»]{3,400})»")
_SPACE_ONLY = re.compile(r"\s+")
_COMMA_GAP = re.compile(r",\s+")


# --------------------------------------------------------------------------- cues


@dataclass(frozen=True)
class Cue:
    """One cue: its list, text, kind of match, rationale and compiled pattern."""

    list: str
    cue: str
    match: str
    rationale: str
    pattern: re.Pattern[str] = field(repr=False, compare=False)


@dataclass(frozen=True, eq=False)
class Cues:
    """The cue table and its compiled patterns.

    ``table``: the cue file as a DataFrame (``list, cue, match, rationale``);
    ``lists``: list name -> tuple of ``Cue``; ``heads`` and ``title_heads``:
    the name heads as tuples of normalised words; ``links``: the name link words.
    Build it with ``read_cues`` (from a file) or ``cues_from_table`` (from an
    edited DataFrame).
    """

    table: pd.DataFrame
    lists: Mapping[str, tuple[Cue, ...]]
    heads: tuple[tuple[str, ...], ...]
    title_heads: tuple[tuple[str, ...], ...]
    links: frozenset[str]


def normalise(text: str) -> str:
    """Normalise text for matching: case-folded, quotes straight, dashes '-', spaces collapsed.

    In: any string. Out: the normalised string (see ``_normalise_map`` for the
    positions).
    """
    return _normalise_map(text)[0]


def _normalise_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and map each output character to its input position."""
    out: list[str] = []
    where: list[int] = []
    previous_space = True
    for index, char in enumerate(str(text)):
        if char in _DROP:
            continue
        if char.isspace():
            if previous_space:
                continue
            out.append(" ")
            where.append(index)
            previous_space = True
            continue
        previous_space = False
        char = _QUOTES.get(char) or _DASHES.get(char) or char
        for folded in unicodedata.normalize("NFC", char).casefold():
            out.append(folded)
            where.append(index)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def _compile(cue: str, match: str) -> re.Pattern[str]:
    """Compile a cue into a pattern that matches at word boundaries on normalised text."""
    if match == "phrase":
        words = normalise(cue).split(" ")
        parts = []
        for word in words:
            pieces = [re.escape(piece) for piece in word.split("-")]
            parts.append("(?:-|\\s)?".join(pieces))
        body = r"\s+".join(parts)
    else:
        body = cue
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


# Public names for reuse by other modules (helpers.themes matches its codebook
# exactly as the cues are matched here): ``normalise_map(text)`` returns the
# normalised text and the input position of each of its characters;
# ``compile_cue(cue, match)`` compiles a ``phrase`` or ``regex`` cue at word
# boundaries, for matching on normalised text.
normalise_map = _normalise_map
compile_cue = _compile


def cues_from_table(table: pd.DataFrame) -> Cues:
    """Build ``Cues`` from a cue table (columns ``list, cue, match, rationale``).

    In: a DataFrame, e.g. the cue file read with pandas and edited in a
    notebook. Out: ``Cues``. Raises ``ValueError`` naming the row for a
    missing column, an unknown list or match kind, an empty cue or a regular
    expression that does not compile.
    """
    missing = [column for column in CUE_COLUMNS if column not in table.columns]
    if missing:
        raise ValueError(f"cue table lacks column(s) {missing}; it needs {list(CUE_COLUMNS)}")
    table = table[list(CUE_COLUMNS)].fillna("").astype(str).reset_index(drop=True)
    lists: dict[str, list[Cue]] = {name: [] for name in CUE_LISTS}
    for number, row in enumerate(table.itertuples(index=False), start=2):
        where = f"cue row {number} ({row.list!r}, {row.cue!r})"
        name, cue, match = row.list.strip(), row.cue.strip(), row.match.strip().lower()
        if name not in lists:
            raise ValueError(f"{where}: unknown list; the lists are {list(CUE_LISTS)}")
        if not cue:
            raise ValueError(f"{where}: empty cue")
        if match not in MATCH_KINDS:
            raise ValueError(f"{where}: match must be one of {list(MATCH_KINDS)}")
        try:
            pattern = _compile(cue, match)
        except re.error as error:
            raise ValueError(f"{where}: regular expression does not compile: {error}") from None
        lists[name].append(Cue(name, cue, match, row.rationale.strip(), pattern))
    heads = tuple(tuple(normalise(c.cue).split(" ")) for c in lists["name_head"])
    title_heads = tuple(tuple(normalise(c.cue).split(" ")) for c in lists["title_head"])
    return Cues(
        table=table,
        lists=MappingProxyType({name: tuple(items) for name, items in lists.items()}),
        heads=tuple(sorted(set(heads + title_heads), key=len, reverse=True)),
        title_heads=title_heads,
        links=frozenset(normalise(c.cue) for c in lists["name_link"]),
    )


def read_cues(path: Path | str = CUES_FILE) -> Cues:
    """Read the cue file (CSV: ``list, cue, match, rationale``; '#' lines are comments).

    In: the path (default ``data/framing_cues.csv``). Out: ``Cues``; its
    ``table`` attribute is the file as a DataFrame.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table = table[~table["list"].str.startswith("#")] if "list" in table else table
    return cues_from_table(table)


def _as_cues(cues: Cues | pd.DataFrame) -> Cues:
    return cues if isinstance(cues, Cues) else cues_from_table(cues)


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


def _find(cues: Cues, name: str, norm: str, where: list[int], text: str) -> list[Span]:
    spans = []
    for cue in cues.lists[name]:
        for hit in cue.pattern.finditer(norm):
            if hit.end() <= hit.start():
                continue
            start, end = where[hit.start()], where[hit.end() - 1] + 1
            spans.append(Span(name, cue.cue, start, end, text[start:end]))
    return spans


def _maximal(spans: list[Span]) -> list[Span]:
    """Drop spans contained in a longer span of the same list; sort by position."""
    keep = []
    for span in spans:
        inside = any(
            other is not span
            and other.start <= span.start
            and span.end <= other.end
            and (other.end - other.start) > (span.end - span.start)
            for other in spans
        )
        duplicate = any((other.start, other.end) == (span.start, span.end) for other in keep)
        if not inside and not duplicate:
            keep.append(span)
    return sorted(keep, key=lambda s: (s.start, s.end))


def _within(span: Span, blocks: Iterable[Span]) -> bool:
    """Whether ``span`` lies inside one of ``blocks``."""
    return any(block.start <= span.start and span.end <= block.end for block in blocks)


def _inside(span: Span, names: Sequence[tuple[int, int]]) -> bool:
    return any(start <= span.start < end for start, end in names)


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _is_head(norms: list[str], i: int, head: tuple[str, ...]) -> bool:
    """Whether the words from ``i`` are ``head``, its last word possibly plural."""
    words = norms[i : i + len(head)]
    if len(words) < len(head) or tuple(words[:-1]) != head[:-1]:
        return False
    return words[-1] in (head[-1], head[-1] + "s", head[-1] + "es")


def _find_names(text: str, cues: Cues, crimes: list[Span]) -> list[tuple[int, int]]:
    """Find the names in ``text`` (see the module docstring). Out: (start, end) pairs."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    norms = [normalise(token) for _, _, token in tokens]
    count = len(tokens)

    def gap(i: int) -> str:  # the text between token i and token i + 1
        return text[tokens[i][1] : tokens[i + 1][0]]

    def spaced(i: int) -> bool:
        return bool(_SPACE_ONLY.fullmatch(gap(i)))

    names: list[tuple[int, int]] = []
    i = 0
    while i < count:
        head = next(
            (h for h in cues.heads if _is_head(norms, i, h) and _is_capitalised(tokens[i][2])
             and all(spaced(k) for k in range(i, i + len(h) - 1))),
            None,
        )  # fmt: skip
        if head is None:
            i += 1
            continue
        first, last = i, i + len(head) - 1
        # Left: capitalised words, or 'and'/'&' between capitalised words.
        while first > 0 and spaced(first - 1):
            if _is_capitalised(tokens[first - 1][2]):
                first -= 1
            elif (
                norms[first - 1] in ("and", "&")
                and first > 1
                and spaced(first - 2)
                and _is_capitalised(tokens[first - 2][2])
            ):
                first -= 2
            else:
                break
        # Right: only a part opened by a preposition ("Plan to Combat ...",
        # "Office of the ..."): in it, capitalised words, link words followed
        # by a capitalised word, and a comma followed by a capitalised word.
        # A capitalised word right after the head does not join, so a
        # Title-Cased headline ("OSCE Conference Calls for ...") is not a name.
        after_preposition = False
        j = last + 1
        while j < count:
            if after_preposition and spaced(j - 1) and _is_capitalised(tokens[j][2]):
                last, j = j, j + 1
                continue
            if spaced(j - 1) and norms[j] in cues.links:
                k = j
                while k < count and norms[k] in cues.links and spaced(k - 1):
                    k += 1
                opens = any(norms[m] not in _JOINERS for m in range(j, k))
                if (
                    k < count
                    and spaced(k - 1)
                    and _is_capitalised(tokens[k][2])
                    and (opens or after_preposition)
                ):
                    after_preposition = True
                    last, j = k, k + 1
                    continue
                break
            if (
                after_preposition
                and _COMMA_GAP.fullmatch(gap(j - 1))
                and _is_capitalised(tokens[j][2])
            ):
                last, j = j, j + 1
                continue
            break
        while first < last and norms[first] in cues.links:
            first += 1
        start, end = tokens[first][0], tokens[last][1]
        if any(_is_head(norms, m, t) for t in cues.title_heads for m in range(first, last + 1)):
            end = _title_complement(text, end, crimes)
        names.append((start, end))
        i = max(i + len(head), last + 1)
    names += _quoted_titles(text, cues)
    return _merge(names)


_COMPLEMENT = re.compile(
    r"\s*(?:on|for)\s+(?:(?:combating|combatting|countering|fighting|preventing)\s+)?", re.I
)
_COMPLEMENT_JOIN = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+", re.I)
_COMPLEMENT_TAIL = re.compile(r"\s+(?:issues|matters|questions)\b", re.I)


def _title_complement(text: str, end: int, crimes: list[Span]) -> int:
    """Extend an office-holder title over a lower-case crime complement ('on human trafficking')."""
    opener = _COMPLEMENT.match(text, end)
    if not opener:
        return end
    position, extended = opener.end(), end
    while True:
        crime = next((c for c in crimes if c.start == position), None)
        if crime is None:
            break
        extended = crime.end
        join = _COMPLEMENT_JOIN.match(text, extended)
        if not join:
            break
        position = join.end()
    if extended > end:
        tail = _COMPLEMENT_TAIL.match(text, extended)
        if tail:
            extended = tail.end()
    return extended


def _quoted_titles(text: str, cues: Cues) -> list[tuple[int, int]]:
    """Quoted spans whose content words are (nearly) all capitalised: titles."""
    found = []
    for quote in _QUOTED.finditer(text):
        inner = next(group for group in quote.groups() if group is not None)
        words = [w for w in _TOKEN.findall(inner) if not w[0].isdigit()]
        content = [w for w in words if normalise(w) not in cues.links]
        if len(content) < 2 or not _is_capitalised(words[0]):
            continue
        if sum(_is_capitalised(w) for w in content) >= 0.8 * len(content):
            found.append((quote.start(), quote.end()))
    return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_FRAME_LISTS = ("distinction", "nexus", "element_trafficking", "element_smuggling")


def analyse(text: str, cues: Cues | pd.DataFrame) -> Analysis:
    """Find every cue in one sentence.

    In: the sentence text and the cues. Out: an ``Analysis`` with the names,
    the cue spans outside names (umbrella labels also inside names) and the
    crime mentions inside names. Mentions of trafficking or smuggling of goods
    (``not_trafficking``, ``not_smuggling``) are dropped.
    """
    cues = _as_cues(cues)
    text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    norm, where = _normalise_map(text)
    crimes = {}
    for crime in ("trafficking", "smuggling"):
        goods = _find(cues, f"not_{crime}", norm, where, text)
        crimes[crime] = [
            span for span in _find(cues, crime, norm, where, text) if not _within(span, goods)
        ]
    names = _find_names(text, cues, crimes["trafficking"] + crimes["smuggling"])
    spans: list[Span] = []
    in_names: dict[str, list[Span]] = {}
    for crime, found in crimes.items():
        found = _maximal(found)
        spans += [span for span in found if not _inside(span, names)]
        in_names[crime] = [span for span in found if _inside(span, names)]
    framing = [
        span
        for name in _FRAME_LISTS
        for span in _find(cues, name, norm, where, text)
        if not _inside(span, names)
    ]
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
        spans += _maximal([span for span in framing if span.list == name])
    spans += _maximal(_find(cues, "umbrella", norm, where, text))
    for name in ("security", "rights"):
        spans += _maximal(
            [s for s in _find(cues, name, norm, where, text) if not _inside(s, names)]
        )
    return Analysis(
        text=text,
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
    return decide(analyse(text, cues))


# --------------------------------------------------------------------------- tables

FRAMED_COLUMNS: tuple[str, ...] = (
    "doc_id", "year", "sent_id", "para_id", "part", "sentence", "frame", "cues",
    "mentions_trafficking", "mentions_smuggling", "security_cues", "rights_cues",
)  # fmt: skip


def frame_sentences(
    sentences: pd.DataFrame, documents: pd.DataFrame, cues: Cues | pd.DataFrame
) -> pd.DataFrame:
    """Frame every sentence of a corpus and keep those that get a frame.

    In: ``sentences`` (``doc_id, sent_id, text``, optionally ``para_id, part``,
    as in ``load_corpus().sentences``), ``documents`` (``doc_id, year``) and
    the cues. Out: one row per framed sentence, sorted by year, doc_id and
    sent_id, with columns ``FRAMED_COLUMNS``: ``cues``, ``security_cues`` and
    ``rights_cues`` are '; '-joined matched words; ``mentions_trafficking`` and
    ``mentions_smuggling`` say whether the crime is named outside names.
    """
    cues = _as_cues(cues)
    years = documents.drop_duplicates("doc_id").set_index("doc_id")["year"]
    rows = []
    for row in sentences.itertuples(index=False):
        analysis = analyse(row.text, cues)
        frame, words = decide(analysis)
        if frame is None:
            continue
        rows.append(
            {
                "doc_id": row.doc_id,
                "year": years.get(row.doc_id, pd.NA),
                "sent_id": row.sent_id,
                "para_id": getattr(row, "para_id", pd.NA),
                "part": getattr(row, "part", ""),
                "sentence": row.text,
                "frame": frame,
                "cues": "; ".join(words),
                "mentions_trafficking": bool(analysis.of("trafficking")),
                "mentions_smuggling": bool(analysis.of("smuggling")),
                "security_cues": "; ".join(_unique(s.text for s in analysis.of("security"))),
                "rights_cues": "; ".join(_unique(s.text for s in analysis.of("rights"))),
            }
        )
    framed = pd.DataFrame(rows, columns=list(FRAMED_COLUMNS))
    if framed.empty:
        return framed.astype({"mentions_trafficking": bool, "mentions_smuggling": bool})
    framed["year"] = framed["year"].astype("Int64")
    return framed.sort_values(["year", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def frame_counts(
    framed: pd.DataFrame, years: Iterable[int] | None = None, shares: bool = True
) -> pd.DataFrame:
    """Count frames per year.

    In: the output of ``frame_sentences``; ``years``, the years to show (default:
    the years present; a year with no framed sentence gets a row of zeros);
    ``shares``, whether to add the shares. Out: one row per year (index
    ``year``), one count column per frame in ``FRAMES`` order (zeros kept),
    ``total``, and, with ``shares``, ``share_<frame>`` columns (count / total;
    NaN for a year with no framed sentence).
    """
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

    In: the output of ``frame_sentences``; ``n_boot`` resamples; ``seed`` for
    ``numpy.random.default_rng``; ``level``, the interval's coverage. Sentences
    are resampled with replacement within each year (years in ascending order,
    one generator), so the result is the same on every run. Out: one row per
    year and frame (``FRAMES`` order): ``year, frame, n, n_year, share,
    ci_low, ci_high`` (percentile interval; 0 <= ci_low <= share <= ci_high <= 1
    up to resampling noise).
    """
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


def security_rights(
    table: pd.DataFrame,
    cues: Cues | pd.DataFrame,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The second axis: security versus human-rights vocabulary, per crime and year.

    In: ``table``, either the output of ``frame_sentences`` or a sentences table
    (``doc_id, sent_id, text``) with ``documents`` (``doc_id, year``) to frame
    it; the cues. Names are masked first, so "Security" in "Organization for
    Security and Co-operation in Europe" does not count. Out: one row per crime
    (``trafficking``, ``smuggling``) and year, over the sentences naming that
    crime outside names (so institutional-only mentions are out; a sentence
    naming both counts for both): ``crime, year, n, n_security, n_rights,
    n_both, share_security, share_rights``; every crime has a row for every
    year of ``table`` (n = 0 and NaN shares where no sentence names it).
    """
    cues = _as_cues(cues)
    if "frame" not in table.columns:
        if documents is None:
            raise ValueError("a sentences table needs `documents` (doc_id, year) to be framed")
        table = frame_sentences(table, documents, cues)
    rows = []
    for row in table.itertuples(index=False):
        analysis = analyse(row.sentence, cues)
        security, rights = bool(analysis.of("security")), bool(analysis.of("rights"))
        for crime in ("trafficking", "smuggling"):
            if analysis.of(crime):
                rows.append(
                    {"crime": crime, "year": row.year, "security": security, "rights": rights}
                )
    long = pd.DataFrame(rows, columns=["crime", "year", "security", "rights"])
    long["both"] = long["security"] & long["rights"]
    out = (
        long.groupby(["crime", "year"], sort=True)
        .agg(
            n=("security", "size"),
            n_security=("security", "sum"),
            n_rights=("rights", "sum"),
            n_both=("both", "sum"),
        )
        .reset_index()
    )
    years = sorted(int(year) for year in table["year"].dropna().unique())
    full = pd.MultiIndex.from_product(
        [["trafficking", "smuggling"], years], names=["crime", "year"]
    )
    out["year"] = out["year"].astype("int64")
    out = out.set_index(["crime", "year"]).reindex(full, fill_value=0).reset_index()
    for column in ("n", "n_security", "n_rights", "n_both"):
        out[column] = out[column].astype("int64")
    n = out["n"].where(out["n"] > 0)
    out["share_security"] = out["n_security"] / n
    out["share_rights"] = out["n_rights"] / n
    return out


def _keyword_span(sentence: str, cue_words: str) -> tuple[int, int]:
    """Where the first deciding cue word sits in the sentence (case-insensitive)."""
    folded = sentence.casefold()
    for word in filter(None, (w.strip() for w in str(cue_words).split(";"))):
        at = sentence.find(word)
        if at < 0:
            at = folded.find(word.casefold())
        if at >= 0:
            return at, at + len(word)
    return 0, 0


def kwic_quotes(
    framed: pd.DataFrame,
    frames: Sequence[str] = ("distinction", "nexus", "umbrella"),
    width: int = 8,
) -> pd.DataFrame:
    """Keyword-in-context quotations for a report.

    In: the output of ``frame_sentences``; the frames to quote; ``width``, the
    number of words shown on each side. Out: one row per sentence with one of
    those frames, sorted by year, doc_id and sent_id: ``year, doc_id, sent_id,
    frame, left, keyword, right, sentence``; the keyword is the first cue word
    that decided the frame; a left or right side cut short starts or ends with '…'.
    """
    chosen = framed[framed["frame"].isin(list(frames))]
    rows = []
    for row in chosen.itertuples(index=False):
        start, end = _keyword_span(row.sentence, row.cues)
        left, right = context_window(row.sentence, start, end, width)
        rows.append(
            {
                "year": row.year,
                "doc_id": row.doc_id,
                "sent_id": row.sent_id,
                "frame": row.frame,
                "left": left,
                "keyword": row.sentence[start:end],
                "right": right,
                "sentence": row.sentence,
            }
        )
    columns = ["year", "doc_id", "sent_id", "frame", "left", "keyword", "right", "sentence"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["year", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def label_predictions(labelled: pd.DataFrame, cues: Cues | pd.DataFrame) -> pd.DataFrame:
    """Frame each labelled sentence and put the prediction beside the label.

    In: a table with ``sentence`` and ``frame`` (a frame or 'none'). Out: the
    same table with ``predicted`` (a frame or 'none'), ``predicted_cues`` and
    ``correct`` added: the rows to read when checking disagreements.
    """
    cues = _as_cues(cues)
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
