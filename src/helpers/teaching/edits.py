"""Exercises C and D of the seminar: change a rule or the corpus, and see what moves.

C: one new cue moves ``CUE_SENTENCE`` to ``CUE_FRAME``, one new codebook pattern gives
``THEME_SENTENCE`` the theme ``THEME``; the checks count what else moves in the corpus.
D: a student's page beside a copy of the corpus adds a year. The edited cues and codebook
live in memory only; no file of the project is changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from helpers.analysis.framing_report import compare_frames
from helpers.base.checks import require_columns
from helpers.base.paths import REPO_ROOT
from helpers.corpus.load import Corpus
from helpers.reading.framing import agreement, frame_sentences
from helpers.reading.themes import codebook_from_table, theme_matrix
from helpers.rules.cues import CUE_COLUMNS, Cues, cues_from_table
from helpers.teaching.answers import NotYet, exercise
from helpers.teaching.quiz import frame_of

__all__ = [
    "CUE_SENTENCE",
    "PAGE_FILE",
    "THEME",
    "THEME_SENTENCE",
    "add_cue",
    "add_pattern",
    "check_new_cue",
    "check_new_page",
    "check_new_pattern",
    "copy_corpus_with_page",
    "read_labelled",
    "year_changes",
]

LABELLED_FILE: Path = REPO_ROOT / "tests" / "labelled_sentences.csv"
CUE_SENTENCE = "Smugglers often sell migrants to traffickers once they reach the coast."
CUE_FRAME = "nexus"
THEME_SENTENCE = "More lives could be saved if border guards were trained to spot the signs."
THEME = "victims"
MAX_NEW_UNITS = 2
PAGE_FILE = "my_page.txt"
PAGE_FRAME = "distinction"  # the frame one sentence of the student's page should get


def add_cue(cues_table: pd.DataFrame, new_cue: Mapping | None) -> pd.DataFrame:
    """A copy of ``cues.table`` with one row added (a dictionary of ``list``, ``cue``,
    ``match`` and optionally ``rationale``; None: none). Raises ``ValueError`` for a bad row."""
    require_columns(cues_table, CUE_COLUMNS, "add_cue")
    table = cues_table.copy()
    if new_cue is None:
        return table
    if not isinstance(new_cue, Mapping):
        raise ValueError(
            'the new cue must be a dictionary: {"list": ..., "cue": ..., "match": ..., '
            '"rationale": ...}'
        )
    keys = ("list", "cue", "match", "rationale")
    unknown = sorted(str(key) for key in new_cue if key not in keys)
    missing = [key for key in keys[:3] if key not in new_cue]
    if unknown or missing:
        problem = f"unknown key(s) {unknown}" if unknown else f"missing key(s) {missing}"
        raise ValueError(f"{problem}; the keys are {list(keys)}")
    row = {key: str(new_cue.get(key, "")) for key in keys}
    return pd.concat([table, pd.DataFrame([row])], ignore_index=True)


def read_labelled(path: Path | str = LABELLED_FILE) -> pd.DataFrame:
    """Read the hand-labelled sentences (``sentence, frame, ...``), as notebook 02 does."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _shaped_note(labelled: pd.DataFrame) -> str:
    """Why agreement with the labels is optimistic: how many shaped the cues ('' if unknown)."""
    if "shaped_cues" not in labelled.columns:
        return ""
    shaped = int(labelled["shaped_cues"].astype(str).str.strip().str.lower().eq("yes").sum())
    return (
        f"optimistic: {shaped} of these {len(labelled)} labelled sentences were in view while "
        "the cues were chosen; see notebook 02, section 5"
    )


@exercise(
    cues_table=CUE_COLUMNS,
    sentences=["doc_id", "sent_id", "text"],
    documents=["doc_id", "year"],
    labelled=["sentence", "frame"],
)
def check_new_cue(
    answer: object,
    cues_table: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    labelled: pd.DataFrame,
) -> str:
    """Exercise C1: one new cue (a row for ``add_cue``) that frames ``CUE_SENTENCE`` as
    ``CUE_FRAME``; right when no corpus sentence changes frame and agreement holds."""
    if not isinstance(answer, Mapping):
        raise NotYet(
            'write the new row as a dictionary: {"list": "...", "cue": "...", '
            '"match": "phrase", "rationale": "..."}.'
        )
    try:
        edited = cues_from_table(add_cue(cues_table, answer))
    except ValueError as error:
        raise NotYet(f"your row does not make a cue: {error}.") from None
    original = cues_from_table(cues_table)
    before, after = frame_of(CUE_SENTENCE, original), frame_of(CUE_SENTENCE, edited)
    if after == before != CUE_FRAME:
        raise NotYet(
            f"the sentence is still framed {before}. Does your cue occur in it, "
            "word for word (a phrase matches whole words), and is it in the right list?"
        )
    if after != CUE_FRAME:
        raise NotYet(f"the sentence is now framed {after}, not {CUE_FRAME}: is the list right?")
    changed = compare_frames(
        frame_sentences(sentences, documents, original),
        frame_sentences(sentences, documents, edited),
    )
    if len(changed):
        raise NotYet(
            f"the sentence is now framed {CUE_FRAME}, but your cue also changes the frame "
            f"of {len(changed)} corpus sentence(s) (the cell above lists them): make it "
            "more specific."
        )
    accuracy_before, _ = agreement(labelled, original)
    accuracy_after, _ = agreement(labelled, edited)
    if accuracy_after < accuracy_before:
        raise NotYet(
            f"the sentence is now framed {CUE_FRAME}, but the agreement with the "
            f"hand-labelled sentences drops from {accuracy_before:.1%} to {accuracy_after:.1%}: "
            "your cue also catches sentences a careful reader frames differently."
        )
    return (
        f"Correct: the sentence is now framed {CUE_FRAME}, no corpus sentence changes its frame, "
        f"and the agreement with the hand labels stays at {accuracy_after:.1%} "
        f"({_shaped_note(labelled)})."
    )


def add_pattern(codebook_table: pd.DataFrame, theme: str, pattern: str | None) -> pd.DataFrame:
    """A copy of ``codebook.table`` with ``pattern`` added to ``theme`` (None: nothing added).
    Raises ``ValueError`` for an unknown theme."""
    require_columns(codebook_table, ["theme", "patterns"], "add_pattern")
    table = codebook_table.copy()
    if pattern is None:
        return table
    where = table["theme"] == theme
    if not where.any():
        raise ValueError(f"no theme {theme!r}; the themes are {list(table['theme'])}")
    table.loc[where, "patterns"] = table.loc[where, "patterns"].map(
        lambda patterns: f"{patterns}; {pattern}" if str(patterns).strip() else str(pattern)
    )
    return table


@exercise(codebook_table=["theme", "definition", "patterns"], units=["text"])
def check_new_pattern(
    answer: object,
    codebook_table: pd.DataFrame,
    cues: Cues,
    units: pd.DataFrame,
) -> str:
    """Exercise C2: one new pattern that gives ``THEME_SENTENCE`` the theme ``THEME``; right when
    at most ``MAX_NEW_UNITS`` corpus units gain it."""
    if not isinstance(answer, str):
        raise NotYet('write the pattern as text between quotes, e.g. "some words".')
    try:
        edited = codebook_from_table(add_pattern(codebook_table, THEME, answer), cues)
    except ValueError as error:
        raise NotYet(f"the codebook does not build with your pattern: {error}.") from None
    if not theme_matrix(pd.DataFrame({"text": [THEME_SENTENCE]}), edited)[THEME].iloc[0]:
        raise NotYet(
            f"the sentence still lacks the theme {THEME}: your pattern does not match "
            "it. A pattern matches whole words; end a word with * for any ending (protect* "
            "matches protection)."
        )
    before = theme_matrix(units, codebook_from_table(codebook_table, cues))[THEME]
    gained = int((theme_matrix(units, edited)[THEME] & ~before).sum())
    if gained > MAX_NEW_UNITS:
        raise NotYet(
            f"the sentence now has the theme, but so do {gained} corpus units that did "
            f"not have it (at most {MAX_NEW_UNITS} may): make the pattern more specific."
        )
    return (
        f"Correct: the sentence now has the theme {THEME}, and {gained} corpus unit(s) gain it "
        "(read them above: do they speak of victims?)."
    )


def copy_corpus_with_page(source: Path | str, target: Path | str, page: str | None) -> list[str]:
    """Copy a corpus folder's files (not sub-folders) into ``target``, an existing folder, and
    write the page there (None: none). Out: the names of the files in ``target``, sorted."""
    source, target = Path(source), Path(target)
    for path in sorted(source.iterdir()):
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())
    if page is not None:
        (target / PAGE_FILE).write_text(str(page), encoding="utf-8")
    return sorted(path.name for path in target.iterdir())


def year_changes(
    before_documents: pd.DataFrame,
    before_framed: pd.DataFrame,
    after_documents: pd.DataFrame,
    after_framed: pd.DataFrame,
    frame: str = PAGE_FRAME,
) -> pd.DataFrame:
    """Documents, framed sentences and sentences of ``frame`` per year, in two corpora. Out:
    ``year``, ``documents_``, ``framed_`` and ``<frame>_`` ``before`` and ``after``, ``changed``."""
    for documents in (before_documents, after_documents):
        require_columns(documents, ["year"], "year_changes")
    for framed in (before_framed, after_framed):
        require_columns(framed, ["year", "frame"], "year_changes")
    years = {int(y) for y in before_documents["year"]} | {int(y) for y in after_documents["year"]}
    out = pd.DataFrame({"year": sorted(years)})
    tables = {
        "documents": (before_documents, after_documents),
        "framed": (before_framed, after_framed),
        frame: (before_framed[before_framed["frame"] == frame],
                after_framed[after_framed["frame"] == frame]),
    }  # fmt: skip
    for name, (before, after) in tables.items():
        for when, table in (("before", before), ("after", after)):
            counts = table.groupby("year").size()
            counts.index = counts.index.astype(int)
            out[f"{name}_{when}"] = out["year"].map(counts).fillna(0).astype("int64")
    counts = out.drop(columns="year").to_numpy()
    out["changed"] = (counts[:, 0::2] != counts[:, 1::2]).any(axis=1)
    return out


@exercise(base_documents=["year"])
def check_new_page(
    answer: object,
    new_corpus: Corpus,
    base_documents: pd.DataFrame,
    cues: Cues | pd.DataFrame,
) -> str:
    """Exercise D: a page (the answer) that loads in ``new_corpus``, adds a year to
    ``base_documents``, and has a sentence framed ``PAGE_FRAME``."""
    if not isinstance(answer, str):
        raise NotYet('write your page as text between triple quotes: """ ... """.')
    report = new_corpus.report[new_corpus.report["file"] == PAGE_FILE]
    if report.empty:
        raise NotYet("your page is not in the folder that was loaded: run the cell above again.")
    row = report.iloc[0]
    if row["status"] == "skipped":
        raise NotYet(
            f"the corpus skipped your page: {row['reason']}. Notebook 01 (section 8) "
            "and the README (Adding documents) say what a page needs."
        )
    document = new_corpus.documents[new_corpus.documents["doc_id"] == row["doc_id"]].iloc[0]
    year = int(document["year"])
    if year in {int(y) for y in base_documents["year"]}:
        raise NotYet(
            f"your page loaded, dated {document['date'].day} {document['date']:%B %Y}, "
            f"but {year} already "
            "has a document: date it in a year that has none, so that it adds a year."
        )
    own = new_corpus.sentences[new_corpus.sentences["doc_id"] == row["doc_id"]]
    framed = frame_sentences(own, new_corpus.documents, cues)
    n_frame = int((framed["frame"] == PAGE_FRAME).sum())
    if not n_frame:
        frames = ", ".join(sorted(set(framed["frame"]))) or "none"
        raise NotYet(
            f"your page loaded as a document of {year}, but none of its sentences is "
            f"framed {PAGE_FRAME} (its frames: {frames}). Name both crimes in one sentence with a "
            "contrast word, as the sentences of exercise A do."
        )
    return (
        f"Correct: your page is a document of {year} with {len(own)} sentence(s) (title "
        f"included), {n_frame} of them framed {PAGE_FRAME}."
    )
