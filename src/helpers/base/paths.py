"""Every path the project uses, from the project folder in use.

The project folder is the nearest one, from the working folder up, holding ``pyproject.toml``
(this project), ``notebooks/`` and ``data/``, else the folder ``helpers`` was installed from;
a copy of the project (one per student) finds itself. When both exist and differ (a copy that
brought its ``.venv``), importing stops with :class:`ProjectMismatchError`. ``CORPUS_DIR``,
``FIGURES_DIR`` and ``CORPUS_CACHE_DIR`` point elsewhere, a relative value read against the
project folder, so a notebook (run in ``notebooks/``) and a command mean the same folder.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

# fmt: off
__all__ = [
    "CACHE_ENV", "CORPUS_ENV", "DATA_DIR", "DEFAULT_CACHE_DIR", "DEFAULT_FIGURES_DIR",
    "FIGURES_ENV", "FIGURE_FILE_PATTERN", "NOTEBOOKS_DIR", "NOTEBOOK_PATTERN", "PROJECT_NAME",
    "ProjectMismatchError", "REPO_ROOT", "RESULTS_ENV", "SEEDS_DIR", "STATIC_ENV", "cache_dir",
    "corpus_dir", "display_path", "figures_dir", "find_notebooks", "find_project_root",
    "folder_problem", "installed_root", "is_project_root", "project_root", "resolve_setting",
    "results_dir",
]
# fmt: on

PROJECT_NAME = "migration-crime-framing"  # the name in pyproject.toml


class ProjectMismatchError(RuntimeError):
    """The folder in use is a project folder, but ``helpers`` is installed from another."""


def is_project_root(folder: Path) -> bool:
    """Whether ``folder`` holds ``notebooks/``, ``data/`` and a ``pyproject.toml`` naming
    :data:`PROJECT_NAME`."""
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
    """The nearest project folder at or above ``start``, resolved; None if there is none."""
    start = Path(start).resolve()
    return next((f for f in (start, *start.parents) if is_project_root(f)), None)


def installed_root() -> Path | None:
    """The project folder ``helpers`` was installed from (``pip install -e .``), else None."""
    folder = Path(__file__).resolve().parents[3]
    return folder if is_project_root(folder) else None


def project_root(cwd: Path | None = None, installed: Path | None = None) -> Path:
    """The project folder found from ``cwd``, else ``installed``.

    Raises :class:`ProjectMismatchError` when both exist and differ, ``FileNotFoundError``
    when neither does.
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
RESULTS_ENV = "RESULTS_DIR"  # the output folder of ``python -m helpers scale`` (notebook 07)


def resolve_setting(name: str, default: Path) -> Path:
    """The folder variable ``name`` gives (``default`` when unset), ``~`` expanded, a
    relative value joined to :data:`REPO_ROOT`."""
    value = os.environ.get(name, "").strip()
    return REPO_ROOT / Path(value).expanduser() if value else default


def corpus_dir() -> Path:
    """``$CORPUS_DIR``, else ``seeds/``."""
    return resolve_setting(CORPUS_ENV, SEEDS_DIR)


def figures_dir() -> Path:
    """``$FIGURES_DIR``, else ``figures/``."""
    return resolve_setting(FIGURES_ENV, DEFAULT_FIGURES_DIR)


def results_dir() -> Path | None:
    """``$RESULTS_DIR`` (an output folder of ``python -m helpers scale``), else None."""
    return resolve_setting(RESULTS_ENV, None) if os.environ.get(RESULTS_ENV, "").strip() else None


def cache_dir() -> Path:
    """``$CORPUS_CACHE_DIR``, else ``.cache/corpus/`` (never inside the corpus folder)."""
    return resolve_setting(CACHE_ENV, DEFAULT_CACHE_DIR)


def folder_problem(path: Path, what: str) -> str:
    """What is wrong with ``path`` given as ``what`` ("the corpus folder"); '' for a folder."""
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
    """``path`` relative to the project, else its name: outputs never show where it was cloned."""
    path = Path(path).resolve()
    try:
        return path.relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return path.name


# Numbered notebooks and the figure files they write (NN_name.png|svg|pdf|csv)
NOTEBOOK_PATTERN = re.compile(r"^(\d{2})_[^/]*\.ipynb$")
FIGURE_FILE_PATTERN = re.compile(r"^(\d{2})_[a-z0-9_]+\.(png|svg|pdf|csv)$")


def find_notebooks(notebooks_dir: Path) -> list[Path]:
    """The notebooks ``NN_*.ipynb`` directly in ``notebooks_dir``, by number, then name."""
    found = [
        path
        for path in Path(notebooks_dir).glob("*.ipynb")
        if path.is_file() and NOTEBOOK_PATTERN.match(path.name)
    ]
    return sorted(found, key=lambda path: (int(path.name[:2]), path.name))
