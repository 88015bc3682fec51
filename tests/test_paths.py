"""The project folder is the one in use, settings are read against it, a stray install stops."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.base import paths


def make_project(folder: Path, name: str = paths.PROJECT_NAME) -> Path:
    """A folder with the three marks of a project folder."""
    (folder / "notebooks").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "pyproject.toml").write_text(f'[project]\nname = "{name}"\n', encoding="utf-8")
    return folder.resolve()


def test_the_root_is_found_from_any_folder_inside_it(tmp_path):
    root = make_project(tmp_path / "copy")
    inner = root / "notebooks" / "deeper"
    inner.mkdir()
    assert paths.find_project_root(inner) == root
    assert paths.find_project_root(root) == root
    assert paths.find_project_root(tmp_path) is None


def test_another_projects_folder_is_not_a_root(tmp_path):
    other = make_project(tmp_path / "other", name="someone-elses-analysis")
    assert not paths.is_project_root(other)
    assert paths.find_project_root(other / "notebooks") is None


def test_the_folder_in_use_wins_over_the_install_folder_only_when_they_agree(tmp_path):
    original = make_project(tmp_path / "original")
    assert paths.project_root(cwd=original / "notebooks", installed=original) == original
    # Outside any project folder: the install folder.
    assert paths.project_root(cwd=tmp_path, installed=original) == original


def test_a_copy_running_the_originals_code_stops_and_says_how_to_reinstall(tmp_path):
    original = make_project(tmp_path / "original")
    copy = make_project(tmp_path / "copy")
    with pytest.raises(paths.ProjectMismatchError) as caught:
        paths.project_root(cwd=copy / "notebooks", installed=original)
    message = str(caught.value)
    assert str(copy) in message and str(original) in message
    assert "pip install -e ." in message


def test_no_project_folder_at_all_is_an_error_that_says_where_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "installed_root", lambda: None)
    with pytest.raises(FileNotFoundError, match="pyproject.toml"):
        paths.project_root(cwd=tmp_path)


def test_the_repository_in_use_is_the_root():
    assert paths.REPO_ROOT == paths.find_project_root(Path.cwd()) or paths.REPO_ROOT == (
        paths.installed_root()
    )
    assert paths.is_project_root(paths.REPO_ROOT)


@pytest.mark.parametrize("name", [paths.CORPUS_ENV, paths.FIGURES_ENV, paths.CACHE_ENV])
def test_a_relative_setting_is_read_against_the_project_folder(monkeypatch, tmp_path, name):
    monkeypatch.chdir(tmp_path)  # not the project: the working folder must not matter
    monkeypatch.setenv(name, "my_pages")
    assert paths.resolve_setting(name, Path("unused")) == paths.REPO_ROOT / "my_pages"
    monkeypatch.setenv(name, str(tmp_path / "elsewhere"))
    assert paths.resolve_setting(name, Path("unused")) == tmp_path / "elsewhere"
    monkeypatch.setenv(name, "  ")
    assert paths.resolve_setting(name, Path("unused")) == Path("unused")


def test_corpus_dir_from_a_notebooks_working_folder(tmp_path):
    """A kernel runs in notebooks/: CORPUS_DIR=my_pages is still the project's my_pages."""
    env = {k: v for k, v in os.environ.items() if k != paths.FIGURES_ENV}
    env[paths.CORPUS_ENV] = "my_pages"
    code = "from helpers.base import paths; print(paths.corpus_dir()); print(paths.figures_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=paths.NOTEBOOKS_DIR, env=env,
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert out == [str(paths.REPO_ROOT / "my_pages"), str(paths.REPO_ROOT / "figures")]


def test_a_copied_project_with_the_originals_environment_stops_before_writing(tmp_path):
    """The command and a notebook's first import both stop, naming both folders."""
    copy = make_project(tmp_path / "copy")
    (copy / "seeds").mkdir()
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    env = {k: v for k, v in os.environ.items() if k not in (paths.CORPUS_ENV, paths.FIGURES_ENV)}
    run = subprocess.run(
        [sys.executable, "-m", "helpers", "corpus"], cwd=copy / "notebooks", env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    assert str(copy) in run.stderr and str(paths.REPO_ROOT) in run.stderr
    assert "pip install -e ." in run.stderr
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before
    kernel = subprocess.run(
        [sys.executable, "-c", "from helpers import figures"], cwd=copy / "notebooks", env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    assert kernel.returncode != 0 and "ProjectMismatchError" in kernel.stderr
