"""A handout anyone can open: the executed notebooks as static HTML, and an index.

``write_handout`` renders every executed notebook ``NN_*.ipynb`` to HTML
(figures are embedded in the page), copies the figure files, and writes an
``index.html`` that links the notebooks and lists every figure with its
caption. The folder opens from disk in any browser: no server, no network
(the scripts nbconvert would load from the web are left out: the notebooks
use no mathematics or widgets that need them).
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from helpers.base import paths
from helpers.base.paths import FIGURE_FILE_PATTERN, find_notebooks
from helpers.base.style import read_caption
from helpers.teaching.reference import REFERENCE_NAME, write_reference

__all__ = [
    "DEFAULT_HANDOUT_DIR",
    "notebook_title",
    "render_notebook",
    "write_handout",
]

DEFAULT_HANDOUT_DIR: Path = paths.REPO_ROOT / "handout"

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 62rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4rem; vertical-align: top; text-align: left; }}
img.thumb {{ width: 16rem; border: 1px solid #ddd; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def notebook_title(nb: nbformat.NotebookNode, default: str) -> str:
    """The first Markdown heading of a notebook, without its '#' marks; else ``default``."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return default


def render_notebook(nb: nbformat.NotebookNode) -> str:
    """Render an executed notebook to one self-contained HTML page.

    In: a notebook node. Out: the HTML text, with the scripts that nbconvert's
    template would fetch from the web (require.js, MathJax, mermaid) removed.
    """
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    soup = BeautifulSoup(body, "html.parser")
    for script in soup.find_all("script"):
        source = script.get("src", "")
        if source.startswith(("http://", "https://", "//")) or "cdnjs." in script.get_text():
            script.decompose()
    return str(soup)


def _figure_rows(figures_dir: Path, notebooks: dict[str, str]) -> list[str]:
    names = sorted(
        {p.stem for p in figures_dir.iterdir() if FIGURE_FILE_PATTERN.match(p.name)}
        if figures_dir.is_dir()
        else set()
    )
    rows = []
    for name in names:
        svg = figures_dir / f"{name}.svg"
        title, caption = read_caption(svg) if svg.is_file() else ("", "")
        links = " · ".join(
            f'<a href="figures/{name}{suffix}">{suffix[1:].upper()}</a>'
            for suffix in (".png", ".svg", ".pdf", ".csv")
            if (figures_dir / f"{name}{suffix}").is_file()
        )
        notebook = notebooks.get(name[:2])
        source = f'<a href="{notebook}">{html.escape(notebook)}</a>' if notebook else ""
        image = (
            f'<img class="thumb" src="figures/{name}.png" alt="{html.escape(title or name)}">'
            if (figures_dir / f"{name}.png").is_file()
            else ""
        )
        rows.append(
            f"<tr><td>{image}</td><td><strong>{html.escape(title or name)}</strong><br>"
            f"{html.escape(caption)}<br><code>{name}</code></td><td>{source}</td>"
            f"<td>{links}</td></tr>"
        )
    return rows


def write_handout(
    notebooks_dir: Path | None = None,
    figures_dir: Path | None = None,
    out_dir: Path | None = None,
) -> Path:
    """Write the handout folder and return the path of its ``index.html``.

    In: the folder of executed notebooks (default ``notebooks/``), the figures
    folder (default: ``paths.figures_dir()``), the output folder (default
    ``handout/``, emptied first). Out: ``out_dir/index.html``; beside it one
    ``NN_name.html`` per notebook, a ``figures/`` copy of the figure files and
    ``reference.html``, the helpers' public functions (``helpers.teaching.reference``).
    """
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else paths.NOTEBOOKS_DIR
    figures_dir = Path(figures_dir) if figures_dir else paths.figures_dir()
    out_dir = Path(out_dir) if out_dir else DEFAULT_HANDOUT_DIR
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "figures").mkdir(parents=True)

    items, pages = [], {}
    for path in find_notebooks(notebooks_dir):
        nb = nbformat.read(path, as_version=4)
        page = f"{path.stem}.html"
        (out_dir / page).write_text(render_notebook(nb), encoding="utf-8")
        pages.setdefault(path.name[:2], page)
        title = html.escape(notebook_title(nb, path.stem))
        items.append(f'<li><a href="{page}">{title}</a></li>')
    if figures_dir.is_dir():
        for figure in sorted(figures_dir.iterdir()):
            if FIGURE_FILE_PATTERN.match(figure.name):
                shutil.copyfile(figure, out_dir / "figures" / figure.name)
    write_reference(out_dir)

    body = "\n".join(
        [
            "<h1>Trafficking or smuggling? How official documents frame migration crime, "
            "2003–2017</h1>",
            "<p>The project's notebooks, run on its corpus, with every output and figure. "
            "Open a notebook to read it as a paper; the table below lists every figure, "
            "with links to its picture (PNG, SVG) and to the data behind it (CSV).</p>",
            "<h2>Notebooks</h2>",
            "<ol>",
            *items,
            "</ol>",
            f'<p>To use the helpers in a notebook of your own: <a href="{REFERENCE_NAME}">'
            "the reference of their public functions</a>, with signatures and docstrings.</p>",
            "<h2>Figures</h2>",
            "<table>",
            "<tr><th>Figure</th><th>Title and caption</th><th>Notebook</th><th>Files</th></tr>",
            *_figure_rows(figures_dir, pages),
            "</table>",
        ]
    )
    index = out_dir / "index.html"
    index.write_text(_PAGE.format(title="Migration-crime framing: handout", body=body), "utf-8")
    return index
