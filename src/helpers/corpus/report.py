"""Load a corpus and keep what the loader had to say about its files.

``corpus.load_corpus`` reports every file it skipped or read with a problem as
a ``CorpusWarning`` (the message names the file and the reason). A notebook
wants to show those lines under its own summary, not as warnings scattered
through the output: :func:`load_with_report` loads the corpus and returns the
warnings as lines of text, in the order the loader gave them.

Importing changes no setting; the warnings filter is changed only inside
:func:`load_with_report`, and restored when it returns.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from helpers.corpus.load import Corpus, CorpusWarning, load_corpus

__all__ = ["load_with_report"]


def load_with_report(folder: Path | str | None = None, **options) -> tuple[Corpus, list[str]]:
    """Load a corpus folder, recording every ``CorpusWarning`` instead of showing it.

    In: the folder (default: ``paths.corpus_dir()``) and any keyword option of
    ``load_corpus`` (``strict``, ``workers``, ``cache``, ``language``, ``other_languages``,
    ...). Out: the corpus
    and one line per warning raised while loading, ``"<category>: <message>"``
    (``"CorpusWarning: empty.txt: skipped: empty file"``), each kept even when
    the same message came before.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorpusWarning)
        corpus = load_corpus(folder, **options)
    return corpus, [f"{w.category.__name__}: {w.message}" for w in caught]
