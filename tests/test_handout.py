"""The HTML handout: written from the session's build, opened in a real headless browser.

The handout is written, as ``python -m helpers build`` writes it, from the
notebooks and figures of the session's build (``project_builds`` in
``conftest.py``), so these tests are ``slow``.

The browser test needs Chromium (Debian package ``chromium``; ``.ci/run``
installs it where it can). Without it, that test is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from helpers.base import paths
from helpers.build import find_notebooks
from helpers.teaching.handout import write_handout

NOTEBOOKS = find_notebooks(paths.NOTEBOOKS_DIR)

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",
    "--virtual-time-budget=15000",
]
# Appended to a copy of a page: once everything has loaded, write what loaded into the DOM.
CHECK_SCRIPT = """
<script>
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var broken = images.filter(function (img) { return !img.complete || img.naturalWidth === 0; })
                     .map(function (img) { return img.getAttribute("src").slice(0, 80); });
  var pre = document.createElement("pre");
  pre.id = "handout-check";
  pre.textContent = JSON.stringify({images: images.length, broken: broken,
                                    title: document.title});
  document.body.appendChild(pre);
});
</script>
"""


@pytest.fixture(scope="module")
def built(project_builds) -> tuple[Path, Path]:
    """The folders of the session's first build: executed notebooks, figures."""
    return project_builds.first.notebooks, project_builds.first.figures


@pytest.fixture(scope="module")
def handout(tmp_path_factory, built: tuple[Path, Path]) -> Path:
    """The handout written from the session's build."""
    notebooks, figures = built
    return write_handout(notebooks, figures, tmp_path_factory.mktemp("handout"))


def local_targets(page: Path) -> list[str]:
    """Every href and img src of a page that points to a file (not the web, not inline data)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    targets = [a["href"] for a in soup.find_all("a", href=True)]
    targets += [img["src"] for img in soup.find_all("img", src=True)]
    return [
        t for t in targets if not t.startswith(("#", "data:", "http://", "https://", "mailto:"))
    ]


def test_index_lists_every_notebook_and_figure(handout: Path, built: tuple[Path, Path]) -> None:
    text = handout.read_text(encoding="utf-8")
    for notebook in NOTEBOOKS:
        assert f'href="{notebook.stem}.html"' in text
        assert (handout.parent / f"{notebook.stem}.html").is_file()
    pngs = sorted(built[1].glob("*.png"))
    assert pngs, "the build wrote no figure"
    for png in pngs:
        assert f'src="figures/{png.name}"' in text
        assert (handout.parent / "figures" / png.name).read_bytes() == png.read_bytes()


def test_every_link_resolves_and_nothing_is_fetched_from_the_web(handout: Path) -> None:
    pages = sorted(handout.parent.glob("*.html"))
    assert len(pages) == len(NOTEBOOKS) + 2  # the index and the reference
    for page in pages:
        for target in local_targets(page):
            path = handout.parent / unquote(urlparse(target).path)
            assert path.is_file(), f"{page.name}: broken link {target}"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        remote = [s["src"] for s in soup.find_all("script", src=True)]
        assert not remote, f"{page.name} loads scripts from elsewhere: {remote}"


def test_findings_are_lists_and_tables_keep_their_styles_in_the_handout(handout: Path) -> None:
    """Findings shown with findings_list are bulleted lists; readable tables keep their styles."""
    for notebook in NOTEBOOKS:
        soup = BeautifulSoup(
            (handout.parent / f"{notebook.stem}.html").read_text("utf-8"), "html.parser"
        )
        lists = soup.select(".jp-OutputArea-output.jp-RenderedMarkdown li")
        assert lists, f"{notebook.name}: no findings list in the handout"
        cells = soup.select(".jp-OutputArea-output td")
        assert all("text-align" in cell.get("style", "") for cell in cells), notebook.name


def test_notebook_pages_embed_their_figures(handout: Path, built: tuple[Path, Path]) -> None:
    for notebook in find_notebooks(built[0]):
        page = (handout.parent / f"{notebook.stem}.html").read_text(encoding="utf-8")
        if '"image/png"' in notebook.read_text(encoding="utf-8"):
            assert 'src="data:image/png;base64,' in page, notebook.name


def find_browser() -> str | None:
    """The path of a Chromium-like browser, or None."""
    return next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)


def open_in_browser(browser: str, page: Path) -> dict:
    """Load a copy of ``page`` (beside it, so relative links hold) and report what loaded."""
    probe = page.with_name(f"_check_{page.name}")
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", CHECK_SCRIPT + "</body>"), "utf-8"
    )
    profile = page.parent / f"_profile_{page.stem}"
    try:
        result = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
             probe.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
            env={**os.environ, "HOME": str(page.parent)},
        )  # fmt: skip
    finally:
        probe.unlink()
        shutil.rmtree(profile, ignore_errors=True)
    soup = BeautifulSoup(result.stdout, "html.parser")
    check = soup.find("pre", id="handout-check")
    assert check is not None, f"{page.name} did not load: {result.stderr[-2000:]}"
    return json.loads(check.get_text())


def test_handout_opens_in_a_headless_browser(handout: Path, built: tuple[Path, Path]) -> None:
    browser = find_browser()
    if browser is None:
        pytest.skip(
            "no Chromium found: install Debian's 'chromium' package (.ci/run does) "
            "to open the handout in a real browser"
        )
    index = open_in_browser(browser, handout)
    assert index["title"] and index["images"] == len(list(built[1].glob("*.png")))
    assert index["broken"] == [], f"images that do not show on the index: {index['broken']}"
    for notebook in NOTEBOOKS:
        page = open_in_browser(browser, handout.parent / f"{notebook.stem}.html")
        assert page["broken"] == [], f"{notebook.stem}.html: images that do not show"
    reference = open_in_browser(browser, handout.parent / "reference.html")
    assert reference["title"] and reference["broken"] == []
