"""A handout anyone can open from disk: the executed notebooks as HTML, and an index.

No server and no network: the scripts nbconvert would load from the web are left out
(the notebooks use no mathematics or widgets that need them).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from helpers.base import paths
from helpers.base.paths import FIGURE_FILE_PATTERN, find_notebooks
from helpers.base.style import read_caption
from helpers.teaching.reference import REFERENCE_NAME, html_page, write_reference

__all__ = ["write_handout"]

STYLE = """\
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: .4rem; vertical-align: top; text-align: left; }
img.thumb { width: 16rem; border: 1px solid #ddd; }"""


def _title(nb: nbformat.NotebookNode, default: str) -> str:
    """The first Markdown heading of a notebook, without its '#' marks; else ``default``."""
    markdown = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    heading = re.search(r"^#+(.*)", markdown, re.MULTILINE)
    return heading[1].strip() if heading else default


def _render(nb: nbformat.NotebookNode) -> str:
    """An executed notebook as one HTML page, without the scripts fetched from the web."""
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    soup = BeautifulSoup(body, "html.parser")
    for script in soup.find_all("script"):
        source = script.get("src", "")
        if source.startswith(("http://", "https://", "//")) or "cdnjs." in script.get_text():
            script.decompose()
    return str(soup)


def _figure_row(figures_dir: Path, name: str, notebooks: dict[str, str]) -> str:
    """One figure's row: thumbnail, title and caption, its notebook, links to its files."""
    svg = figures_dir / f"{name}.svg"
    title, caption = read_caption(svg) if svg.is_file() else ("", "")
    title = html.escape(title or name)
    links = " · ".join(
        f'<a href="figures/{name}{suffix}">{suffix[1:].upper()}</a>'
        for suffix in (".png", ".svg", ".pdf", ".csv")
        if (figures_dir / f"{name}{suffix}").is_file()
    )
    notebook = notebooks.get(name[:2])
    source = f'<a href="{notebook}">{html.escape(notebook)}</a>' if notebook else ""
    png = (figures_dir / f"{name}.png").is_file()
    image = f'<img class="thumb" src="figures/{name}.png" alt="{title}">' if png else ""
    return (
        f"<tr><td>{image}</td><td><strong>{title}</strong><br>{html.escape(caption)}<br>"
        f"<code>{name}</code></td><td>{source}</td><td>{links}</td></tr>"
    )


def write_handout(
    notebooks_dir: Path | None = None,
    figures_dir: Path | None = None,
    out_dir: Path | None = None,
) -> Path:
    """Write the handout folder (default ``handout/``, emptied first): a page per executed
    notebook, the figures, ``reference.html`` and ``index.html``. Out: the index's path."""
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else paths.NOTEBOOKS_DIR
    figures_dir = Path(figures_dir) if figures_dir else paths.figures_dir()
    out_dir = Path(out_dir) if out_dir else paths.REPO_ROOT / "handout"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "figures").mkdir(parents=True)
    items, pages = [], {}
    for path in find_notebooks(notebooks_dir):
        nb = nbformat.read(path, as_version=4)
        page = f"{path.stem}.html"
        (out_dir / page).write_text(_render(nb), encoding="utf-8")
        pages.setdefault(path.name[:2], page)
        items.append(f'<li><a href="{page}">{html.escape(_title(nb, path.stem))}</a></li>')
    figures = sorted(
        p.name for p in figures_dir.glob("*") if FIGURE_FILE_PATTERN.match(p.name)
    )  # a missing folder has none
    for figure in figures:
        shutil.copyfile(figures_dir / figure, out_dir / "figures" / figure)
    write_reference(out_dir)
    body = [
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
        *(_figure_row(figures_dir, name, pages)
          for name in sorted({Path(f).stem for f in figures})),
        "</table>",
    ]  # fmt: skip
    index = out_dir / "index.html"
    page = html_page("Migration-crime framing: handout", STYLE, "\n".join(body))
    index.write_text(page, "utf-8")
    return index
