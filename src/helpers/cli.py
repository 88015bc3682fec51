"""Command line: ``python -m helpers corpus [DIR]``, ``fetch``, ``build`` and ``handout``.

``corpus`` checks a folder of pages: it prints the documents it found and a
load report, or with ``--export OUTDIR`` writes them as CSV files. A large
folder's listing is cut to ``SHOW_ROWS`` documents and the report to the files
that have something to report; the export holds everything.
``build`` re-runs every notebook, regenerates ``figures/`` and writes the
HTML handout; ``handout`` writes the handout alone. ``fetch`` saves web pages
into a folder of the user's (see ``helpers.web.fetch``): the only command that goes online.
``sample`` and ``agree`` draw a sample for hand coding and read the coded sheets
back (see ``helpers.validation.commands``). ``scale`` runs the analysis of a corpus
too large for one process by partitions on Dask (see ``helpers.scale.run``).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import pandas as pd

from helpers import DISTRIBUTION, __version__
from helpers.base.paths import corpus_dir, display_path, folder_problem
from helpers.corpus.load import (
    DEFAULT_LANGUAGE,
    DEFAULT_MAX_BYTES,
    OTHER_LANGUAGES,
    Corpus,
    CorpusError,
    CorpusWarning,
    display_name,
    export_corpus,
    load_corpus,
)

__all__ = [
    "SHOW_ROWS",
    "export_units",
    "main",
    "make_parser",
    "print_corpus",
    "run_corpus",
    "run_handout",
]

SHOW_ROWS = 40  # documents printed (--export writes them all); above it, report rows to note


def _table(frame: pd.DataFrame, width: int = 60) -> str:
    """Render a table as plain text, long cells shortened to ``width`` characters."""
    shown = frame.copy()
    for column in shown.columns:
        shown[column] = (
            shown[column].astype(str).map(lambda v: v if len(v) <= width else v[: width - 1] + "…")
        )
    return shown.to_string(index=False)


def _report_rows(report: pd.DataFrame) -> pd.DataFrame:
    """The rows of the load report to print: all of them up to ``SHOW_ROWS`` files; above
    that, every file with a status other than ``loaded`` or with a reason (never hidden)."""
    if len(report) <= SHOW_ROWS:
        return report
    return report[(report["status"] != "loaded") | (report["reason"].fillna("") != "")]


def run_corpus(args: argparse.Namespace) -> int:
    """Load a corpus folder, print or export it. Out: the exit code: 0 when at least one
    document loaded, 1 when none did, 2 when the folder or its metadata.csv cannot be used
    (or, with --strict, at the first problem file), and also when the export cannot be written."""
    folder = Path(args.dir) if args.dir else corpus_dir()
    problem = folder_problem(folder, "the corpus folder")
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    max_bytes = int(args.max_mb * 1e6) if args.max_mb else DEFAULT_MAX_BYTES
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)  # the report below lists them
            corpus = load_corpus(
                folder,
                max_bytes=max_bytes,
                strict=args.strict,
                language=args.language,
                other_languages=args.other_languages,
            )
    except CorpusError as error:
        print(f"error: {display_name(str(error))}", file=sys.stderr)
        return 2
    if args.export:
        try:
            written = [*export_corpus(corpus, args.export), export_units(corpus, args.export)]
        except OSError as error:
            where = display_name(error.filename or args.export)
            print(f"error: cannot write the export to {where}: {error.strerror}", file=sys.stderr)
            return 2
        for path in written:
            print(f"wrote {display_name(str(path))}")
        print(f"\n{_status_counts(corpus.report)}")
    else:
        print_corpus(corpus, folder)
    if corpus.documents.empty:
        print("error: no document could be loaded", file=sys.stderr)
        return 1
    return 0


def export_units(corpus: Corpus, outdir: Path | str) -> Path:
    """Write the annotation table (``helpers.reading.units.build_units``) as ``outdir/units.csv``.

    In: a loaded corpus; the export folder. Out: the path written (UTF-8, one
    header row, the columns ``units.UNIT_COLUMNS``), so that the project's
    reading of every sentence can be taken to R, a spreadsheet or other coding.
    """
    from helpers.reading.units import (
        build_units,  # the rules are read only when the table is asked for
    )

    path = Path(outdir) / "units.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    build_units(corpus).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def print_corpus(corpus: Corpus, folder: Path | str, title_width: int = 60) -> None:
    """Print what ``python -m helpers corpus`` prints for an already loaded corpus.

    In: the corpus and the folder it was loaded from (for the heading); the
    most characters of a title shown (a notebook passes fewer, so that each
    line fits its output area and is never wrapped inside a word). Out:
    nothing; prints the documents (the first ``SHOW_ROWS``), the rows of the
    load report to note (see ``_report_rows``) and the count of each status.
    """
    docs, report = corpus.documents, corpus.report
    shown = docs.head(SHOW_ROWS)
    shown = shown.assign(date=shown["date"].dt.strftime("%Y-%m-%d"))
    print(f"Corpus folder: {display_name(str(display_path(Path(folder))))}\n")
    print(f"Documents ({len(docs)}):")
    columns = ["doc_id", "date", "place", "doc_type", "n_words", "title"]
    print(_table(shown[columns], width=title_width) if len(docs) else "  (none)")
    if len(docs) > SHOW_ROWS:
        print(f"... and {len(docs) - SHOW_ROWS} more (--export OUTDIR writes them all)")
    print(f"\nLoad report ({len(report)} files):")
    listed = _report_rows(report)
    if len(listed):
        print(_table(listed[["file", "status", "date_source", "reason"]], width=100))
    if len(listed) < len(report):
        print(f"... and {len(report) - len(listed)} files loaded without remark")
    elif not len(report):
        print("  (none)")
    print(f"\n{_status_counts(report)}")


def _status_counts(report: pd.DataFrame) -> str:
    """'5 loaded, 0 warning, 0 skipped, 1 ignored' for a load report."""
    counts = report["status"].value_counts()
    return ", ".join(f"{counts.get(s, 0)} {s}" for s in ("loaded", "warning", "skipped", "ignored"))


def run_handout(args: argparse.Namespace) -> int:
    """Write the HTML handout from the committed notebooks and figures. Out: the exit code."""
    from helpers.teaching.handout import write_handout

    index = write_handout(out_dir=args.out)
    print(f"Wrote the handout: {display_path(index)} (open it in a browser)")
    return 0


def make_parser() -> argparse.ArgumentParser:
    """Build the argument parser with its sub-commands (``corpus``, ``build``, ``handout``,
    ``fetch``, ``sample``, ``agree``)."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description=(
            "Commands of the migration-crime framing project: check a folder of pages "
            "(corpus), fetch pages from the web (fetch), re-run the notebooks (build), "
            "write the HTML handout (handout), draw a sample to code by hand (sample), "
            "read coded sheets back (agree)."
        ),
        epilog=(
            "Exit codes: 0 done; 1 nothing could be done (no document loaded, a notebook "
            "failed, a page could not be fetched); 2 wrong input (a missing folder, a file "
            "where a folder is expected, a problem file with --strict, a bad option, an "
            "output folder that cannot be written); 3 this "
            "environment runs another project folder's code (the message says how to "
            "reinstall); 130 stopped with Ctrl-C. The README lists them under 'Exit codes'."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    corpus = commands.add_parser("corpus", help="check a folder of pages, or export it as CSV")
    corpus.add_argument("dir", nargs="?", help="the corpus folder (default: $CORPUS_DIR or seeds/)")
    corpus.add_argument(
        "--export",
        metavar="OUTDIR",
        help="write documents.csv, sentences.csv, load_report.csv and units.csv (the reading of "
        "every sentence) to OUTDIR instead of printing",
    )
    corpus.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 2) on the first problem file instead of skipping it",
    )
    corpus.add_argument(
        "--language",
        default=DEFAULT_LANGUAGE,
        metavar="CODE",
        help="the analysis language, an ISO 639 code: pages in others are skipped "
        f"(default {DEFAULT_LANGUAGE}, English, the language of the rules in data/)",
    )
    corpus.add_argument(
        "--other-languages",
        choices=OTHER_LANGUAGES,
        default="skip",
        help="skip pages in another language (default), or load them with a warning",
    )
    corpus.add_argument(
        "--max-mb",
        type=float,
        default=None,
        help=f"skip files larger than this (default {DEFAULT_MAX_BYTES / 1e6:g} MB)",
    )
    corpus.set_defaults(func=run_corpus)

    from helpers.build import add_build_arguments, run_build

    build = commands.add_parser(
        "build", help="re-run every notebook, regenerate figures/ and the HTML handout"
    )
    add_build_arguments(build)
    build.set_defaults(func=run_build)

    from helpers.web.fetch import add_fetch_arguments, run_fetch

    fetch = commands.add_parser(
        "fetch", help="fetch web pages into a corpus folder, politely, logging where each came from"
    )
    add_fetch_arguments(fetch)
    fetch.set_defaults(func=run_fetch)

    from helpers.validation.commands import (
        add_agree_arguments,
        add_sample_arguments,
        run_agree,
        run_sample,
    )

    sample = commands.add_parser(
        "sample", help="draw a sample of units to code by hand: a coding sheet and its codebook"
    )
    add_sample_arguments(sample)
    sample.set_defaults(func=run_sample)

    agree = commands.add_parser(
        "agree", help="read coded sheets back: coders' agreement (alpha), disagreements, rules"
    )
    add_agree_arguments(agree)
    agree.set_defaults(func=run_agree)

    from helpers.scale.run import add_scale_arguments, run_scale_command

    scale = commands.add_parser(
        "scale",
        help="run the analysis by partitions on Dask (this machine or a cluster) into a folder "
        "of tables",
    )
    add_scale_arguments(scale)
    scale.set_defaults(func=run_scale_command)

    handout = commands.add_parser(
        "handout", help="render the executed notebooks and figures to handout/ (no re-run)"
    )
    handout.add_argument("--out", type=Path, default=None, help="output folder (default: handout/)")
    handout.set_defaults(func=run_handout)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m helpers``. Out: the exit code."""
    args = make_parser().parse_args(argv)
    return args.func(args)
