"""The helpers' reference page: every module's public names, with signatures and docstrings.

:func:`reference_html` finds the modules of the package by itself (a new
module appears without a change here), and lists, for each, the first
paragraph of its docstring and every name of its ``__all__``: a function or
class with its signature and the first paragraph of its docstring, any other
value with the line that sets it. Signatures are read from the source as
written (annotations and defaults), so the page holds no memory address and no
path of the machine that wrote it, and the same code gives the same bytes.

The handout writes the page as ``handout/reference.html`` (``python -m helpers
build`` and ``python -m helpers handout``); ``python -m helpers.teaching.reference``
writes it alone. Built on the standard library (``inspect``, ``ast``,
``pkgutil``).
"""

from __future__ import annotations

import argparse
import ast
import functools
import html
import importlib
import inspect
import pkgutil
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from helpers import DISTRIBUTION, __version__
from helpers.base.paths import REPO_ROOT, display_path

__all__ = [
    "PACKAGE",
    "REFERENCE_NAME",
    "Entry",
    "first_paragraph",
    "main",
    "module_entries",
    "public_modules",
    "reference_html",
    "write_reference",
]

PACKAGE = "helpers"
REFERENCE_NAME = "reference.html"
VALUE_WIDTH = 400  # characters of a value shown in full; a longer one ends in "…" (see its source)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 62rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #222; }}
code {{ font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .92em; }}
dt {{ margin-top: .9rem; }}
dt code {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
dd {{ margin-left: 1.5rem; }}
.kind {{ color: #666; font-size: .85em; margin-right: .4rem; }}
ul.modules {{ columns: 2; }}
h2 {{ border-top: 1px solid #ddd; padding-top: 1rem; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


@dataclass(frozen=True)
class Entry:
    """One public name of a module: its kind (function, class or value), name, the
    signature or value as written in the source, and the first paragraph of its docstring
    (for a value, the comment that explains it)."""

    kind: str
    name: str
    signature: str
    summary: str
    bases: str = ""  # a class's base classes, as written


def public_modules(package: ModuleType | None = None) -> list[str]:
    """The package's modules, found on disk: in: the package (default ``helpers``); out:
    their dotted names below it (``reading.units``), sorted, without the subpackages'
    faces, ``__main__`` and names starting with ``_``."""
    package = package if package is not None else importlib.import_module(PACKAGE)
    return sorted(
        info.name.removeprefix(package.__name__ + ".")
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if not info.name.rsplit(".", 1)[1].startswith("_") and not info.ispkg
    )


def first_paragraph(doc: str | None) -> str:
    """The first paragraph of a docstring, its lines joined by spaces ("" for none)."""
    if not doc:
        return ""
    paragraph = inspect.cleandoc(doc).split("\n\n", 1)[0]
    return " ".join(paragraph.split())


@functools.cache
def _module_tree(path: str) -> ast.Module:
    """The parsed source of the file at ``path`` (read once)."""
    return ast.parse(Path(path).read_text(encoding="utf-8"))


def _definition(obj: object) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None:
    """The top-level ``def`` or ``class`` of ``obj`` in the source of its module, if any."""
    target = inspect.unwrap(obj) if callable(obj) else obj
    try:
        path = inspect.getsourcefile(target)
    except TypeError:
        return None
    if path is None or not Path(path).is_file():
        return None
    name = getattr(target, "__name__", None)
    found = None
    for node in _module_tree(path).body:  # the last one: after @overload stubs, the code
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == name:
                found = node
    return found


def _argument(arg: ast.arg, default: ast.expr | None = None, prefix: str = "") -> str:
    """One parameter as written: ``name: annotation = default``."""
    text = prefix + arg.arg
    if arg.annotation is not None:
        text += f": {ast.unparse(arg.annotation)}"
    if default is not None:
        text += f" = {ast.unparse(default)}" if arg.annotation else f"={ast.unparse(default)}"
    return text


def _arguments(args: ast.arguments, skip_first: bool = False) -> str:
    """A parameter list as written in the source, from its ``ast.arguments``."""
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    parts = [_argument(a, d) for a, d in zip(positional, defaults, strict=True)]
    if args.posonlyargs:
        parts.insert(len(args.posonlyargs), "/")
    if skip_first and positional:
        parts = parts[1:]
    if args.vararg is not None:
        parts.append(_argument(args.vararg, prefix="*"))
    elif args.kwonlyargs:
        parts.append("*")
    parts += [_argument(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)]
    if args.kwarg is not None:
        parts.append(_argument(args.kwarg, prefix="**"))
    return ", ".join(parts)


def _function_signature(node: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> str:
    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
    return f"{name}({_arguments(node.args)}){returns}"


def _class_signature(node: ast.ClassDef, name: str) -> str:
    """How the class is called: the parameters of its own ``__init__``, else the fields of
    a dataclass or named tuple, else its name alone."""
    init = next(
        (n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
    )
    fields = [
        _argument(ast.arg(arg=ast.unparse(n.target), annotation=n.annotation), n.value)
        for n in node.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]
    if init is not None:
        return f"{name}({_arguments(init.args, skip_first=True)})"
    if fields:
        return f"{name}({', '.join(fields)})"
    return name


_TOOL_COMMENTS = ("fmt:", "noqa", "type:", "pragma")  # comments for tools, not readers


def _comment(source: list[str], node: ast.stmt) -> str:
    """The comment that explains an assignment: on its last line, else the comment lines
    right above it."""
    line = source[node.end_lineno - 1]
    if "  # " in line and not line.split("  # ", 1)[1].startswith(_TOOL_COMMENTS):
        return line.split("  # ", 1)[1].strip()
    above: list[str] = []
    number = node.lineno - 2
    while number >= 0 and source[number].lstrip().startswith("#"):
        above.insert(0, source[number].strip().lstrip("#").strip())
        number -= 1
    return " ".join(above)


def _value_text(module: ModuleType, name: str) -> tuple[str, str]:
    """How a module-level value is set in the source, and the comment that explains it."""
    path = getattr(module, "__file__", None)
    if not path:
        return name, ""
    source = Path(path).read_text(encoding="utf-8").splitlines()
    for node in _module_tree(path).body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            value = " ".join(ast.unparse(node.value).split())
            if len(value) > VALUE_WIDTH:
                value = value[: VALUE_WIDTH - 1] + "…"
            return f"{name} = {value}", _comment(source, node)
    return name, ""  # set in another module and imported here


def _kind(obj: object) -> str:
    if inspect.isclass(obj):
        return "class"
    if callable(obj) and inspect.isroutine(inspect.unwrap(obj)):
        return "function"
    return "value"


def module_entries(module: ModuleType) -> list[Entry]:
    """The public names of a module, in the order of its ``__all__``.

    In: a module. Out: one :class:`Entry` per name of its ``__all__``: functions
    (``functools`` wrappers such as ``lru_cache`` included) and classes with
    their signature as written in the source and the first paragraph of their
    docstring; any other value with the line that sets it and the comment on
    that line.
    """
    entries = []
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        kind = _kind(obj)
        if kind == "value":
            signature, summary = _value_text(module, name)
            entries.append(Entry(kind, name, signature, summary))
            continue
        node = _definition(obj)
        bases = ""
        if isinstance(node, ast.ClassDef):
            signature = _class_signature(node, name)
            bases = ", ".join(ast.unparse(base) for base in node.bases)
        elif node is not None:
            signature = _function_signature(node, name)
        else:
            signature = name
        doc = ast.get_docstring(node) if node is not None else inspect.getdoc(obj)
        entries.append(Entry(kind, name, signature, first_paragraph(doc), bases))
    return entries


_LITERAL = re.compile(r"(?::[a-z]+:)?``?([^`]+)``?")


def _prose(text: str) -> str:
    """Docstring text as HTML: escaped, with ``code`` and :func:`name` as <code>."""
    return _LITERAL.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=False))


def _module_section(name: str, module: ModuleType) -> list[str]:
    lines = [f'<h2 id="{name}"><code>helpers.{name}</code></h2>']
    lines.append(f"<p>{_prose(first_paragraph(module.__doc__))}</p>")
    entries = module_entries(module)
    if not entries:
        lines.append("<p>(no public names)</p>")
        return lines
    lines.append("<dl>")
    for entry in entries:
        anchor = f"{name}.{entry.name}"
        based = f' <span class="kind">(a {html.escape(entry.bases)})</span>' if entry.bases else ""
        lines.append(
            f'<dt id="{anchor}"><span class="kind">{entry.kind}</span>'
            f"<code>{html.escape(entry.signature)}</code>{based}</dt>"
        )
        lines.append(f"<dd>{_prose(entry.summary)}</dd>" if entry.summary else "<dd></dd>")
    lines.append("</dl>")
    return lines


def reference_html(modules: Iterable[str] | None = None) -> str:
    """The reference page as HTML text.

    In: the module names to list (default: :func:`public_modules`, every module
    of the package). Out: one self-contained HTML page (no script, no network):
    an index of the modules with the first line of each one's docstring, then
    one section per module (see :func:`module_entries`). The same code gives the
    same text.
    """
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
        "<code>python -m helpers.teaching.reference</code>): do not edit it by hand.</p>",
        '<p><a href="index.html">Back to the handout</a></p>',
        "<h2>Modules</h2>",
        '<ul class="modules">',
        *index,
        "</ul>",
    ]
    for name, module in loaded.items():
        body += _module_section(name, module)
    title = "Migration-crime framing: reference of the helpers"
    return _PAGE.format(title=title, body="\n".join(body))


def write_reference(out_dir: Path) -> Path:
    """Write ``reference.html`` into ``out_dir`` (created if missing). Out: its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / REFERENCE_NAME
    target.write_bytes(reference_html().encode("utf-8"))
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.teaching.reference [--out DIR]``: write the page alone. Out: 0."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.teaching.reference",
        description="write the reference of the helpers' public functions as one HTML page",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "handout", help="folder (default: handout/)"
    )
    args = parser.parse_args(argv)
    target = write_reference(args.out)
    print(f"Wrote the reference: {display_path(target)} (open it in a browser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
