"""Names of institutions (offices, plans, events, treaties, titles), found by structure.

A run of Title-Cased words around a ``name_head`` or ``title_head`` cue of
``data/framing_cues.csv``; the framing rules and the theme codebook leave crime and vocabulary
words inside these names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from helpers.base.text import normalise_map

if TYPE_CHECKING:
    from helpers.rules.cues import Cues

__all__ = ["find_names", "inside", "merge_spans"]


# Link words that are not prepositions: they may join two capitalised words of
# a name, but do not open the part after the head where commas are allowed.
_JOINERS = frozenset({"and", "&", "or", "the", "a", "an"})

_NAME_TOKEN = re.compile(r"[^\W_](?:[\w'’‐‑\-]*[^\W_])?|&")
_QUOTED = re.compile(r"“([^“”]{3,400})”|\"([^\"]{3,400})\"|«([^«»]{3,400})»")
# Each token with the text before it (the shortest stretch after which _NAME_TOKEN
# matches, so the tokens are those of ``_NAME_TOKEN.finditer``), as strings.
_GAP_TOKEN_FINDALL = re.compile(rf"(.*?)((?:{_NAME_TOKEN.pattern}))", re.DOTALL).findall
_COMMA_GAP = re.compile(r",\s+")
# In ASCII text, every capitalised token of ``_NAME_TOKEN`` is one of these stretches
# with its trailing '_', "'" and '-' removed (a token ends with a letter or digit;
# no letter or digit comes right before or after it).
_ASCII_CAPITALISED = re.compile(r"(?<![A-Za-z0-9])[A-Z][\w'-]*", re.ASCII).findall


@lru_cache(maxsize=1 << 16)
def _normalise_token(token: str) -> str:
    """``normalise`` of one word, remembered (the same words recur in every text)."""
    return normalise_map(token)[0]


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _is_head(norms: list[str], i: int, head: tuple[str, ...]) -> bool:
    """Whether the words from ``i`` are ``head``, its last word possibly plural."""
    words = norms[i : i + len(head)]
    if len(words) < len(head) or tuple(words[:-1]) != head[:-1]:
        return False
    return words[-1] in (head[-1], head[-1] + "s", head[-1] + "es")


def _ascii_head_word(text: str, head_index: Mapping[str, object]) -> bool:
    """Whether a capitalised token of an ASCII ``text`` may be a key of ``head_index``: a prefilter
    without tokenising (True for every such token, rarely otherwise; then the tokens decide).
    """
    return any(word.rstrip("_'-").lower() in head_index for word in _ASCII_CAPITALISED(text))


def find_names(text: str, cues: Cues, crimes: Sequence) -> list[tuple[int, int]]:
    """The names of institutions in ``text``.

    A run of Title-Cased words around a head, ``name_link`` words inside, commas only after a
    preposition; a ``title_head`` may take a lower-case crime complement; a quoted Title-Cased
    text is a title. In: the text, the cues, the crime mentions (``start``, ``end``). Out:
    (start, end) pairs, merged and sorted.
    """
    head_index = cues.head_index
    # Most sentences hold no capitalised word that may start a head: then no
    # name is found around a head, and only quoted titles are left to look for.
    # On ASCII text the capitalised words are found without tokenising: each
    # starts a token or lies inside one (``_ASCII_CAPITALISED``).
    if text.isascii() and not _ascii_head_word(text, head_index):
        return merge_spans(_quoted_titles(text, cues))
    pairs = _GAP_TOKEN_FINDALL(text)  # (text before the token, token)
    if not any(word[:1].isupper() and _normalise_token(word) in head_index for _, word in pairs):
        return merge_spans(_quoted_titles(text, cues))
    tokens = []
    end = 0
    for before, token in pairs:
        start = end + len(before)
        end = start + len(token)
        tokens.append((start, end, token))
    norms = [_normalise_token(token) for _, _, token in tokens]
    count = len(tokens)
    title_index = cues.title_index

    def gap(i: int) -> str:  # the text between token i and token i + 1
        return pairs[i + 1][0]

    def spaced(i: int) -> bool:  # the gap is white space only
        return pairs[i + 1][0].isspace()

    names: list[tuple[int, int]] = []
    i = 0
    while i < count:
        # Only the heads that may start at this word are tried (``framing_cues.Cues.head_index``),
        # in the order of ``cues.heads``: the same head is found as by trying all.
        candidates = head_index.get(norms[i])
        head = None
        if candidates is not None and _is_capitalised(tokens[i][2]):
            head = next(
                (h for h in candidates if _is_head(norms, i, h)
                 and all(spaced(k) for k in range(i, i + len(h) - 1))),
                None,
            )  # fmt: skip
        if head is None:
            i += 1
            continue
        first, last = i, i + len(head) - 1
        # Left: capitalised words, or 'and'/'&' between capitalised words.
        while first > 0 and spaced(first - 1):
            if _is_capitalised(tokens[first - 1][2]):
                first -= 1
            elif (
                norms[first - 1] in ("and", "&")
                and first > 1
                and spaced(first - 2)
                and _is_capitalised(tokens[first - 2][2])
            ):
                first -= 2
            else:
                break
        # Right: only a part opened by a preposition ("Plan to Combat ...",
        # "Office of the ..."): in it, capitalised words, link words followed
        # by a capitalised word, and a comma followed by a capitalised word.
        # A capitalised word right after the head does not join, so a
        # Title-Cased headline ("OSCE Conference Calls for ...") is not a name.
        after_preposition = False
        j = last + 1
        while j < count:
            if after_preposition and spaced(j - 1) and _is_capitalised(tokens[j][2]):
                last, j = j, j + 1
                continue
            if spaced(j - 1) and norms[j] in cues.links:
                k = j
                while k < count and norms[k] in cues.links and spaced(k - 1):
                    k += 1
                opens = any(norms[m] not in _JOINERS for m in range(j, k))
                if (
                    k < count
                    and spaced(k - 1)
                    and _is_capitalised(tokens[k][2])
                    and (opens or after_preposition)
                ):
                    after_preposition = True
                    last, j = k, k + 1
                    continue
                break
            if (
                after_preposition
                and _COMMA_GAP.fullmatch(gap(j - 1))
                and _is_capitalised(tokens[j][2])
            ):
                last, j = j, j + 1
                continue
            break
        while first < last and norms[first] in cues.links:
            first += 1
        start, end = tokens[first][0], tokens[last][1]
        if any(
            _is_head(norms, m, t)
            for m in range(first, last + 1)
            for t in title_index.get(norms[m], ())
        ):
            end = _title_complement(text, end, crimes)
        names.append((start, end))
        i = max(i + len(head), last + 1)
    names += _quoted_titles(text, cues)
    return merge_spans(names)


_COMPLEMENT = re.compile(
    r"\s*(?:on|for)\s+(?:(?:combating|combatting|countering|fighting|preventing)\s+)?", re.I
)
_COMPLEMENT_JOIN = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+", re.I)
_COMPLEMENT_TAIL = re.compile(r"\s+(?:issues|matters|questions)\b", re.I)


def _title_complement(text: str, end: int, crimes: Sequence) -> int:
    """Extend an office-holder title over a lower-case crime complement ('on human trafficking')."""
    opener = _COMPLEMENT.match(text, end)
    if not opener:
        return end
    position, extended = opener.end(), end
    while True:
        crime = next((c for c in crimes if c.start == position), None)
        if crime is None:
            break
        extended = crime.end
        join = _COMPLEMENT_JOIN.match(text, extended)
        if not join:
            break
        position = join.end()
    if extended > end:
        tail = _COMPLEMENT_TAIL.match(text, extended)
        if tail:
            extended = tail.end()
    return extended


def _quoted_titles(text: str, cues: Cues) -> list[tuple[int, int]]:
    """Quoted spans whose content words are (nearly) all capitalised: titles."""
    found = []
    for quote in _QUOTED.finditer(text):
        inner = next(group for group in quote.groups() if group is not None)
        words = [w for w in _NAME_TOKEN.findall(inner) if not w[0].isdigit()]
        content = [w for w in words if _normalise_token(w) not in cues.links]
        if len(content) < 2 or not _is_capitalised(words[0]):
            continue
        if sum(_is_capitalised(w) for w in content) >= 0.8 * len(content):
            found.append((quote.start(), quote.end()))
    return found


def merge_spans(spans: list[tuple[int, int]], touching: bool = True) -> list[tuple[int, int]]:
    """Spans sorted, overlapping ones (and touching ones, with ``touching``) joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start < merged[-1][1] or touching and start == merged[-1][1]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def inside(start: int, names: Sequence[tuple[int, int]]) -> bool:
    """Whether a match starting at ``start`` starts inside one of ``names`` ((start, end) pairs)."""
    return any(first <= start < last for first, last in names)
