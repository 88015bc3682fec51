"""A saved page's bytes to text: which encoding, and which step chose it (``Decoded.source``).

In order: ``bom``; ``http`` (the charset the server sent, kept in ``fetch_log.csv``); ``meta``
(the page's <meta> or XML declaration); ``utf-8``; ``detected`` (charset-normalizer's guess, a
warning). As browsers do, Latin-1 and ASCII declarations are read as Windows-1252, and valid
UTF-8 with non-ASCII letters is read as UTF-8 whatever is declared (with a note). ``garbled``
counts what a wrong encoding leaves ('Ã©', U+FFFD); ``GARBLED_FROM`` traces flag a page.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

# fmt: off
__all__ = [
    "DECLARATION_BYTES", "GARBLED_FROM", "LEGACY_ENCODING", "Decoded", "decode_page",
    "declared_charset", "encoding_label", "garbled",
]
# fmt: on

DECLARATION_BYTES = 8192  # HTML asks for the declaration in the first 1,024; old pages are lax
GARBLED_FROM = 3  # traces of a wrong encoding from which a page is flagged
LEGACY_ENCODING = "cp1252"

_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_AS_WINDOWS_1252 = {"iso8859-1", "ascii", "latin-1", "iso8859-15"}  # read as browsers do
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_META = re.compile(rb"<meta\b[^>]*>", re.I)
_XML_ENCODING = re.compile(rb"""\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_BINARY = "binary file (it contains NUL bytes), not a text or HTML page"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# traces of a wrong encoding: U+FFFD, C1 controls, and UTF-8 read as Windows-1252
_GARBLED = re.compile(
    "\ufffd|[\x80-\x9f]|[ÂÃÅÐÑâ][\xa0-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


@dataclass
class Decoded:
    """``text`` (None when not text: ``problem`` says why), ``encoding`` (a codec name), its
    ``source``, ``notes`` for the load report, and a ``warning`` for a detected encoding."""

    text: str | None
    encoding: str = ""
    source: str = ""
    notes: list[str] = field(default_factory=list)
    problem: str = ""
    warning: str = ""  # for a detected encoding: a guess a person should check


def _codec(label: str) -> str:
    """The Python codec a charset label names ('windows-1251' -> 'cp1251'); '' if unknown."""
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return ""
    return LEGACY_ENCODING if name in _AS_WINDOWS_1252 else name


def encoding_label(codec: str) -> str:
    """A codec's usual name: 'cp1251' -> 'Windows-1251', 'iso8859-2' -> 'ISO-8859-2'."""
    if re.fullmatch(r"cp125\d", codec):
        return f"Windows-{codec[2:]}"
    if codec.startswith(("iso8859-", "utf-")):
        return codec.replace("iso8859", "ISO-8859").upper()
    return codec


def _charset_from_content_type(value: str) -> str:
    """'UTF-8' for 'text/html; charset=UTF-8' or for a bare 'UTF-8'; '' when none."""
    value = (value or "").strip()
    match = _CHARSET.search(value.encode("ascii", "ignore"))
    if match:
        return match.group(1).decode("ascii")
    return "" if ";" in value or "/" in value else value


def declared_charset(data: bytes) -> str:
    """The charset a page's ``<meta>`` near its top declares, as written; '' when none."""
    for tag in _META.findall(data[:DECLARATION_BYTES]):
        match = _CHARSET.search(tag)
        if match:
            return match.group(1).decode("ascii")
    return ""


def garbled(text: str) -> list[str]:
    """The traces of a wrong encoding in a text, in order."""
    return _GARBLED.findall(text)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading: ``(text, codec)`` or None. Of equally clean encodings a
    Windows code page wins, 1252 first (its first may be an old DOS or Mac page)."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    tied = [m for m in matches if m.chaos <= matches[0].chaos + 0.01]
    names = [n for m in tied for n in m.could_be_from_charset or [m.encoding]]
    windows = sorted((n for n in names if re.fullmatch(r"cp125\d", n)), key=lambda n: n != "cp1252")
    name = windows[0] if windows else matches[0].encoding
    try:
        return data.decode(name), _codec(name) or name
    except (UnicodeDecodeError, LookupError):
        return str(matches[0]), _codec(matches[0].encoding) or matches[0].encoding


def _declared(data: bytes, http_charset: str) -> list[tuple[str, str]]:
    """The declarations of a page, most trusted first: ``(source, label)``."""
    xml = _XML_ENCODING.match(data[:200])
    found = [
        ("http", _charset_from_content_type(http_charset)),
        ("meta", declared_charset(data)),
        ("meta", xml.group(1).decode("ascii") if xml else ""),
    ]
    return [(source, label) for source, label in found if label]


def decode_page(data: bytes, http_charset: str = "") -> Decoded:
    """Decode a saved page's bytes; ``http_charset``: the charset or Content-Type it was
    served with ('' when unknown)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(name), name, "bom", [])
            except UnicodeDecodeError:
                problem = f"starts with a {name} byte-order mark but is not {name}"
                return Decoded(None, problem=problem)
    notes: list[str] = []
    non_ascii = not data.isascii()
    for source, label in _declared(data, http_charset):
        where = "its web server" if source == "http" else "the page"
        name = _codec(label)
        if not name:
            notes.append(f"{where} declares an unknown charset '{label}', passed over")
            continue
        if name.startswith(("utf-16", "utf-32")) and b"\x00" not in data[:4096]:
            continue  # a UTF-16 label on bytes without NULs: the label is wrong (as browsers read)
        if name != "utf-8" and non_ascii and _is_utf8(data):
            notes.append(f"{where} declares {label}, but the bytes are UTF-8: read as UTF-8")
            return _checked(data.decode("utf-8"), "utf-8", "utf-8", notes)
        try:
            return _checked(data.decode(name), name, source, notes)
        except UnicodeDecodeError:
            notes.append(f"{where} declares {label}, but the bytes are not {label}")
    head = data[:65536]
    if b"\x00" not in head and _is_utf8(data):
        return _checked(data.decode("utf-8"), "utf-8", "utf-8", notes)
    found = None if b"\x00" in head and not head.replace(b"\x00", b"").isascii() else _detect(data)
    if found is None:
        if b"\x00" in head:
            return Decoded(None, problem=_BINARY)
        return Decoded(None, problem="cannot be decoded: not UTF-8, and no encoding fits its bytes")
    decoded = _checked(found[0], found[1], "detected", notes)
    what = "its declared encoding does not fit its bytes"
    if not notes:
        what = "no encoding declared and not UTF-8"
    decoded.warning = (
        f"{what}: read as {encoding_label(found[1])}, the encoding its bytes suggest "
        "(check accented letters)"
    )
    return decoded


def _checked(text: str, encoding: str, source: str, notes: list[str]) -> Decoded:
    """A decoded text, refused as binary when control characters fill it."""
    head = text[:65536]
    if len(_CONTROL.findall(head)) > max(3, len(head) // 100):
        return Decoded(
            None, problem="binary file (too many control characters), not a text or HTML page"
        )
    return Decoded(text, encoding, source, notes)
