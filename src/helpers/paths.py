"""Every path the project uses, defined once.

Two environment variables let a user point the notebooks and the commands
elsewhere without editing code:

- ``CORPUS_DIR``: the folder of pages to analyse (default: the repo's ``seeds/``).
- ``FIGURES_DIR``: where figures and their data are written (default: ``figures/``).
- ``CORPUS_CACHE_DIR``: where parsed large corpora are cached (default: ``.cache/corpus/``
  in the repo, which git ignores; never inside the corpus folder).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = [
    "CACHE_ENV",
    "CORPUS_ENV",
    "DATA_DIR",
    "DEFAULT_CACHE_DIR",
    "DEFAULT_FIGURES_DIR",
    "FIGURES_ENV",
    "FIGURE_FILE_PATTERN",
    "NOTEBOOKS_DIR",
    "NOTEBOOK_PATTERN",
    "REPO_ROOT",
    "SEEDS_DIR",
    "cache_dir",
    "corpus_dir",
    "display_path",
    "figures_dir",
    "find_notebooks",
]

REPO_ROOT: Path = Path(__file__).resolve().parents[2]
SEEDS_DIR: Path = REPO_ROOT / "seeds"
DATA_DIR: Path = REPO_ROOT / "data"
NOTEBOOKS_DIR: Path = REPO_ROOT / "notebooks"
DEFAULT_FIGURES_DIR: Path = REPO_ROOT / "figures"

DEFAULT_CACHE_DIR: Path = REPO_ROOT / ".cache" / "corpus"

CORPUS_ENV = "CORPUS_DIR"
FIGURES_ENV = "FIGURES_DIR"
CACHE_ENV = "CORPUS_CACHE_DIR"


def corpus_dir() -> Path:
    """Return the corpus folder: ``$CORPUS_DIR`` if set, else the repo's ``seeds/``."""
    value = os.environ.get(CORPUS_ENV, "").strip()
    return Path(value).expanduser() if value else SEEDS_DIR


def figures_dir() -> Path:
    """Return the figures folder: ``$FIGURES_DIR`` if set, else the repo's ``figures/``."""
    value = os.environ.get(FIGURES_ENV, "").strip()
    return Path(value).expanduser() if value else DEFAULT_FIGURES_DIR


def cache_dir() -> Path:
    """Return the corpus cache folder: ``$CORPUS_CACHE_DIR`` if set, else ``.cache/corpus/``."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value).expanduser() if value else DEFAULT_CACHE_DIR


def display_path(path: Path) -> str:
    """Return ``path`` relative to the repo when it lies inside it, else its name.

    Notebook outputs are compared byte for byte, so they never show a path
    that depends on where the repo was cloned.
    """
    path = Path(path).resolve()
    try:
        return path.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return path.name


# Numbered notebooks (``NN_name.ipynb``) and the figure files they write
# (``NN_name.png|svg|csv``): the build runs the first, the handout and the
# catalogue list the second.
NOTEBOOK_PATTERN = re.compile(r"^(\d{2})_[^/]*\.ipynb$")
FIGURE_FILE_PATTERN = re.compile(r"^(\d{2})_[a-z0-9_]+\.(png|svg|csv)$")


def find_notebooks(notebooks_dir: Path) -> list[Path]:
    """Return the notebooks ``NN_*.ipynb`` directly inside ``notebooks_dir``.

    In: a folder. Out: their paths sorted by number, then by name; other
    files (and ``.ipynb_checkpoints``) are ignored.
    """
    found = [
        path
        for path in Path(notebooks_dir).glob("*.ipynb")
        if path.is_file() and NOTEBOOK_PATTERN.match(path.name)
    ]
    return sorted(found, key=lambda path: (int(path.name[:2]), path.name))
