"""The command line, ``python -m helpers COMMAND`` (``--help`` lists the commands). Each
command's module adds its own options and runs it; this one parses and dispatches, and
runs ``corpus`` itself.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from importlib import import_module
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

__all__ = ["SHOW_ROWS", "export_units", "main", "make_parser", "print_corpus", "run_corpus"]

SHOW_ROWS = 40  # documents printed (--export writes them all); above it, report rows to note


def _table(frame: pd.DataFrame, width: int = 60) -> str:
    """Render a table as plain text, long cells shortened to ``width`` characters."""
    shown = frame.astype(str).map(lambda v: v if len(v) <= width else v[: width - 1] + "…")
    return shown.to_string(index=False)


def _report_rows(report: pd.DataFrame) -> pd.DataFrame:
    """The rows of the load report to print: all of them up to ``SHOW_ROWS`` files; above
    that, every file with a status other than ``loaded`` or with a reason (never hidden)."""
    if len(report) <= SHOW_ROWS:
        return report
    return report[(report["status"] != "loaded") | (report["reason"].fillna("") != "")]


def run_corpus(args: argparse.Namespace) -> int:
    """``corpus``: load a folder, print or export it. Out: 0 when a document loaded, 1 when
    none did, 2 for input or an export that cannot be used."""
    folder = Path(args.dir) if args.dir else corpus_dir()
    problem = folder_problem(folder, "the corpus folder")
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorpusWarning)  # the report below lists them
            corpus = load_corpus(
                folder,
                max_bytes=args.max_bytes,
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
    """Write the annotation table (``build_units``) as ``outdir/units.csv``, for R, a
    spreadsheet or other coding. Out: the path."""
    from helpers.reading.units import build_units  # the rules are read only when asked for

    path = Path(outdir) / "units.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    build_units(corpus).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


def print_corpus(corpus: Corpus, folder: Path | str, title_width: int = 60) -> None:
    """Print what ``python -m helpers corpus`` prints for a loaded corpus: the first
    ``SHOW_ROWS`` documents, the report rows to note, each status's count (a notebook passes a
    shorter ``title_width`` to fit its output area)."""
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


def _run_handout(args: argparse.Namespace) -> int:
    from helpers.teaching.handout import write_handout

    index = write_handout(out_dir=args.out)
    print(f"Wrote the handout: {display_path(index)} (open it in a browser)")
    return 0


def _megabytes(text: str) -> int:
    """``--max-mb``'s value in bytes (0: the default)."""
    return int(float(text) * 1e6) or DEFAULT_MAX_BYTES


def _loader_options() -> argparse.ArgumentParser:
    """The loader's options, which ``corpus`` and ``scale`` share (``parents=``)."""
    options = argparse.ArgumentParser(add_help=False)
    add = options.add_argument
    add(
        "--language",
        default=DEFAULT_LANGUAGE,
        metavar="CODE",
        help="the analysis language, an ISO 639 code: pages in others are skipped "
        f"(default {DEFAULT_LANGUAGE}, English, the language of the rules in data/)",
    )
    add(
        "--other-languages",
        choices=OTHER_LANGUAGES,
        default="skip",
        help="skip pages in another language (default), or load them with a warning",
    )
    add(
        "--max-mb",
        dest="max_bytes",
        type=_megabytes,
        default=DEFAULT_MAX_BYTES,
        metavar="MB",
        help=f"skip files larger than this (default {DEFAULT_MAX_BYTES / 1e6:g} MB)",
    )
    return options


def make_parser() -> argparse.ArgumentParser:
    """The argument parser, with its sub-commands."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Commands of the migration-crime framing project (one per line below).",
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

    loader = _loader_options()
    corpus = commands.add_parser(
        "corpus", help="check a folder of pages, or export it as CSV", parents=[loader]
    )
    add = corpus.add_argument
    add("dir", nargs="?", help="the corpus folder (default: $CORPUS_DIR or seeds/)")
    add(
        "--export",
        metavar="OUTDIR",
        help="write documents.csv, sentences.csv, load_report.csv "
        "and units.csv (the reading of every sentence) to OUTDIR instead of printing",
    )
    add(
        "--strict",
        action="store_true",
        help="fail (exit 2) on the first problem file instead of skipping it",
    )
    corpus.set_defaults(func=run_corpus)  # fmt: skip

    for name, about, module, adder, runner in (
        ("build", "re-run every notebook, regenerate figures/ and the HTML handout",
         "helpers.build", "add_build_arguments", "run_build"),
        ("fetch", "fetch web pages into a corpus folder, politely, logging where each came "
         "from", "helpers.web.fetch", "add_fetch_arguments", "run_fetch"),
        ("sample", "draw a sample of units to code by hand: a coding sheet and its codebook",
         "helpers.validation.commands", "add_sample_arguments", "run_sample"),
        ("agree", "read coded sheets back: coders' agreement (alpha), disagreements, rules",
         "helpers.validation.commands", "add_agree_arguments", "run_agree"),
        ("scale", "run the analysis by partitions on Dask (this machine or a cluster) into a "
         "folder of tables", "helpers.scale.run", "add_scale_arguments", "run_scale_command"),
        ("figures", "draw the figures of notebooks 01-04 from the tables of 'scale' (as "
         "notebook 07)", "helpers.scale.results", "add_figures_arguments", "run_figures_command"),
    ):  # fmt: skip
        shared = [loader] if name == "scale" else []
        command = commands.add_parser(name, help=about, parents=shared)
        code = import_module(module)
        getattr(code, adder)(command)
        command.set_defaults(func=getattr(code, runner))

    handout = commands.add_parser(
        "handout", help="render the executed notebooks and figures to handout/ (no re-run)"
    )
    handout.add_argument("--out", type=Path, default=None, help="output folder (default: handout/)")
    handout.set_defaults(func=_run_handout)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m helpers``. Out: the exit code."""
    args = make_parser().parse_args(argv)
    return args.func(args)
