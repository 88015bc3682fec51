"""Test session setup: figures go to a temporary folder, never to the repo's figures/.

nbval re-runs the notebooks in kernels that inherit this process's
environment, so setting ``FIGURES_DIR`` here, before any kernel starts, keeps
them from overwriting the committed figures. ``CORPUS_DIR`` is pinned to the
repo's ``seeds/``, the corpus the committed outputs were computed from.

This file is loaded when pytest runs from the repo root (``tests`` is in
``testpaths``); ``pytest notebooks/01_x.ipynb`` alone would not load it, so
run ``pytest tests notebooks/01_x.ipynb`` instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from helpers import paths

_SAVED = pytest.StashKey[dict[str, str | None]]()
_TEMP = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Point FIGURES_DIR at a new temporary folder and CORPUS_DIR at seeds/ for the session."""
    keys = (paths.FIGURES_ENV, paths.CORPUS_ENV)
    config.stash[_SAVED] = {key: os.environ.get(key) for key in keys}
    temp = tempfile.mkdtemp(prefix="figures-")
    config.stash[_TEMP] = temp
    os.environ[paths.FIGURES_ENV] = temp
    os.environ[paths.CORPUS_ENV] = str(paths.SEEDS_DIR)
    # Build matplotlib's font cache now: otherwise the first kernel prints
    # "Matplotlib is building the font cache" and its notebook no longer matches.
    import matplotlib.font_manager  # noqa: F401


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the environment variables and delete the temporary figures folder."""
    for key, value in config.stash.get(_SAVED, {}).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    temp = config.stash.get(_TEMP, None)
    if temp:
        shutil.rmtree(temp, ignore_errors=True)
