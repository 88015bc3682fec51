"""The notebooks as a researcher meets them: opened in JupyterLab, in headless Chromium.

One JupyterLab server is started on 127.0.0.1 with a token, its settings,
workspaces and runtime files in a temporary folder. Each committed notebook
is opened with a kernel, as a researcher opens it, and the test checks that:

- no error output renders;
- no word of the rendered outputs (findings lists, tables) is broken across
  two lines: each word of every Markdown list item, paragraph and table cell
  of an output lies on one line of the page (a compound such as
  "migration-related" may break after its hyphen; a date or an interval may not);
- once the kernel has started and reported itself, the notebook is not
  marked as changed (no save prompt on closing it);
- after it is closed, the notebook's bytes and ``git status`` are as before.

It needs Chromium (Debian's ``chromium``, which ``.ci/run`` installs) and the
``playwright`` package (``requirements.txt``), which drives it; without
either, it is skipped with the reason. It is ``slow`` (about a minute).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.base import paths

pytestmark = pytest.mark.slow

NOTEBOOKS = paths.find_notebooks(paths.NOTEBOOKS_DIR)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}

# Every word of the rendered outputs that the page draws on two lines (or more). A word is a
# run of non-space characters inside one text node; its Range has one box per line it is on.
BROKEN_WORDS = """
() => {
  const broken = [];
  const selector = ".jp-OutputArea-output li, .jp-OutputArea-output p, "
                 + ".jp-OutputArea-output td, .jp-OutputArea-output th";
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const re = /\\S+/g;
      let m;
      while ((m = re.exec(node.data))) {
        // A compound of letters may break after its hyphen, as in print; nothing else may.
        let start = m.index;
        for (const piece of m[0].split(/(?<=[A-Za-z]-)(?=[A-Za-z])/)) {
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + piece.length);
          start += piece.length;
          const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                                        .map(r => Math.round(r.top)));
          if (piece.length > 1 && tops.size > 1) broken.push(m[0]);
        }
      }
    }
  }
  return broken;
}
"""

ERRORS = """
() => [...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], '
    + '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map(e => e.innerText.slice(0, 300))
  .filter(t => /Error|Traceback|Exception/.test(t))
"""

OPENED = "() => window.jupyterapp?.shell.currentWidget?.context !== undefined"

# Wait until the notebook's kernel has started and answered its kernel_info request (which
# is when JupyterLab writes the kernel's language_info into the notebook), then a moment more.
KERNEL_READY = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  await kernel.info;
  await new Promise(resolve => setTimeout(resolve, 1500));
  return {dirty: panel.context.model.dirty, kernel: kernel.name,
          markdown: document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="text/markdown"] li').length};
}
"""


def find_browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def git_status() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=paths.REPO_ROOT,
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on the repo: ``(base URL, token)``; stopped at the end."""
    if find_browser() is None:
        pytest.skip(
            "no Chromium found: install Debian's 'chromium' package (.ci/run does) "
            "to open the notebooks in JupyterLab"
        )
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not (paths.REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout: the test compares git status before and after")
    home = tmp_path_factory.mktemp("jupyter")
    env = {
        **{k: v for k, v in os.environ.items() if k != paths.STATIC_ENV},  # as a reader runs it
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    # Render every cell, not only those near the viewport, so that every output can be read.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}\n')
    token, port = secrets.token_hex(16), free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={paths.REPO_ROOT}", "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],
        cwd=paths.REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=open(home / "server.log", "wb"),  # noqa: SIM115 (closed with the process)
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = (home / "server.log").read_text(errors="replace")[-2000:]
                    pytest.fail(f"JupyterLab did not start:\n{log}")
                time.sleep(0.5)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=find_browser(), headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.name for nb in NOTEBOOKS])
def test_notebook_opens_clean_and_reads_well_in_jupyterlab(notebook: Path, lab, browser):
    base, token = lab
    status, before = git_status(), digest(notebook)
    relative = notebook.relative_to(paths.REPO_ROOT).as_posix()
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{base}/lab/tree/{relative}?token={token}")
        page.wait_for_function(OPENED, timeout=60000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=60000)
        state = page.evaluate(KERNEL_READY)
        assert state["kernel"] == "python3"
        assert not state["dirty"], (
            f"{notebook.name} is marked as changed as soon as it is opened: JupyterLab would "
            "ask to save it (its stored metadata differs from what the kernel reports?)"
        )
        errors = page.evaluate(ERRORS)
        assert not errors, f"{notebook.name} shows error output: {errors}"
        broken = page.evaluate(BROKEN_WORDS)
        assert not broken, f"{notebook.name}: words broken across lines: {broken[:10]}"
        if notebook.name[:2] in ("01", "02", "03", "04"):
            assert state["markdown"] > 0, f"{notebook.name}: no findings list rendered as Markdown"
        page.evaluate("() => window.jupyterapp.commands.execute('application:close')")
        page.wait_for_timeout(1000)
        assert page.locator(".jp-Dialog").count() == 0, "closing asked to save"
    finally:
        page.close()
    assert digest(notebook) == before, f"opening and closing {notebook.name} changed its bytes"
    assert git_status() == status
