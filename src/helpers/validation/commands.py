"""``python -m helpers sample`` (a blank coding sheet and ``codebook.md``) and ``agree``
(alpha, confusion, disagreements, and with ``--corpus`` the rules against the consensus).
Neither writes into ``seeds/`` or the corpus folder.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

from helpers.base.paths import SEEDS_DIR, corpus_dir, display_path
from helpers.corpus.load import CorpusError, CorpusWarning, load_corpus
from helpers.reading.units import build_units
from helpers.validation.agreement import (
    alpha_finding,
    alpha_table,
    coder_confusion,
    consensus,
    disagreements,
)
from helpers.validation.codebook import write_coding_files
from helpers.validation.sample import DEFAULT_UNFRAMED_SHARE, draw_sample, sample_strata
from helpers.validation.scores import corrected_shares, label_scores
from helpers.validation.sheets import (
    CODED_COLUMNS,
    GOLD_CODER,
    LABELS,
    SheetError,
    coding_progress,
    read_codes,
    read_sheet,
    write_csv_atomic,
)

__all__ = ["add_agree_arguments", "add_sample_arguments", "run_agree", "run_sample"]


def _load(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        return load_corpus(folder)


def add_sample_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m helpers sample``."""
    parser.add_argument(
        "corpus", nargs="?", help="the corpus folder (default: $CORPUS_DIR or seeds/)"
    )
    parser.add_argument("--n", type=int, required=True, help="units to sample")
    parser.add_argument("--out", type=Path, required=True, help="the blank coding sheet (CSV)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--unframed-share", type=float, default=DEFAULT_UNFRAMED_SHARE,
                        help=f"share of units the rules leave unframed "
                        f"(default {DEFAULT_UNFRAMED_SHARE})")  # fmt: skip
    parser.add_argument("--force", action="store_true", help="overwrite an existing sheet")


def run_sample(args: argparse.Namespace) -> int:
    """Draw the sample and write its sheet and codebook. Out: the exit code."""
    folder = Path(args.corpus) if args.corpus else corpus_dir()
    out = Path(args.out)
    for forbidden, what in ((SEEDS_DIR, "seeds/"), (folder, "the corpus folder")):
        if out.resolve().is_relative_to(forbidden.resolve()):
            print(f"error: {out} lies inside {what}, which is never written", file=sys.stderr)
            return 2
    if out.exists() and not args.force:
        print(f"error: {out} exists (it may hold codes); --force overwrites it", file=sys.stderr)
        return 2
    try:
        corpus = _load(folder)
        statuses = corpus.report["status"].value_counts()
        print(f"Corpus {display_path(folder)}: " + ", ".join(
            f"{statuses.get(s, 0)} file(s) {s}" for s in ("loaded", "warning", "skipped")
        ) + " (python -m helpers corpus DIR lists them, with the reasons)")  # fmt: skip
        if corpus.documents.empty:
            print("error: no document could be loaded", file=sys.stderr)
            return 1
        units = build_units(corpus)
        sample = draw_sample(units, args.n, seed=args.seed, unframed_share=args.unframed_share)
    except (CorpusError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    written = write_coding_files(sample, units, out)
    strata = sample_strata(sample, units)
    unframed = int((sample["rules_frame"] == "none").sum())
    print(
        f"Sample {sample['sample_id'].iloc[0]}: {len(sample)} of {len(units)} units "
        f"(seed {args.seed}; {unframed} the rules leave unframed)"
    )
    print(strata[strata["sampled"] > 0].to_string(index=False))
    for path in written:
        print(f"wrote {path}")
    print("Give each coder a copy of the sheet and the codebook; the sheet holds no rules' answer.")
    return 0


def add_agree_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``python -m helpers agree``."""
    parser.add_argument("blank", type=Path, help="the blank coding sheet of the sample")
    parser.add_argument(
        "sheets", type=Path, nargs="+", help="the coded sheets (two or more coders)"
    )
    parser.add_argument("--corpus", help="also compare the rules with the consensus on this corpus")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write disagreements.csv here (default: beside the blank sheet)",
    )
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the bootstrap intervals (default 0)")  # fmt: skip


def run_agree(args: argparse.Namespace) -> int:
    """Check the sheets, print the agreement, write the disagreements. Out: the exit code."""
    try:
        blank = read_sheet(args.blank)
        codes = read_codes(blank, args.sheets)
    except SheetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    pd.set_option("display.width", 120)
    print(f"Coders' progress ({len(blank)} units in the sample):")
    print(coding_progress(codes, blank).to_string(index=False))
    print("\nKrippendorff's alpha (nominal), 95% bootstrap intervals over units:")
    for _, row in alpha_table(codes, CODED_COLUMNS, seed=args.seed).iterrows():
        print(f"- {alpha_finding(row)}")
    coders = sorted(set(codes["coder"]))
    for variable in CODED_COLUMNS:
        if len([c for c in coders if c != GOLD_CODER]) >= 2:
            print(f"\n{variable}: the first two coders' labels")
            print(coder_confusion(codes, variable, labels=LABELS[variable]).to_string())
    found = disagreements(codes, CODED_COLUMNS, blank)
    target = (args.out or args.blank.parent) / "disagreements.csv"
    write_csv_atomic(found, target)
    print(f"\n{len(found)} disagreement(s) to adjudicate: wrote {display_path(target)}")
    if args.corpus:
        units = build_units(_load(Path(args.corpus)))
        units["unit_id"] = units["unit_id"].astype(str)
        absent = sorted(set(blank["unit_id"].astype(str)) - set(units["unit_id"]))
        if absent:
            print(f"\n{len(absent)} of the sample's {len(blank)} units are not units of "
                  f"{display_path(Path(args.corpus))} (another corpus, or pages changed since "
                  f"the sample was drawn?), e.g. {absent[0]!r}; they are left out of the "
                  "comparison.")  # fmt: skip
        ties = {v: int((consensus(codes, v)["basis"] == "tie").sum()) for v in CODED_COLUMNS}
        if any(ties.values()):
            print("Ties, set aside until adjudicated: "
                  + ", ".join(f"{v} {n}" for v, n in ties.items()))  # fmt: skip
        for variable in CODED_COLUMNS:
            agreed = consensus(codes, variable).dropna(subset=["label"])
            pairs = agreed.merge(units[["unit_id", variable]], on="unit_id", how="inner")
            if pairs.empty:
                continue
            pairs = pairs.rename(columns={"label": "truth", variable: "predicted"})
            pairs["predicted"] = pairs["predicted"].fillna("none").replace("", "none")
            print(f"\nThe rules against the consensus, {variable} ({len(pairs)} units):")
            scores = label_scores(pairs, LABELS[variable], seed=args.seed)
            print(scores.round(2).to_string(index=False))
            if variable == "frame":
                rules = units["frame"].fillna("none").replace("", "none")
                print("\nFrame shares, raw and corrected (calibration correction):")
                print(
                    corrected_shares(rules, pairs, LABELS["frame"], seed=args.seed)
                    .round(3)
                    .to_string(index=False)
                )
    return 0
