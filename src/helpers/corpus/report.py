"""Load a corpus and keep the loader's warnings as lines for a notebook to show."""

from __future__ import annotations

import warnings
from pathlib import Path

from helpers.corpus.load import Corpus, CorpusWarning, load_corpus

__all__ = ["load_with_report"]


def load_with_report(folder: Path | str | None = None, **options) -> tuple[Corpus, list[str]]:
    """``load_corpus(folder, **options)`` and every warning it raised, repeats too, as lines
    ``"CorpusWarning: empty.txt: skipped: empty file"`` (the filter restored after)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        corpus = load_corpus(folder, **options)
    return corpus, [f"{w.category.__name__}: {w.message}" for w in caught]
