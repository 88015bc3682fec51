"""One reading of every sentence: the annotation table every notebook derives from.

:func:`build_units` reads a corpus once: one row per unit (``UNIT_COLUMNS``, described in
``COLUMN_DOCS``). A unit is a sentence (a page's title is sentence 0), or one of the two
clauses of a sentence split at a contrast word that draws the legal line, each about its
crime; a clause with a Palermo element but no crime word stands for the other crime. The
rules: framing cues for ``frame``, ``cues``, ``crime``, ``in_name`` and the vocabularies
(names masked, refugee words apart, negated and distinction-defining words dropped), the
sense rules, the theme codebook, the voice rules and the one name finder.
``helpers.reading.views`` and ``helpers.reading.counted`` derive the notebooks' tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.parallel import map_distinct
from helpers.base.text import as_text
from helpers.corpus.labels import document_labels
from helpers.reading.framing import CRIMES, Analysis, Reading, Span, decide
from helpers.reading.themes import Codebook, as_codebook, read_codebook, theme_matrix
from helpers.reading.voice import VoiceRules, read_voice_rules, sentence_voices
from helpers.rules.cues import VOCABULARIES, Cues, as_cues, read_cues
from helpers.rules.engine import among
from helpers.rules.name_cues import NameCues
from helpers.rules.people import find_people
from helpers.rules.senses import SenseRule, read_senses

__all__ = [
    "COLUMN_DOCS", "CRIME_VALUES", "NEGATION_WINDOW", "UNIT_COLUMNS", "Clause", "build_units",
    "clauses", "join_words", "read_sentence",
]  # fmt: skip

UNIT_COLUMNS: tuple[str, ...] = (
    "doc_id", "document", "year", "sent_id", "unit_id", "part", "text", "crime", "frame",
    "cues", "in_name", "senses", "security", "rights", "themes", "voice", "speaker", "names",
    "people",
)  # fmt: skip
CRIME_VALUES: tuple[str, ...] = ("trafficking", "smuggling", "both", "none")
NEGATION_WINDOW = 3  # words allowed between a negation cue and the word it negates
OTHER = {"trafficking": "smuggling", "smuggling": "trafficking"}

COLUMN_DOCS: dict[str, str] = {
    "doc_id": "The document's id (a hash of its file), the key to `documents.csv`.",
    "document": "The document as a reader names it: year and place (`2008 Vienna`).",
    "year": "The document's year of publication.",
    "sent_id": "The sentence's number in its document; 0 is the page's title.",
    "unit_id": "The unit: `doc_id#s<sent_id>` for a whole sentence, `doc_id#s<sent_id>.1` "
    "and `.2` for the two clauses of a sentence split at a contrast word.",
    "part": "`title` (the page's title) or `body`.",
    "text": "The unit's text as written: the sentence, or the clause.",
    "crime": "The crime the unit is about: `trafficking`, `smuggling`, `both` (a sentence "
    "naming both that is not split), or `none`. Names of offices and titles do not count; "
    "a clause holding a Palermo element but no crime word takes the crime the other "
    "clause does not name.",
    "frame": "The sentence's frame (`distinction`, `nexus`, `umbrella`, `paired`, "
    "`trafficking`, `smuggling`, `institutional`), empty when it has none; both clauses "
    "of a split sentence carry the sentence's frame.",
    "cues": "The words that decided the frame, `; `-joined (for `institutional`: the "
    "names holding the mention).",
    "in_name": "Crime words found only inside names of offices, plans, events or titles "
    "(`Trafficking in Human Beings` in an office's title), `; `-joined: not mentions.",
    "senses": "Word-sense decisions taken in the unit, `word=sense`, `; `-joined: "
    "`refugee` (refugee-regime word, not rights), `goods` (trafficking or smuggling of "
    "goods), `negated-security`/`negated-rights` (after without, not, no, never), "
    "`defining-security`/`defining-rights` (inside a Palermo element, so not counted), "
    "`address-speech`, `nexus-asylum`.",
    "security": "The security words that count in the unit, `; `-joined.",
    "rights": "The human-rights words that count in the unit, `; `-joined.",
    "themes": "The themes of `data/themes.csv` present in the unit, `;`-joined in codebook order.",
    "voice": "`own` (the organisation's narration), `quoted` (inside quotation marks) or "
    "`reported` (a speech or attribution verb outside quotation marks).",
    "speaker": "Who speaks, as the page names them with their role; empty for the "
    "organisation's own voice or where the page names nobody.",
    "names": "Every name in the unit, `; `-joined in order, as written: names of offices, "
    "units, plans, events, treaties and titles, and people's names (the column `people`). "
    "Notebook 03 counts no word inside them (`counted_units`).",
    "people": "The people's names among `names`: found by the name finder "
    "(`helpers.rules.name_finder`: after an honorific, closing a role's title, next to a speech "
    "verb, before a comma and a role), the person of each of the document's speakers, and "
    "every other mention of their surnames in the document ('Mr Lubbers').",
}


# --------------------------------------------------------------------------- one sentence


@dataclass(frozen=True)
class Clause:
    """A unit of a sentence: its place and columns (``frame``, ``cues``: its sentence's)."""

    start: int
    end: int
    crime: str
    frame: str
    cues: str
    in_name: str
    senses: str
    security: str
    rights: str
    names: tuple[tuple[int, int], ...] = ()


# The columns a unit takes from its ``Clause`` as they are.
_CLAUSE_COLUMNS = ("crime", "frame", "cues", "in_name", "senses", "security", "rights")


def join_words(words: Sequence[str]) -> str:
    """The words, ``; ``-joined, each once, in order."""
    return "; ".join(dict.fromkeys(words))


def clauses(analysis: Analysis) -> list[tuple[str, int, int]] | None:
    """In: an ``Analysis``. Out: two ``(crime, start, end)`` clauses split at the first
    ``distinction`` cue with one crime on each side (a side with only a Palermo element takes
    the other crime), or None."""
    mentions = {crime: analysis.of(crime) for crime in CRIMES}
    elements = analysis.of("element_trafficking") + analysis.of("element_smuggling")
    for cue in analysis.of("distinction"):
        sides: dict[str, str | None] = {}
        for side, keep in (
            ("left", lambda s, c=cue: s.end <= c.start),
            ("right", lambda s, c=cue: s.start >= c.end),
        ):
            named = {crime for crime, spans in mentions.items() if any(keep(s) for s in spans)}
            sides[side] = named.pop() if len(named) == 1 else None if not named else "both"
            if sides[side] is None and not any(keep(e) for e in elements):
                sides[side] = "none"
        left, right = sides["left"], sides["right"]
        if "both" in (left, right) or "none" in (left, right) or left == right:
            continue
        left = left or OTHER[right]  # type: ignore[index]
        right = right or OTHER[left]
        if left == right:
            continue
        return [(left, 0, cue.start), (right, cue.end, len(analysis.text))]
    return None


def _negated(reading: Reading, span: Span, start: int) -> bool:
    """Whether a negation cue precedes ``span`` within ``NEGATION_WINDOW`` words of the clause."""
    for negation in reading.spans("negation"):
        if negation.end > span.start or negation.start < start:
            continue
        gap = reading.text[negation.end : span.start]
        if re.search(r"[,.;:!?()]", gap):
            continue
        if len(re.findall(r"[\w'-]+", gap)) <= NEGATION_WINDOW:
            return True
    return False


def _vocabulary(
    reading: Reading, analysis: Analysis, start: int, end: int
) -> tuple[dict[str, list[str]], list[str]]:
    """The security and rights words that count in ``[start, end)``, and the senses decided."""
    excluded = [c.cue for c in reading.cues.lists["not_vocabulary"]]
    defining = [s for name in excluded for s in analysis.of(name)]
    counted: dict[str, list[str]] = {name: [] for name in VOCABULARIES}
    senses: list[str] = []
    for name in VOCABULARIES:
        for span in analysis.of(name):
            if not (start <= span.start and span.end <= end):
                continue
            if any(d.start < span.end and span.start < d.end for d in defining):
                senses.append(f"{span.text}=defining-{name}")
            elif _negated(reading, span, start):
                senses.append(f"{span.text}=negated-{name}")
            else:
                counted[name].append(span.text)
    return counted, senses


def _other_senses(
    reading: Reading, analysis: Analysis, rules: Sequence[SenseRule], start: int, end: int
) -> list[str]:
    """The refugee-regime words, goods mentions and ``terms_senses`` rewrites in a clause."""
    found: list[tuple[int, str]] = []
    for span in analysis.of("refugee"):
        if start <= span.start and span.end <= end:
            found.append((span.start, f"{span.text}=refugee"))
    for crime in CRIMES:
        goods = reading.spans(f"not_{crime}")
        for span in reading.spans(crime):
            holder = next((g for g in goods if g.start <= span.start and span.end <= g.end), None)
            if start <= span.start < end and holder is not None:
                found.append((span.start, f"{holder.text}=goods"))
    for rule in rules:
        for match in rule.pattern.finditer(reading.text):
            if start <= match.start("word") < end:
                found.append((match.start("word"), f"{match.group('word')}={rule.term}"))
    return [text for _, text in sorted(found)]


_REPORTED_LISTS = ("trafficking", "smuggling", "umbrella", "security", "rights", "refugee")


def _may_matter(reading: Reading) -> bool:
    """Whether a cue of a list the table reports may occur; if not, the analysis is spared."""
    indexes = reading.cues.indexes
    return any(among(reading.hits, indexes[name]) for name in _REPORTED_LISTS)


def read_sentence(
    text: str, cues: Cues | pd.DataFrame, senses: Sequence[SenseRule] = (), split: bool = True
) -> list[Clause]:
    """In: a sentence; the cues; the sense rules; ``split`` (contrast sentences into clauses).
    Out: one ``Clause`` per unit, in order."""
    reading = Reading(as_text(text), as_cues(cues))
    if not _may_matter(reading):  # most sentences: no cue of any list the table reports
        others = [f"{m.group('word')}={r.term}" for r in senses for m in r.pattern.finditer(text)]
        names = tuple(reading.names())
        return [Clause(0, len(reading.text), "none", "", "", "", join_words(others), "", "", names)]
    analysis = reading.analysis()
    frame, words = decide(analysis) if reading.may_get_frame() else (None, [])
    named = [crime for crime in CRIMES if analysis.of(crime)]
    sides = clauses(analysis) if split and named else None
    if sides is None:
        crime = "none" if not named else named[0] if len(named) == 1 else "both"
        sides = [(crime, 0, len(reading.text))]
    in_names = sorted(
        analysis.trafficking_in_names + analysis.smuggling_in_names, key=lambda s: s.start
    )
    out = []
    for crime, start, end in sides:
        vocabulary, decided = _vocabulary(reading, analysis, start, end)
        other = _other_senses(reading, analysis, senses, start, end)
        out.append(
            Clause(
                start=start,
                end=end,
                crime=crime,
                frame=frame or "",
                cues=join_words(words),
                in_name=join_words([s.text for s in in_names if start <= s.start < end]),
                senses=join_words(other + decided),
                security=join_words(vocabulary["security"]),
                rights=join_words(vocabulary["rights"]),
                names=tuple(n for n in reading.names() if start <= n[0] < end),
            )
        )
    return out


def _read_row(state: tuple[Cues, tuple[SenseRule, ...], bool], text: str) -> list[Clause]:
    """``read_sentence`` with its rules first, for ``parallel.map_distinct``."""
    cues, senses, split = state
    return read_sentence(text, cues, senses, split)


# --------------------------------------------------------------------------- the table


def build_units(
    corpus: object,
    cues: Cues | pd.DataFrame | None = None,
    codebook: Codebook | pd.DataFrame | None = None,
    voice_rules: VoiceRules | None = None,
    senses: Sequence[SenseRule] | None = None,
    name_cues: NameCues | None = None,
    *,
    split: bool = True,
    workers: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The annotation table: one row per unit of a corpus.

    In: a loaded corpus (``documents``: ``doc_id, year, place, date``; ``sentences``:
    ``doc_id, sent_id, text``, optionally ``para_id, part``); the rules (default: the files
    of ``data/``); ``split``; ``workers`` and ``progress`` (same result on any number of
    processes). Out: ``UNIT_COLUMNS``, by year, doc_id, sent_id and clause.
    """
    sentences, documents = corpus.sentences, corpus.documents  # type: ignore[attr-defined]
    require_columns(sentences, ["doc_id", "sent_id", "text"], "build_units")
    require_columns(documents, ["doc_id", "year", "place", "date"], "build_units")
    cues = as_cues(cues) if cues is not None else read_cues()
    codebook = as_codebook(codebook) if codebook is not None else read_codebook(cues=cues)
    voice_rules = voice_rules or read_voice_rules()
    senses = tuple(senses) if senses is not None else tuple(read_senses())
    if sentences.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in UNIT_COLUMNS})

    base = sentences.reset_index(drop=True)
    texts = [as_text(t) for t in base["text"]]
    read = map_distinct(_read_row, (cues, senses, split), texts, workers, "Reading", progress)
    voices = sentence_voices(base, voice_rules)
    labels = document_labels(documents.drop_duplicates("doc_id"))
    years = documents.drop_duplicates("doc_id").set_index("doc_id")["year"]
    parts = base["part"].tolist() if "part" in base.columns else ["body"] * len(base)
    doc_ids, sent_ids = base["doc_id"].tolist(), [int(i) for i in base["sent_id"]]
    voice_of, speaker_of = voices["voice"].tolist(), voices["speaker"].tolist()
    people = find_people(base, speaker_of, name_cues, workers=workers, progress=progress)
    label_of, year_of = dict(labels.items()), dict(years.items())
    rows = []
    for i, found in enumerate(read):
        doc_id, sent_id = doc_ids[i], sent_ids[i]
        for number, clause in enumerate(found, start=1):
            suffix = f".{number}" if len(found) > 1 else ""
            mine = [p for p in people[i] if clause.start <= p[0] < clause.end]
            named = sorted(set(mine) | set(clause.names))
            rows.append(
                {
                    "doc_id": doc_id,
                    "document": label_of.get(doc_id, ""),
                    "year": year_of.get(doc_id, pd.NA),
                    "sent_id": sent_id,
                    "unit_id": f"{doc_id}#s{sent_id}{suffix}",
                    "part": parts[i] if isinstance(parts[i], str) else "body",
                    "text": texts[i][clause.start : clause.end].strip(),
                    **{column: getattr(clause, column) for column in _CLAUSE_COLUMNS},
                    "voice": voice_of[i],
                    "speaker": speaker_of[i],
                    "names": join_words([texts[i][a:b] for a, b in named]),
                    "people": join_words([texts[i][a:b] for a, b in mine]),
                }
            )
    units = pd.DataFrame(rows)
    units["year"] = units["year"].astype("Int64")
    units["themes"] = _themes(units, codebook, workers, progress)
    units = units.sort_values(["year", "doc_id", "sent_id"], kind="stable")
    return units[list(UNIT_COLUMNS)].reset_index(drop=True)


def _themes(
    units: pd.DataFrame, codebook: Codebook, workers: int | None, progress: bool | None
) -> list[str]:
    """Each unit's themes, ``;``-joined; the crime themes follow the unit's ``crime``."""
    matrix = theme_matrix(units[["text"]], codebook, progress=progress, workers=workers)
    for crime in CRIMES:
        if crime in matrix.columns:
            matrix[crime] = units["crime"].isin([crime, "both"]).to_numpy()
    names = list(matrix.columns)
    return [";".join(n for n, f in zip(names, row, strict=True) if f) for row in matrix.to_numpy()]
