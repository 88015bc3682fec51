"""Test session setup: figures go to temporary folders, never to the repo's figures/.

The notebooks run once per session, in a shared build (``project_builds``):
every notebook of ``notebooks/`` is executed into a temporary folder, with its
figures in another, and so is the teacher's key (``teacher_key_run``). The
tests compare those files with the committed ones (``test_notebooks_run.py``)
and write the handout from them (``test_handout.py``). A second build of
``notebooks/`` runs beside the first, one kernel each, to show that the same
input gives the same bytes. The builds start in the background as soon as
collection ends, when a selected test needs them, so they run while the unit
tests do. A test that uses them is marked ``slow`` here, so
``pytest -m "not slow"`` starts no kernel.

``FIGURES_DIR`` is also pointed at a temporary folder for the whole session,
and ``CORPUS_DIR`` at ``seeds/`` (the corpus the committed outputs come from),
for the kernels nbval starts when a notebook is named on the command line
(``pytest tests notebooks/01_corpus.ipynb``; this file is loaded only when
``tests`` is collected or pytest runs from the repo root).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.base import paths
from helpers.build import NotebookError, build_all, prepare_kernels, run_notebooks

TEACHER_KEY = paths.REPO_ROOT / "teacher" / "05_seminar_key.ipynb"
BUILD_FIXTURES = frozenset({"project_builds", "teacher_key_run"})

_SAVED = pytest.StashKey[dict[str, str | None]]()
_TEMP = pytest.StashKey[str]()
_BUILDS = pytest.StashKey["Builds"]()


@dataclass(frozen=True)
class Build:
    """One build's folders: the executed notebooks and the figures they wrote."""

    notebooks: Path
    figures: Path

    def executed(self, committed: Path) -> Path:
        """The fresh run of the committed notebook ``committed``."""
        return self.notebooks / Path(committed).name


@dataclass(frozen=True)
class BuildPair:
    """The session's two builds of ``notebooks/``."""

    first: Build
    second: Build


class Builds:
    """Two builds of the repo's notebooks on ``seeds/`` and a run of the teacher's key,
    in background threads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="build")
        self.first = Build(root / "first" / "notebooks", root / "first" / "figures")
        self.second = Build(root / "second" / "notebooks", root / "second" / "figures")
        self.teacher = Build(root / "teacher" / "notebooks", root / "teacher" / "figures")
        # The kernels' environment, read now, before any test changes os.environ.
        self.env = dict(os.environ)
        prepare_kernels()
        # Set at the end of the session: builds still running start no other notebook.
        self.stop = threading.Event()
        # One kernel per thread at a time, two threads: two kernels in all, one per core.
        # The key runs when the first build is done; its failure fails only its own test.
        self.builds: list[Future] = [
            self.pool.submit(self._build, self.first),
            self.pool.submit(self._build, self.second),
        ]
        self.key: Future = self.pool.submit(self._run_key)

    def _build(self, build: Build) -> None:
        build_all(
            notebooks_dir=paths.NOTEBOOKS_DIR,
            figures_dir=build.figures,
            corpus_dir=paths.SEEDS_DIR,
            notebooks_out=build.notebooks,
            workers=1,
            env=self.env,
            stop=self.stop,
        )

    def _run_key(self) -> None:
        self.teacher.figures.mkdir(parents=True)
        env = {
            **self.env,
            paths.FIGURES_ENV: str(self.teacher.figures),
            paths.CORPUS_ENV: str(paths.SEEDS_DIR),
        }
        jobs = [(TEACHER_KEY, self.teacher.executed(TEACHER_KEY))]
        run_notebooks(jobs, env, workers=1, stop=self.stop)

    def result(self) -> BuildPair:
        """Wait for both builds; raise the first one's error if one failed."""
        for future in self.builds:
            future.result()
        return BuildPair(self.first, self.second)

    def key_result(self) -> Build:
        """Wait for the run of the teacher's key; raise its error if it failed."""
        self.key.result()
        return self.teacher

    def close(self) -> None:
        """Stop the builds after the notebooks running now, wait, delete the folders."""
        self.stop.set()
        self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    """Point FIGURES_DIR at a new temporary folder and CORPUS_DIR at seeds/ for the session,
    and ask kernels for static outputs (NOTEBOOK_STATIC_OUTPUT), as the build does."""
    keys = (paths.FIGURES_ENV, paths.CORPUS_ENV, paths.STATIC_ENV)
    config.stash[_SAVED] = {key: os.environ.get(key) for key in keys}
    temp = tempfile.mkdtemp(prefix="figures-")
    config.stash[_TEMP] = temp
    os.environ[paths.FIGURES_ENV] = temp
    os.environ[paths.CORPUS_ENV] = str(paths.SEEDS_DIR)
    os.environ[paths.STATIC_ENV] = "1"
    # Build matplotlib's font cache now: otherwise the first kernel prints
    # "Matplotlib is building the font cache" and its notebook no longer matches.
    import matplotlib.font_manager  # noqa: F401


@pytest.fixture(scope="module")
def cues():
    """The framing cues of ``data/framing_cues.csv``, read once per test module."""
    from helpers.rules.cues import read_cues

    return read_cues()


@pytest.fixture(scope="module")
def codebook(cues):
    """The theme codebook of ``data/themes.csv``, read once per test module."""
    from helpers.reading.themes import read_codebook

    return read_codebook(cues=cues)


def uses_builds(item: pytest.Item) -> bool:
    """Whether a test needs the shared builds (directly or through another fixture)."""
    return bool(BUILD_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs the builds ``slow``, before ``-m`` deselects, and run
    those tests last (otherwise in their order), so the unit tests run while the
    builds do instead of waiting behind the first test that needs them."""
    for item in items:
        if uses_builds(item):
            item.add_marker(pytest.mark.slow)
    items.sort(key=uses_builds)  # stable: False (unit tests) first


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the builds now if a selected test needs them, so they overlap the unit tests."""
    if not session.config.option.collectonly and any(uses_builds(i) for i in session.items):
        session.config.stash[_BUILDS] = Builds(Path(tempfile.mkdtemp(prefix="builds-")))


def _builds(config: pytest.Config) -> Builds:
    """The session's builds, started now if collection did not start them."""
    builds = config.stash.get(_BUILDS, None)
    if builds is None:
        builds = Builds(Path(tempfile.mkdtemp(prefix="builds-")))
        config.stash[_BUILDS] = builds
    return builds


def _wait(result):
    """Call ``result``; a failed notebook fails the test briefly, naming notebook and cell."""
    try:
        return result()
    except NotebookError as error:
        failed = error
    # Every test that needs the build reports this, so say it once and briefly:
    # the notebook, the cell and the error, without this fixture's traceback.
    pytest.fail(f"the build failed: {failed}\n{failed.details}", pytrace=False)


@pytest.fixture(scope="session")
def project_builds(request: pytest.FixtureRequest) -> BuildPair:
    """The session's two builds of ``notebooks/`` (see the module's docstring), waited for."""
    return _wait(_builds(request.config).result)


@pytest.fixture(scope="session")
def teacher_key_run(request: pytest.FixtureRequest) -> Build:
    """The session's run of the teacher's key, waited for."""
    return _wait(_builds(request.config).key_result)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the environment variables and delete the temporary folders."""
    builds = config.stash.get(_BUILDS, None)
    if builds is not None:
        builds.close()
    for key, value in config.stash.get(_SAVED, {}).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    temp = config.stash.get(_TEMP, None)
    if temp:
        shutil.rmtree(temp, ignore_errors=True)
