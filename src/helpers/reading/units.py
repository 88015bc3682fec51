"""One reading of every sentence: the annotation table every notebook derives from.

:func:`build_units` reads a loaded corpus once and returns one row per
**analysis unit**, with the columns ``UNIT_COLUMNS`` (described one by one in
``COLUMN_DOCS``). Notebooks 02, 03 and 04, the seminar and ``python -m helpers
corpus --export`` all start from this table, so a sentence has the same
crime, frame, names, word senses, voice and speaker wherever it is shown.

**Units.** A unit is a sentence of ``corpus.sentences`` (a page's title is its
sentence 0, ``part`` = ``title``), except where a sentence draws the legal
line with a contrast word ("whereas", "unlike", "while" after a comma): it is
split at that word into two clauses, each a unit of the crime it is about
(:func:`clauses`). A clause that names no crime but holds a Palermo element
stands for the crime the other clause names, so in "it is a crime against a
person, whereas human smuggling is a crime against the State", "it" is
trafficking: the sentence itself draws the distinction.

**What is decided, and by which rules** (each a row of a file in ``data/``):

- ``frame`` and ``cues``: ``helpers.reading.framing`` (``data/framing_cues.csv``), for
  the whole sentence; both clauses of a split sentence carry it;
- ``crime`` and ``in_name``: the crimes named outside names of offices, plans
  and titles (``helpers.rules.names``), and those found only inside names;
- ``security`` and ``rights``: the vocabulary words that count, once names
  are masked, refugee-regime words set apart (``refugee`` list), negated words
  dropped (``negation`` list: a word within three words after "without",
  "not", "no", "never", with no punctuation between) and the words that
  define the distinction under test dropped (``not_vocabulary`` list: a word
  inside a Palermo element, such as "the State" in "a crime against the
  State");
- ``senses``: every such decision, as ``word=sense``: ``refugee`` (a
  refugee-regime word), ``goods`` (trafficking or smuggling of goods),
  ``negated-security``/``negated-rights``, ``defining-security``/
  ``defining-rights``, and the senses of ``data/terms_senses.csv``
  (``address-speech``, ``nexus-asylum``);
- ``themes``: the theme codebook (``data/themes.csv``) on the unit's text; the
  themes named as the crimes follow ``crime``, so a pronoun clause resolved to
  trafficking has the theme ``trafficking``;
- ``voice`` and ``speaker``: ``helpers.reading.voice`` (``data/voice_cues.csv``),
  read document by document; both clauses of a sentence share them;
- ``names`` and ``people``: the names of offices, plans, events, treaties and
  titles (``helpers.rules.names``) and of people (``helpers.rules.name_finder``, which
  also finds the person in each speaker's description), so that a count of
  words (:func:`counted_units`) masks them from the table, never by a finder
  of its own.

Pure functions over DataFrames; nothing is read or written except the rule
files when no rules are given.
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
from helpers.corpus.pages import DATELINE
from helpers.reading.framing import CRIMES, Analysis, Reading, Span, decide
from helpers.reading.themes import Codebook, as_codebook, read_codebook, theme_matrix
from helpers.reading.voice import VoiceRules, read_voice_rules, sentence_voices
from helpers.rules.cues import VOCABULARIES, Cues, as_cues, read_cues
from helpers.rules.name_finder import NAME_MARK, NameCues, find_people, surname_of
from helpers.rules.senses import SenseRule, read_senses
from helpers.rules.words import normalise_text

__all__ = [
    "COLUMN_DOCS",
    "CRIME_VALUES",
    "FLAG_INPUTS",
    "NEGATION_WINDOW",
    "UNIT_COLUMNS",
    "Clause",
    "build_units",
    "clauses",
    "COUNTED_COLUMNS",
    "GOODS_SUFFIX",
    "MASKS",
    "PEOPLE_COLUMNS",
    "counted_documents",
    "counted_units",
    "framed_sentences",
    "people_table",
    "read_sentence",
    "theme_flags",
    "units_for_themes",
    "unit_flags",
    "whole_sentences",
]

UNIT_COLUMNS: tuple[str, ...] = (
    "doc_id", "document", "year", "sent_id", "unit_id", "part", "text", "crime", "frame",
    "cues", "in_name", "senses", "security", "rights", "themes", "voice", "speaker", "names",
    "people",
)  # fmt: skip
CRIME_VALUES: tuple[str, ...] = ("trafficking", "smuggling", "both", "none")
FLAG_INPUTS: tuple[str, ...] = (
    "doc_id",
    "document",
    "year",
    "sent_id",
    "unit_id",
    "text",
    "crime",
    "senses",
    "security",
    "rights",
)  # fmt: skip  (the columns ``unit_flags`` reads)
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
    """One unit of one sentence: what the framing rules decide for it.

    ``start``/``end``: the clause in the sentence text; ``crime``: one of
    ``CRIME_VALUES``; the other fields are ``; ``-joined words as in
    ``UNIT_COLUMNS``. ``frame`` and ``cues`` are the sentence's.
    """

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


def _join(words: Sequence[str]) -> str:
    return "; ".join(dict.fromkeys(words))


def clauses(analysis: Analysis) -> list[tuple[str, int, int]] | None:
    """Split a contrast sentence into ``(crime, start, end)`` clauses, or None when it cannot be.

    In: an ``Analysis`` (``framing.analyse``). The split is at the first
    ``distinction`` cue with one crime on each side; a side naming no crime
    takes the other crime when it holds a Palermo element of either crime (the
    sentence itself draws the line). Out: two clauses, or None.
    """
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
    """Whether a cue of a list the table reports may occur (``helpers.rules.engine``'s first pass):
    when none can, the sentence has no crime, frame, vocabulary or refugee word, and its
    analysis, the costly part, is spared."""
    hits, indexes = reading.hits, reading.cues.indexes
    if isinstance(hits, range):
        return True
    return any(index in hits for name in _REPORTED_LISTS for index in indexes[name])


def read_sentence(
    text: str, cues: Cues | pd.DataFrame, senses: Sequence[SenseRule] = (), split: bool = True
) -> list[Clause]:
    """Read one sentence: its units and what the framing rules decide for each.

    In: the sentence; the cues; the sense rules (``senses.read_senses``);
    ``split``, whether a contrast sentence is split into clauses. Out: one
    ``Clause`` per unit (two for a split sentence, else one), in order.
    """
    reading = Reading(as_text(text), as_cues(cues))
    if not _may_matter(reading):  # most sentences: no cue of any list the table reports
        others = [f"{m.group('word')}={r.term}" for r in senses for m in r.pattern.finditer(text)]
        names = tuple(reading.names())
        return [Clause(0, len(reading.text), "none", "", "", "", _join(others), "", "", names)]
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
                cues=_join(words),
                in_name=_join([s.text for s in in_names if start <= s.start < end]),
                senses=_join(other + decided),
                security=_join(vocabulary["security"]),
                rights=_join(vocabulary["rights"]),
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
    """The annotation table: one row per analysis unit of a corpus.

    In: a loaded corpus (``load_corpus``: ``documents`` with ``doc_id, year,
    place, date``; ``sentences`` with ``doc_id, sent_id, text`` and
    optionally ``para_id, part``); the rules, each read from ``data/`` when
    not given (``framing_cues.read_cues``, ``themes.read_codebook``,
    ``voice.read_voice_rules``, ``senses.read_senses``,
    ``terms.read_name_cues``); ``split``, whether contrast sentences are
    split into clauses; ``workers`` and ``progress`` as
    in ``framing.frame_sentences`` (the result is the same on any number of
    processes). Out: ``UNIT_COLUMNS`` (see ``COLUMN_DOCS``), one row per unit,
    sorted by year, doc_id, sent_id and clause; every sentence gives at least
    one row, framed or not.
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
                    "crime": clause.crime,
                    "frame": clause.frame,
                    "cues": clause.cues,
                    "in_name": clause.in_name,
                    "senses": clause.senses,
                    "security": clause.security,
                    "rights": clause.rights,
                    "voice": voice_of[i],
                    "speaker": speaker_of[i],
                    "names": _join([texts[i][a:b] for a, b in named]),
                    "people": _join([texts[i][a:b] for a, b in mine]),
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


# --------------------------------------------------------------------------- derived views


def theme_flags(units: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """The theme matrix of the units, read from their ``themes`` column.

    In: the annotation table (or rows of it); the theme names in codebook
    order (``Codebook.names``). Out: one boolean column per theme, same index
    as ``units``: what ``themes.theme_matrix`` gives, with the crime themes
    resolved as the table resolves them.
    """
    require_columns(units, ["themes"], "theme_flags")
    sets = [set(str(cell).split(";")) if cell else set() for cell in units["themes"].fillna("")]
    return pd.DataFrame(
        {name: [name in found for found in sets] for name in names}, index=units.index, dtype=bool
    )


def unit_flags(units: pd.DataFrame) -> pd.DataFrame:
    """The second-axis view: one row per unit about a crime, with booleans.

    In: the annotation table. Out: the units whose ``crime`` is not ``none``,
    with ``doc_id, document, year, sent_id, unit_id, crime, split, security,
    rights, refugee, defining_security, defining_rights, negated_security,
    negated_rights, text``: ``split`` says whether the unit is a clause;
    ``security`` and ``rights`` whether a word of each counts; ``refugee``
    whether it holds a refugee-regime word; ``defining_*`` and ``negated_*``
    whether it holds a word left out as distinction-defining or as negated.
    """
    require_columns(units, list(FLAG_INPUTS), "unit_flags")
    part = units[units["crime"] != "none"]
    senses = part["senses"].fillna("")
    return pd.DataFrame(
        {
            "doc_id": part["doc_id"],
            "document": part["document"],
            "year": part["year"].astype("int64"),
            "sent_id": part["sent_id"],
            "unit_id": part["unit_id"],
            "crime": part["crime"],
            "split": part["unit_id"].str.contains(r"\.\d+$", regex=True),
            "security": part["security"].fillna("") != "",
            "rights": part["rights"].fillna("") != "",
            "refugee": senses.str.contains("=refugee", regex=False),
            "defining_security": senses.str.contains("=defining-security", regex=False),
            "defining_rights": senses.str.contains("=defining-rights", regex=False),
            "negated_security": senses.str.contains("=negated-security", regex=False),
            "negated_rights": senses.str.contains("=negated-rights", regex=False),
            "text": part["text"],
        }
    ).reset_index(drop=True)


def whole_sentences(units: pd.DataFrame) -> pd.DataFrame:
    """The annotation table with every split sentence joined back into one row.

    In: the annotation table. Out: the same columns, one row per sentence: a
    split sentence's clauses are joined (its ``crime`` becomes ``both``, its
    ``unit_id`` the sentence's, its words and senses the union of its clauses,
    its text the clauses joined by a space). A variant derived from the table,
    for the sensitivity checks that read whole sentences.
    """
    require_columns(units, list(UNIT_COLUMNS), "whole_sentences")
    split = units["unit_id"].str.contains(r"\.\d+$", regex=True)
    if not split.any():
        return units.copy()
    joined = []
    for _, rows in units[split].groupby(["doc_id", "sent_id"], sort=False):
        first = rows.iloc[0].copy()
        first["unit_id"] = first["unit_id"].rsplit(".", 1)[0]
        crimes = set(rows["crime"])
        first["crime"] = crimes.pop() if len(crimes) == 1 else "both"
        first["text"] = " ".join(rows["text"])
        for column in ("in_name", "senses", "security", "rights", "names", "people"):
            words = [w for cell in rows[column] if cell for w in str(cell).split("; ")]
            first[column] = _join(words)
        themes = [t for cell in rows["themes"] if cell for t in str(cell).split(";")]
        first["themes"] = ";".join(dict.fromkeys(themes))
        joined.append(first)
    out = pd.concat([units[~split], pd.DataFrame(joined)], ignore_index=True)
    out = out.sort_values(["year", "doc_id", "sent_id"], kind="stable")
    return out[list(UNIT_COLUMNS)].reset_index(drop=True)


def framed_sentences(units: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The framed sentences, as notebook 02 tables them, derived from the annotation table.

    In: the annotation table; the corpus's sentences (``doc_id, sent_id,
    text`` and optionally ``para_id``), for the whole sentence text. Out: one
    row per sentence with a frame, the columns of ``framing.FRAMED_COLUMNS``
    plus ``voice`` and ``speaker``: ``mentions_<crime>`` from the units'
    ``crime``, ``security_cues`` and ``rights_cues`` the words that count.
    """
    require_columns(units, list(UNIT_COLUMNS), "framed_sentences")
    require_columns(sentences, ["doc_id", "sent_id", "text"], "framed_sentences")
    whole = whole_sentences(units)
    whole = whole[whole["frame"] != ""]
    keyed = sentences.drop_duplicates(["doc_id", "sent_id"]).set_index(["doc_id", "sent_id"])
    keys = pd.MultiIndex.from_frame(whole[["doc_id", "sent_id"]])
    para = keyed["para_id"].reindex(keys).to_numpy() if "para_id" in keyed else pd.NA
    out = pd.DataFrame(
        {
            "doc_id": whole["doc_id"].to_numpy(),
            "year": whole["year"].to_numpy(),
            "sent_id": whole["sent_id"].to_numpy(),
            "para_id": para,
            "part": whole["part"].to_numpy(),
            "sentence": keyed["text"].reindex(keys).to_numpy(),
            "frame": whole["frame"].to_numpy(),
            "cues": whole["cues"].to_numpy(),
            "mentions_trafficking": whole["crime"].isin(["trafficking", "both"]).to_numpy(),
            "mentions_smuggling": whole["crime"].isin(["smuggling", "both"]).to_numpy(),
            "security_cues": whole["security"].to_numpy(),
            "rights_cues": whole["rights"].to_numpy(),
            "voice": whole["voice"].to_numpy(),
            "speaker": whole["speaker"].to_numpy(),
        }
    )
    out["year"] = out["year"].astype("Int64")
    return out.reset_index(drop=True)


THEME_UNIT_KINDS: tuple[str, ...] = ("sentence", "paragraph")


def units_for_themes(
    units: pd.DataFrame,
    sentences: pd.DataFrame,
    unit: str = "sentence",
    include_titles: bool = True,
) -> pd.DataFrame:
    """The units whose themes notebook 04 counts, derived from the annotation table.

    In: the annotation table; the corpus's sentences (``doc_id, sent_id,
    para_id``, for the paragraph of each sentence); ``unit``, ``"sentence"``
    (the table's own units: sentences, and clauses where a contrast splits
    one) or ``"paragraph"`` (the table's units of a paragraph joined: text
    joined by a space, themes and crimes united); ``include_titles``. Out:
    ``unit_id, doc_id, year, para_id, sent_id, part, text, crime, themes``,
    sorted by year, doc_id and position; ``unit_id`` is the table's, or
    ``doc_id#p<para_id>`` for a paragraph (``sent_id`` then empty).
    """
    require_columns(units, ["doc_id", "sent_id", "unit_id", "year", "part", "text", "crime",
                            "themes"], "units_for_themes")  # fmt: skip
    require_columns(sentences, ["doc_id", "sent_id", "para_id"], "units_for_themes")
    if unit not in THEME_UNIT_KINDS:
        raise ValueError(f"unit must be one of {list(THEME_UNIT_KINDS)}, not {unit!r}")
    para = sentences.drop_duplicates(["doc_id", "sent_id"]).set_index(["doc_id", "sent_id"])
    keys = pd.MultiIndex.from_frame(units[["doc_id", "sent_id"]])
    out = units.assign(para_id=para["para_id"].reindex(keys).to_numpy())
    if not include_titles:
        out = out[out["part"] != "title"]
    columns = ["unit_id", "doc_id", "year", "para_id", "sent_id", "part", "text", "crime", "themes"]
    if unit == "sentence":
        out = out.assign(
            para_id=out["para_id"].astype("Int64"), sent_id=out["sent_id"].astype("Int64")
        )
        return out[columns].reset_index(drop=True)
    rows = []
    for (doc_id, para_id), group in out.groupby(["doc_id", "para_id"], sort=False):
        crimes = set(group["crime"]) - {"none"}
        crime = "none" if not crimes else crimes.pop() if len(crimes) == 1 else "both"
        found = [t for cell in group["themes"] if cell for t in str(cell).split(";")]
        rows.append(
            {
                "unit_id": f"{doc_id}#p{int(para_id)}",
                "doc_id": doc_id,
                "year": group["year"].iloc[0],
                "para_id": int(para_id),
                "sent_id": pd.NA,
                "part": group["part"].iloc[0],
                "text": " ".join(group["text"]),
                "crime": crime,
                "themes": ";".join(dict.fromkeys(found)),
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    table = table.astype({"year": "Int64", "para_id": "Int64", "sent_id": "Int64"})
    table = table.sort_values(["year", "doc_id", "para_id"], kind="stable")
    return table.reset_index(drop=True)


GOODS_SUFFIX = "-goods"  # "drug trafficking" is counted as the term "trafficking-goods"
MASKS: tuple[str, ...] = ("people", "names", "none")
COUNTED_COLUMNS: tuple[str, ...] = ("doc_id", "year", "sent_id", "unit_id", "text")
PEOPLE_COLUMNS: tuple[str, ...] = (
    "doc_id", "document", "year", "person", "surname", "mentions", "forms", "speaker",
)  # fmt: skip
_CRIME_WORD = re.compile(r"(?i)\b(?:traffick|smuggl)\w*")


def _split(cell: object) -> list[str]:
    return [word for word in as_text(cell).split("; ") if word]


def _places(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Every (start, end) where one of ``words`` occurs in ``text`` as whole words."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and text[at - 1].isalnum()) and not (
                end < len(text) and text[end].isalnum()
            ):
                found.append((at, end))
            at = text.find(word, at + 1)
    return found


def _counted(text: str, names: Sequence[str], goods: Sequence[str]) -> str:
    """``text`` with each of ``names`` replaced by ``NAME_MARK`` and the crime word of
    each of ``goods`` (outside the names) written with ``GOODS_SUFFIX``."""
    edits: list[tuple[int, int, str]] = []
    masked: list[tuple[int, int]] = []
    for start, end in sorted(_places(text, names)):
        if masked and start < masked[-1][1]:
            masked[-1] = (masked[-1][0], max(end, masked[-1][1]))
        else:
            masked.append((start, end))
    edits += [(start, end, NAME_MARK) for start, end in masked]
    for start, end in _places(text, goods):
        if any(a < end and start < b for a, b in masked):
            continue
        word = _CRIME_WORD.search(text, start, end)
        if word:
            edits.append((word.start(), word.end(), word.group() + GOODS_SUFFIX))
    out = text
    for start, end, new in sorted(set(edits), reverse=True):
        out = out[:start] + new + out[end:]
    return out


def counted_units(
    units: pd.DataFrame,
    mask: str = "people",
    goods: bool = False,
    include_titles: bool = False,
) -> pd.DataFrame:
    """Each unit's words as notebook 03 counts them, from the annotation table alone.

    In: the annotation table; ``mask``, the names replaced by ``NAME_MARK``
    (punctuation, so no bigram jumps over it): ``"people"`` (the ``people``
    column), ``"names"`` (the ``names`` column: people, offices, plans,
    events, treaties, titles) or ``"none"``; ``goods``, whether the crime word
    of each goods phrase of the ``senses`` column (``illicit trafficking=goods``)
    is written with ``GOODS_SUFFIX``, so that a term count keeps trade in goods
    apart; ``include_titles``. No name is looked for again: the table's
    columns decide. The dateline that opens a document's first body unit
    ("VIENNA, 8 April 2003 -") is dropped, as it repeats the place and date.
    Out: ``COUNTED_COLUMNS``, one row per unit in the table's order; the
    text is normalised (``terms.normalise_text``).
    """
    require_columns(units, ["doc_id", "year", "sent_id", "unit_id", "part", "text", "senses",
                            "names", "people"], "counted_units")  # fmt: skip
    if mask not in MASKS:
        raise ValueError(f"mask must be one of {list(MASKS)}, not {mask!r}")
    keep = units if include_titles else units[units["part"] != "title"]
    body = units[units["part"] != "title"]
    first = set(body.drop_duplicates("doc_id")["unit_id"])
    column = {"people": "people", "names": "names"}.get(mask)
    texts = []
    for row in keep.itertuples(index=False):
        text = as_text(row.text)
        names = _split(getattr(row, column)) if column else []
        phrases = [s.rsplit("=", 1)[0] for s in _split(row.senses) if s.endswith("=goods")]
        text = _counted(text, names, phrases if goods else [])
        if row.unit_id in first:
            text = DATELINE.sub("", text, count=1)
        texts.append(normalise_text(text))
    return pd.DataFrame(
        {
            "doc_id": keep["doc_id"].to_numpy(),
            "year": keep["year"].astype("int64").to_numpy(),
            "sent_id": keep["sent_id"].to_numpy(),
            "unit_id": keep["unit_id"].to_numpy(),
            "text": texts,
        },
        columns=list(COUNTED_COLUMNS),
    )


def counted_documents(
    units: pd.DataFrame,
    mask: str = "people",
    goods: bool = False,
    include_titles: bool = False,
) -> pd.DataFrame:
    """Each document's words as notebook 03 counts them: its :func:`counted_units` joined.

    In: as :func:`counted_units`. Out: ``doc_id, year, text``, one row per
    document in the table's order; a document's units are joined by a line
    break, which no bigram crosses, so that the documents give the same counts
    as their units pooled.
    """
    counted = counted_units(units, mask, goods, include_titles)
    grouped = counted.groupby("doc_id", sort=False)
    return pd.DataFrame(
        {
            "doc_id": list(grouped.groups),
            "year": grouped["year"].first().to_numpy(),
            "text": grouped["text"].agg("\n".join).to_numpy(),
        },
        columns=["doc_id", "year", "text"],
    )


def people_table(units: pd.DataFrame) -> pd.DataFrame:
    """The people the table names, one row per person and document, to audit the masking.

    In: the annotation table. Out: ``PEOPLE_COLUMNS``: ``person``, the longest
    form the document gives; ``surname``; ``mentions``, how many mentions the
    ``people`` column holds; ``forms``, the forms masked ("Mr Lubbers ×2;
    Ruud Lubbers"); ``speaker``, the first of the document's speakers whose
    description holds the surname ('' when the person does not speak). Sorted
    by year, document and surname.
    """
    require_columns(units, ["doc_id", "document", "year", "speaker", "people"], "people_table")
    rows = []
    for doc_id, group in units.groupby("doc_id", sort=False):
        forms: dict[str, dict[str, int]] = {}
        for cell in group["people"]:
            for name in _split(cell):
                counted = forms.setdefault(surname_of(normalise_text(name)), {})
                counted[name] = counted.get(name, 0) + 1
        speakers = [s for s in dict.fromkeys(group["speaker"]) if s]
        for surname, found in forms.items():
            person = max(found, key=lambda form: (len(form.split()), form))
            rows.append(
                {
                    "doc_id": doc_id,
                    "document": group["document"].iloc[0],
                    "year": group["year"].iloc[0],
                    "person": person,
                    "surname": surname,
                    "mentions": sum(found.values()),
                    "forms": "; ".join(
                        form if n == 1 else f"{form} ×{n}" for form, n in sorted(found.items())
                    ),
                    "speaker": next(
                        (s for s in speakers if person in s),
                        next((s for s in speakers if surname in s), ""),
                    ),
                }
            )
    table = pd.DataFrame(rows, columns=list(PEOPLE_COLUMNS))
    table = table.astype({"year": "Int64", "mentions": "int64"})
    return table.sort_values(["year", "doc_id", "surname"], kind="stable").reset_index(drop=True)
