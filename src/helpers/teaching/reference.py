"""The helpers' reference page: every module's public names, signatures and docstrings,
read from the source as written (``ast``), so no memory address or path gets in.
"""

from __future__ import annotations

import ast
import functools
import html
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from helpers import DISTRIBUTION, __version__

__all__ = [
    "REFERENCE_NAME",
    "Entry",
    "first_paragraph",
    "html_page",
    "module_entries",
    "public_modules",
    "reference_html",
    "write_reference",
]

PACKAGE = "helpers"
REFERENCE_NAME = "reference.html"
VALUE_WIDTH = 400  # characters of a value shown in full; a longer one ends in "…" (see its source)
TOOL_COMMENTS = ("fmt:", "noqa", "type:", "pragma")  # comments for tools, not readers
STYLE = """\
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .92em; }
dt { margin-top: .9rem; }
dt code { white-space: pre-wrap; overflow-wrap: anywhere; }
dd { margin-left: 1.5rem; }
.kind { color: #666; font-size: .85em; margin-right: .4rem; }
ul.modules { columns: 2; }
h2 { border-top: 1px solid #ddd; padding-top: 1rem; }"""


def html_page(title: str, style: str, body: str) -> str:
    """A self-contained HTML page (the handout's and the reference's): In: the title, the
    page's own CSS rules and the body. Out: the page's text."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 62rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #222; }}
{style}
</style>
</head>
<body>
{body}
</body>
</html>
"""


@dataclass(frozen=True)
class Entry:
    """One public name: kind (function, class, value), name, signature or value as written,
    the docstring's first paragraph (a value's comment), and a class's bases."""

    kind: str
    name: str
    signature: str
    summary: str
    bases: str = ""


def public_modules(package: ModuleType | None = None) -> list[str]:
    """The package's modules on disk, dotted below it (``reading.units``), sorted; no
    subpackage faces, ``__main__`` or ``_`` names."""
    package = package or importlib.import_module(PACKAGE)
    return sorted(
        info.name.removeprefix(package.__name__ + ".")
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if not info.name.rsplit(".", 1)[1].startswith("_") and not info.ispkg
    )


def first_paragraph(doc: str | None) -> str:
    """The first paragraph of a docstring, its lines joined by spaces ("" for none)."""
    return " ".join(inspect.cleandoc(doc).split("\n\n", 1)[0].split()) if doc else ""


@functools.cache
def _tree(path: str) -> ast.Module:
    return ast.parse(Path(path).read_text(encoding="utf-8"))


def _definition(obj: object) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None:
    """The last top-level ``def`` or ``class`` of ``obj``'s name in its module (after any
    ``@overload`` stubs, the code)."""
    target = inspect.unwrap(obj)
    try:
        path = inspect.getsourcefile(target)
    except TypeError:
        return None
    if path is None or not Path(path).is_file():
        return None
    kinds = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    found = [n for n in _tree(path).body if isinstance(n, kinds) and n.name == target.__name__]
    return found[-1] if found else None


def _argument(arg: ast.arg, default: ast.expr | None = None, prefix: str = "") -> str:
    text = prefix + arg.arg + (f": {ast.unparse(arg.annotation)}" if arg.annotation else "")
    if default is not None:
        text += f" = {ast.unparse(default)}" if arg.annotation else f"={ast.unparse(default)}"
    return text


def _arguments(args: ast.arguments, skip_first: bool = False) -> str:
    """A parameter list as written in the source."""
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    parts = [_argument(a, d) for a, d in zip(positional, defaults, strict=True)]
    if args.posonlyargs:
        parts.insert(len(args.posonlyargs), "/")
    parts = parts[1:] if skip_first and positional else parts
    if args.vararg is not None:
        parts.append(_argument(args.vararg, prefix="*"))
    elif args.kwonlyargs:
        parts.append("*")
    parts += [_argument(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)]
    if args.kwarg is not None:
        parts.append(_argument(args.kwarg, prefix="**"))
    return ", ".join(parts)


def _signature(node: ast.AST | None, name: str) -> str:
    """How a function is called; a class by its ``__init__``, else its fields, else its name."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
        return f"{name}({_arguments(node.args)}){returns}"
    if not isinstance(node, ast.ClassDef):
        return name
    for n in node.body:
        if isinstance(n, ast.FunctionDef) and n.name == "__init__":
            return f"{name}({_arguments(n.args, skip_first=True)})"
    fields = [
        _argument(ast.arg(arg=ast.unparse(n.target), annotation=n.annotation), n.value)
        for n in node.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]
    return f"{name}({', '.join(fields)})" if fields else name


def _value(module: ModuleType, name: str) -> tuple[str, str]:
    """How a module-level value is set in the source, and the comment on its last line or
    the comment lines right above it."""
    path = getattr(module, "__file__", None)
    if not path:
        return name, ""
    source = Path(path).read_text(encoding="utf-8").splitlines()
    for node in _tree(path).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not any(isinstance(t, ast.Name) and t.id == name for t in targets):
            continue
        value = " ".join(ast.unparse(node.value).split())
        value = value[: VALUE_WIDTH - 1] + "…" if len(value) > VALUE_WIDTH else value
        comment = source[node.end_lineno - 1].partition("  # ")[2]
        if not comment or comment.startswith(TOOL_COMMENTS):
            above, number = [], node.lineno - 2
            while number >= 0 and source[number].lstrip().startswith("#"):
                above.insert(0, source[number].strip().lstrip("#").strip())
                number -= 1
            comment = " ".join(above)
        return f"{name} = {value}", comment.strip()
    return name, ""  # set in another module and imported here


def module_entries(module: ModuleType) -> list[Entry]:
    """An :class:`Entry` per name of a module's ``__all__``: code with its signature and
    docstring's first paragraph, a value with the line that sets it and its comment."""
    entries = []
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        code = inspect.isclass(obj) or (callable(obj) and inspect.isroutine(inspect.unwrap(obj)))
        if not code:
            entries.append(Entry("value", name, *_value(module, name)))
            continue
        node = _definition(obj)
        doc = ast.get_docstring(node) if node is not None else inspect.getdoc(obj)
        bases = ", ".join(map(ast.unparse, node.bases)) if isinstance(node, ast.ClassDef) else ""
        kind = "class" if inspect.isclass(obj) else "function"
        entries.append(Entry(kind, name, _signature(node, name), first_paragraph(doc), bases))
    return entries


def _prose(text: str) -> str:
    """Docstring text as HTML: escaped, with ``code`` and :func:`name` as <code>."""
    escaped = html.escape(text, quote=False)
    return re.sub(r"(?::[a-z]+:)?``?([^`]+)``?", r"<code>\1</code>", escaped)


def _section(name: str, module: ModuleType) -> list[str]:
    lines = [f'<h2 id="{name}"><code>helpers.{name}</code></h2>',
             f"<p>{_prose(first_paragraph(module.__doc__))}</p>"]  # fmt: skip
    entries = module_entries(module)
    if not entries:
        return [*lines, "<p>(no public names)</p>"]
    lines.append("<dl>")
    for entry in entries:
        based = f' <span class="kind">(a {html.escape(entry.bases)})</span>' if entry.bases else ""
        lines.append(
            f'<dt id="{name}.{entry.name}"><span class="kind">{entry.kind}</span>'
            f"<code>{html.escape(entry.signature)}</code>{based}</dt>"
        )
        lines.append(f"<dd>{_prose(entry.summary)}</dd>" if entry.summary else "<dd></dd>")
    return [*lines, "</dl>"]


def reference_html(modules: Iterable[str] | None = None) -> str:
    """The reference page of ``modules`` (default: every module on disk, so a new one
    appears unasked): an index, then one section per module."""
    names = list(modules) if modules is not None else public_modules()
    loaded = {name: importlib.import_module(f"{PACKAGE}.{name}") for name in names}
    index = [
        f'<li><a href="#{name}"><code>{name}</code></a>: '
        f"{_prose(first_paragraph(module.__doc__).split('. ')[0].rstrip('.'))}</li>"
        for name, module in loaded.items()
    ]
    body = [
        "<h1>Reference: the helpers' public functions</h1>",
        f"<p>{html.escape(DISTRIBUTION)} {html.escape(__version__)}. Every module of "
        "<code>src/helpers/</code> with the names it makes public (its <code>__all__</code>): "
        "each function and class with its signature and the first paragraph of its "
        "docstring (the rest is in the source, or <code>help(name)</code> in a notebook), "
        "and each other value with the line that sets it. To use one in a notebook of your "
        "own: <code>from helpers.reading.framing import frame_sentences</code>. Most are pure "
        "functions over pandas DataFrames; a docstring says when one reads or writes a "
        "file. <em>In</em> and <em>Out</em> in a docstring name what goes in and "
        "what comes out. Written from the code by <code>python -m helpers build</code> (or "
        "<code>python -m helpers handout</code>): do not edit it by hand.</p>",
        '<p><a href="index.html">Back to the handout</a></p>',
        "<h2>Modules</h2>",
        '<ul class="modules">',
        *index,
        "</ul>",
    ]
    for name, module in loaded.items():
        body += _section(name, module)
    title = "Migration-crime framing: reference of the helpers"
    return html_page(title, STYLE, "\n".join(body))


def write_reference(out_dir: Path) -> Path:
    """Write ``reference.html`` into ``out_dir`` (created if missing). Out: its path."""
    target = Path(out_dir) / REFERENCE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(reference_html().encode("utf-8"))
    return target
