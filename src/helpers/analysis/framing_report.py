"""Tables and findings of notebook 02, each finding worded from its evidence.

Tables arrange the reading (``helpers.reading.framing``) for a reader: the cue file, counts
beside shares, intervals, the evidence behind each year, agreement with hand labels, what an
edited cue changes; findings come from ``helpers.analysis.findings``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.analysis.concordance import context_window
from helpers.analysis.findings import Finding, check_wording, describe_share, with_text
from helpers.base.checks import require_columns
from helpers.reading.framing import FRAMES
from helpers.reading.voice import VOICES
from helpers.rules.cues import CUE_LISTS, LIST_PURPOSES
from helpers.rules.patterns import pattern_example

__all__ = ["BOOT_COLUMNS", "CHANGE_COLUMNS", "EVIDENCE_COLUMNS", "SENTENCE_COLUMNS",
           "SUMMARY_COLUMNS", "agreement_summary", "compare_frames", "cue_listing", "cue_summary",
           "evidence_by_year", "frame_count_table", "frame_findings", "interval_table",
           "kwic_quotes", "sentences_table", "short_speaker", "survival_summary",
           "validation_subsets", "voice_counts", "whose_framing"]  # fmt: skip

SENTENCE_COLUMNS: tuple[str, ...] = ("doc_id", "year", "sent_id", "sentence", "frame", "cues")
SUMMARY_COLUMNS: list[str] = ["rows", "n", "n_correct", "accuracy", "correct_of_n"]
CHANGE_COLUMNS: list[str] = ["doc_id", "year", "sent_id", "sentence", "before", "after"]
BOOT_COLUMNS = ["year", "frame", "n", "n_year", "share", "ci_low", "ci_high"]  # bootstrap_shares
EVIDENCE_COLUMNS: list[str] = [
    "year", "documents", "framed", "one_sentence_moves", "unseen_up_to",
]  # fmt: skip
_ACTS = {"distinction": "draw the line between the two crimes",
         "nexus": "link the two crimes or blur the line",
         "umbrella": "fold the crimes into an umbrella label"}  # fmt: skip


def _list_names(table: pd.DataFrame) -> list[str]:
    """The cue lists of a table: ``CUE_LISTS`` order, then others alphabetically."""
    present = set(table["list"])
    return [n for n in CUE_LISTS if n in present] + sorted(present - set(CUE_LISTS))


def cue_listing(table: pd.DataFrame, width: int = 100) -> str:
    """The cue table as text, a block per list (``CUE_LISTS`` order, others after).

    In: ``read_cues().table``; the line width. Out: per list "[list] n cues: purpose", then
    "cue  (match)" on one unwrapped line (to copy) and its rationale wrapped below; cues
    sharing match and rationale share a line.
    """
    require_columns(table, ["list", "cue", "match", "rationale"], "cue_listing")
    blocks = []
    for name in _list_names(table):
        rows = table[table["list"] == name]
        purpose = LIST_PURPOSES.get(name, "")
        lines = [
            f"[{name}] {len(rows)} cue{'' if len(rows) == 1 else 's'}"
            + (f": {purpose}" if purpose else "")
        ]
        groups: dict[tuple[str, str], list[str]] = {}
        for row in rows.itertuples(index=False):
            groups.setdefault((row.match, row.rationale), []).append(row.cue)
        for (match, rationale), cues in groups.items():
            joined = ", ".join(cues) if len(cues) > 1 else cues[0]
            lines.append(f"  {joined}  ({match})")
            lines += textwrap.wrap(
                rationale, width, initial_indent="      ", subsequent_indent="      "
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def validation_subsets(labelled: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The subsets agreement is reported on.

    In: labelled sentences (``source``: 'seed:...' or 'written'; ``shaped_cues``: yes/no).
    Out: ``all``, ``seed``, ``written``, ``shaped the cues``, ``held out`` -> their rows.
    """
    require_columns(labelled, ["source", "shaped_cues"], "validation_subsets")
    source = labelled["source"].fillna("").astype(str)
    shaped = labelled["shaped_cues"].fillna("").astype(str).str.strip().str.lower()
    return {"all": labelled, "seed": labelled[source.str.startswith("seed")],
            "written": labelled[source.str.startswith("written")],
            "shaped the cues": labelled[shaped == "yes"], "held out": labelled[shaped == "no"]
    }  # fmt: skip


def agreement_summary(predictions: pd.DataFrame) -> pd.DataFrame:
    """Accuracy on each subset of :func:`validation_subsets`.

    In: ``label_predictions`` (``source, shaped_cues, correct``). Out: ``SUMMARY_COLUMNS``
    (accuracy NaN for an empty subset; ``correct_of_n`` '37 / 38').
    """
    require_columns(predictions, ["source", "shaped_cues", "correct"], "agreement_summary")
    rows = []
    for name, subset in validation_subsets(predictions).items():
        n, correct = len(subset), int(subset["correct"].sum())
        rows.append({"rows": name, "n": n, "n_correct": correct,
                     "accuracy": correct / n if n else float("nan"),
                     "correct_of_n": f"{correct} / {n}"})  # fmt: skip
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def compare_frames(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The sentences whose frame differs between two framings of the same sentences.

    In: two ``frame_sentences`` outputs (say, with the cue file and with an edited cue).
    Out: ``CHANGE_COLUMNS``, 'none' where one side has no frame, by year, doc_id, sent_id.
    """
    needed = ["doc_id", "sent_id", "year", "sentence", "frame"]
    require_columns(before, needed, "compare_frames")
    require_columns(after, needed, "compare_frames")
    keys = ["doc_id", "sent_id"]
    left = before[[*keys, "year", "sentence", "frame"]].rename(columns={"frame": "before"})
    right = after[[*keys, "year", "sentence", "frame"]].rename(columns={"frame": "after"})
    both = left.merge(right, on=keys, how="outer", suffixes=("", "_after"))
    both["year"] = both["year"].fillna(both["year_after"])
    both["sentence"] = both["sentence"].fillna(both["sentence_after"])
    both[["before", "after"]] = both[["before", "after"]].fillna("none")
    changed = both[both["before"] != both["after"]]
    changed = changed.sort_values(["year", "doc_id", "sent_id"], kind="stable")
    return changed[CHANGE_COLUMNS].reset_index(drop=True)


def sentences_table(framed: pd.DataFrame) -> pd.DataFrame:
    """In: ``frame_sentences``. Out: its ``SENTENCE_COLUMNS``, a new table."""
    require_columns(framed, SENTENCE_COLUMNS, "sentences_table")
    return framed.loc[:, list(SENTENCE_COLUMNS)].reset_index(drop=True).copy()


def frame_count_table(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares side by side as text, a row per year, a column per frame.

    In: ``frame_counts`` (with ``share_<frame>`` when made with shares). Out: '3 (38%)', '0'
    for an absent frame, '–' for a year without framed sentences or shares; ``total``.
    """
    require_columns(counts, [*FRAMES, "total"], "frame_count_table")
    out = pd.DataFrame(index=counts.index)
    for frame in FRAMES:
        share = counts[f"share_{frame}"] if f"share_{frame}" in counts else counts[frame] * np.nan
        out[frame] = [
            "–" if pd.isna(s) else (f"{n} ({s:.0%})" if n else "0")
            for n, s in zip(counts[frame], share, strict=True)
        ]
    out["total"] = counts["total"].astype("int64")
    return out


def interval_table(boot: pd.DataFrame) -> pd.DataFrame:
    """Bootstrap intervals as text, a row per year: '3/8 38% [12–75]', and ``n_year``.

    In: ``bootstrap_shares``. Out: a column per frame present (``FRAMES`` order).
    """
    require_columns(boot, BOOT_COLUMNS, "interval_table")
    frames = [f for f in FRAMES if f in set(boot["frame"])]
    years = sorted(boot["year"].unique())
    out = pd.DataFrame(index=pd.Index([int(y) for y in years], name="year"))
    for frame in frames:
        rows = boot[boot["frame"] == frame].set_index("year").reindex(years)
        out[frame] = [
            f"{int(r.n)}/{int(r.n_year)} {r.share:.0%} [{r.ci_low * 100:.0f}–{r.ci_high * 100:.0f}]"
            for r in rows.itertuples()
        ]
    n_year = boot.drop_duplicates("year").set_index("year")["n_year"].reindex(years)
    out["n_year"] = n_year.astype("int64").to_numpy()
    return out


def evidence_by_year(counts: pd.DataFrame, n_documents: Mapping[int, int]) -> pd.DataFrame:
    """How much evidence each year rests on.

    In: ``frame_counts``; documents per year. Out: ``EVIDENCE_COLUMNS``:
    ``one_sentence_moves`` = 1 / framed; ``unseen_up_to`` = min(3 / framed, 1), the share an
    absent frame could still have (rule of three); NaN for a year without framed sentences.
    """
    require_columns(counts, ["total"], "evidence_by_year")
    framed = counts["total"].astype("int64")
    n = framed.where(framed > 0).astype(float)
    return pd.DataFrame({"year": [int(y) for y in counts.index],
                        "documents": [int(n_documents.get(int(y), 0)) for y in counts.index],
                        "framed": framed.to_numpy(), "one_sentence_moves": (1 / n).to_numpy(),
                        "unseen_up_to": (3 / n).clip(upper=1).to_numpy()},
                        columns=EVIDENCE_COLUMNS)  # fmt: skip


def cue_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The cue file in one line per list: purpose, number of cues, a few examples.

    In: a cue table (``list, cue``, ``match``). Out: ``list, cues, purpose, examples, rules``;
    up to three examples, texts the cues find (``pattern_example``), quoted, never the
    patterns; without ``match`` the cues as written.
    """
    require_columns(table, ["list", "cue"], "cue_summary")
    rows = []
    for name in _list_names(table):
        chosen = table[table["list"] == name]
        kinds = chosen["match"] if "match" in chosen.columns else ["phrase"] * len(chosen)
        shown = []
        for cue, kind in zip(chosen["cue"], kinds, strict=True):
            example = pattern_example(cue, kind) if "match" in chosen.columns else str(cue)
            if example and f"‘{example}’" not in shown:
                shown.append(f"‘{example}’")
        text = "; ".join(shown[:3]) + ("; …" if len(chosen) > 3 else "")
        rows.append({"list": name, "cues": len(chosen), "purpose": LIST_PURPOSES.get(name, ""),
                     "examples": text, "rules": f"data/framing_cues.csv, list {name}"})  # fmt: skip
    return pd.DataFrame(rows, columns=["list", "cues", "purpose", "examples", "rules"])


def frame_findings(
    counts: pd.DataFrame,
    n_documents: Mapping[int, int],
    survivors: pd.DataFrame | None = None,
) -> list[Finding]:
    """The frame findings of each year, each worded from its count and Wilson interval.

    In: ``frame_counts``; documents per year; optionally ``surviving_leaders`` (then the
    leading frame says whether it survives every variant). Out: per year, a finding per act
    (distinction, nexus, umbrella) present, then the most frequent frame (a tie named);
    a year of one document says so.
    """
    require_columns(counts, [*FRAMES, "total"], "frame_findings")
    if survivors is not None:
        require_columns(survivors, ["year", "survives", "moves_under"], "frame_findings")
    leaders = survivors.set_index("year") if survivors is not None else None
    found = []
    for year, row in counts.iterrows():
        n, single = int(row["total"]), int(n_documents.get(int(year), 0)) == 1
        if n == 0:
            continue
        for frame, act in _ACTS.items():
            if row[frame] > 0:
                found.append(
                    describe_share(int(row[frame]), n, f"framed sentences of {year}", act,
                                   single_document=single)
                )  # fmt: skip
        top = int(row[list(FRAMES)].max())
        frames = [frame for frame in FRAMES if row[frame] == top]
        predicate = (
            f"are framed {frames[0]}, the year's most frequent frame"
            if len(frames) == 1
            else f"are framed {frames[0]}, and as many {' and '.join(frames[1:])}: a tie for "
            "the year's most frequent frame"
        )
        finding = describe_share(
            top, n, f"framed sentences of {year}", predicate, single_document=single
        )
        if leaders is not None and int(year) in leaders.index:
            survives = bool(leaders.at[int(year), "survives"])
            extra = (
                " It is the most frequent frame (alone or tied) under every coding variant of "
                "section 7."
                if survives
                else " It is not the most frequent frame under every coding variant of section 7: "
                + leaders.at[int(year), "moves_under"]
                + "."
            )
            finding = with_text(finding, finding.text + extra)
        found.append(finding)
    return found


def voice_counts(framed: pd.DataFrame) -> pd.DataFrame:
    """In: framed sentences (``frame, voice``). Out: counts, a row per frame, a column per voice."""
    require_columns(framed, ["frame", "voice"], "voice_counts")
    table = pd.crosstab(framed["frame"], framed["voice"]).reindex(
        index=list(FRAMES), columns=list(VOICES), fill_value=0
    )
    table.index.name, table.columns.name = "frame", "voice"
    table["total"] = table.sum(axis=1)
    return table.astype("int64")


def short_speaker(speaker: str, width: int = 100) -> str:
    """A speaker shortened to ``width`` characters, or 'no one named'."""
    return textwrap.shorten(speaker, width, placeholder=" …") if speaker else "no one named"


def whose_framing(framed: pd.DataFrame, frame: str) -> Finding:
    """Whose words the sentences of one frame are.

    In: framed sentences (``frame, voice, speaker``); a frame. Out: "k of n FRAME sentences are
    the organisation's own narration (…)", then the other speakers with their counts.
    """
    require_columns(framed, ["frame", "voice", "speaker"], "whose_framing")
    rows = framed[framed["frame"] == frame]
    own = int((rows["voice"] == "own").sum())
    finding = describe_share(
        own, len(rows), f"{frame} sentences", "are the organisation's own narration"
    )
    others = rows[rows["voice"] != "own"]
    if len(others):
        speakers = others["speaker"].fillna("").map(short_speaker).value_counts(sort=False)
        listed = "; ".join(f"{name} ({count})" for name, count in speakers.items())
        text = f"{finding.text} The others are quoted or reported words of: {listed}."
        finding = with_text(finding, text)
    return finding


def survival_summary(leaders: pd.DataFrame) -> str:
    """Which years' most frequent frame survives every coding variant, in one sentence.

    In: ``surviving_leaders``. Out: the sentence ('no year' where none qualifies).
    """
    require_columns(leaders, ["year", "as_coded", "survives", "moves_under"], "survival_summary")
    kept = leaders[leaders["survives"]]
    moved = leaders[~leaders["survives"]]
    text = "The most frequent frame of the year is the same (alone or tied) under every coding "
    text += "variant in " + (
        ", ".join(f"{r.year} ({r.as_coded})" for r in kept.itertuples()) or "no year"
    )
    if len(moved):
        text += "; it is not in " + "; ".join(
            f"{r.year} ({r.as_coded} as coded; {r.moves_under})" for r in moved.itertuples()
        )
    return check_wording(text + ".")


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
    """Keyword-in-context quotations of the sentences with one of ``frames``.

    In: ``frame_sentences``; the frames; words on each side. Out: ``year, doc_id, sent_id,
    frame, left, keyword, right, sentence`` by year, doc_id, sent_id; the keyword is the first
    deciding cue word; a side cut short starts or ends with '…'.
    """
    needed = ["doc_id", "year", "sent_id", "sentence", "frame", "cues"]
    require_columns(framed, needed, "kwic_quotes")
    chosen = framed[framed["frame"].isin(list(frames))]
    rows = []
    for row in chosen.itertuples(index=False):
        start, end = _keyword_span(row.sentence, row.cues)
        left, right = context_window(row.sentence, start, end, width)
        rows.append({"year": row.year, "doc_id": row.doc_id, "sent_id": row.sent_id,
                     "frame": row.frame, "left": left, "keyword": row.sentence[start:end],
                     "right": right, "sentence": row.sentence})  # fmt: skip
    columns = ["year", "doc_id", "sent_id", "frame", "left", "keyword", "right", "sentence"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["year", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)
