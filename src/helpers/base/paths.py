"""Every path the project uses, defined once, from the project folder in use.

**The project folder** (``REPO_ROOT``) is the folder being worked in: the
nearest folder, from the current working folder upwards, that holds
``pyproject.toml`` (naming this project), ``notebooks/`` and ``data/``. A
notebook's kernel runs in ``notebooks/``, a command in the project's folder
or below it, so both find the same root, and a copy of the project (say one
per student) finds itself, not the folder it was copied from. Outside any
project folder, the folder ``helpers`` was installed from is used.

When the folder in use is a project folder but this environment's
``helpers`` was installed (``pip install -e .``) from another one, as in a
copy that brought its ``.venv`` along, importing this module stops with
:class:`ProjectMismatchError`: running the other folder's code would read its
files and write its figures. The message says how to reinstall in the copy.

Three environment variables let a user point the notebooks and the commands
elsewhere without editing code. A relative value is read against the project
folder (not against the folder a command or a kernel happens to run in), so
``CORPUS_DIR=my_pages`` means ``<project>/my_pages`` in a notebook too:

- ``CORPUS_DIR``: the folder of pages to analyse (default: the project's ``seeds/``).
- ``FIGURES_DIR``: where figures and their data are written (default: ``figures/``).
- ``CORPUS_CACHE_DIR``: where parsed large corpora are cached (default: ``.cache/corpus/``
  in the project, which git ignores; never inside the corpus folder).
"""

from __future__ import annotations

import os
import re
import tomllib
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
    "PROJECT_NAME",
    "ProjectMismatchError",
    "REPO_ROOT",
    "SEEDS_DIR",
    "STATIC_ENV",
    "cache_dir",
    "corpus_dir",
    "display_path",
    "figures_dir",
    "find_notebooks",
    "find_project_root",
    "folder_problem",
    "installed_root",
    "is_project_root",
    "project_root",
    "resolve_setting",
]

PROJECT_NAME = "migration-crime-framing"  # the name in pyproject.toml


class ProjectMismatchError(RuntimeError):
    """The folder in use is a project folder, but ``helpers`` is installed from another."""


def is_project_root(folder: Path) -> bool:
    """Whether ``folder`` is a folder of this project.

    In: a folder. Out: True when it holds ``notebooks/``, ``data/`` and a
    ``pyproject.toml`` whose project name is :data:`PROJECT_NAME`.
    """
    folder = Path(folder)
    pyproject = folder / "pyproject.toml"
    if not (pyproject.is_file() and (folder / "notebooks").is_dir() and (folder / "data").is_dir()):
        return False
    try:
        with pyproject.open("rb") as handle:
            name = tomllib.load(handle).get("project", {}).get("name")
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return name == PROJECT_NAME


def find_project_root(start: Path) -> Path | None:
    """The nearest project folder at or above ``start``.

    In: a folder (e.g. the current working folder). Out: the first of it and
    its parents that :func:`is_project_root` accepts, resolved; None if none is.
    """
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if is_project_root(folder):
            return folder
    return None


def installed_root() -> Path | None:
    """The project folder this ``helpers`` package was installed from, if any.

    In: nothing. Out: the folder two levels above ``src/helpers/`` when it is
    a project folder (an editable install, ``pip install -e .``), else None.
    """
    folder = Path(__file__).resolve().parents[3]
    return folder if is_project_root(folder) else None


def project_root(cwd: Path | None = None, installed: Path | None = None) -> Path:
    """The project folder in use (see the module docstring).

    In: the working folder (default: the current one); the folder ``helpers``
    was installed from (default: :func:`installed_root`). Out: the project
    folder found from ``cwd``, else ``installed``. Raises
    :class:`ProjectMismatchError` when both exist and differ, and
    ``FileNotFoundError`` when neither exists.
    """
    in_use = find_project_root(Path.cwd() if cwd is None else cwd)
    installed = installed_root() if installed is None else Path(installed).resolve()
    if in_use is not None and installed is not None and in_use != installed:
        raise ProjectMismatchError(
            f"You are working in the project folder {in_use}, but this environment's "
            f"helpers package is installed from another copy of the project, {installed}: "
            "its code would read that folder's data and write that folder's figures. "
            "This happens when a project folder is copied together with its .venv. "
            f"Reinstall the package in this folder: cd {in_use} && "
            ".venv/bin/python -m pip install -e . (Windows: .venv\\Scripts\\python -m pip "
            "install -e .), or make a new environment there (see the README, Quick start)."
        )
    if in_use is not None:
        return in_use
    if installed is not None:
        return installed
    raise FileNotFoundError(
        "no project folder found: run the command from the project's folder (the one "
        "holding pyproject.toml, notebooks/ and data/) or from a folder inside it"
    )


REPO_ROOT: Path = project_root()
SEEDS_DIR: Path = REPO_ROOT / "seeds"
DATA_DIR: Path = REPO_ROOT / "data"
NOTEBOOKS_DIR: Path = REPO_ROOT / "notebooks"
DEFAULT_FIGURES_DIR: Path = REPO_ROOT / "figures"

DEFAULT_CACHE_DIR: Path = REPO_ROOT / ".cache" / "corpus"

CORPUS_ENV = "CORPUS_DIR"
FIGURES_ENV = "FIGURES_DIR"
CACHE_ENV = "CORPUS_CACHE_DIR"
# Set (to 1) by the build and the tests for the kernels they run: outputs are stored and
# compared, so interactive views (the explorer's widgets) show as text instead.
STATIC_ENV = "NOTEBOOK_STATIC_OUTPUT"


def resolve_setting(name: str, default: Path, root: Path | None = None) -> Path:
    """The folder an environment variable names, read against the project folder.

    In: the variable's name; the folder to use when it is unset or empty; the
    project folder (default: :data:`REPO_ROOT`). Out: ``~`` expanded, and a
    relative value joined to the project folder, so the same setting names the
    same folder in a notebook (which runs in ``notebooks/``) and in a command.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else (REPO_ROOT if root is None else root) / path


def corpus_dir() -> Path:
    """Return the corpus folder: ``$CORPUS_DIR`` if set (relative: to the project), else
    the project's ``seeds/``."""
    return resolve_setting(CORPUS_ENV, SEEDS_DIR)


def figures_dir() -> Path:
    """Return the figures folder: ``$FIGURES_DIR`` if set (relative: to the project), else
    the project's ``figures/``."""
    return resolve_setting(FIGURES_ENV, DEFAULT_FIGURES_DIR)


def cache_dir() -> Path:
    """Return the corpus cache folder: ``$CORPUS_CACHE_DIR`` if set (relative: to the
    project), else ``.cache/corpus/``."""
    return resolve_setting(CACHE_ENV, DEFAULT_CACHE_DIR)


def folder_problem(path: Path, what: str) -> str:
    """What is wrong with a path given where a folder is expected, or '' when nothing is.

    In: the path; what it should be ("the corpus folder"). Out: a message that
    names a file as a file (and the folder that holds it), or a missing folder
    as missing; '' for an existing folder.
    """
    path = Path(path)
    if path.is_file():
        parent = "the current folder" if str(path.parent) == "." else str(path.parent)
        return (
            f"{path} is a file, not a folder: give {what}, the folder that holds the pages "
            f"(this file is in {parent})"
        )
    if not path.exists():
        return f"{what} {path} does not exist"
    if not path.is_dir():
        return f"{path} is not a folder"
    return ""


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
# (``NN_name.png|svg|pdf|csv``): the build runs the first, the handout and the
# catalogue list the second.
NOTEBOOK_PATTERN = re.compile(r"^(\d{2})_[^/]*\.ipynb$")
FIGURE_FILE_PATTERN = re.compile(r"^(\d{2})_[a-z0-9_]+\.(png|svg|pdf|csv)$")


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
