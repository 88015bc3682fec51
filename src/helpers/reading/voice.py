"""Whose words? The voice and the speaker of every sentence.

``voice``: ``own`` (the organisation's narration), ``quoted`` (at least half the letters inside
quotation marks, or a quotation right beside its speech verb) or ``reported`` (a speech verb
outside quotation marks, or a cited report's finding). ``speaker``: the person as the page
describes them, with their role: the subject of the speech verb, else the run after it
(``descriptions.description_run``); a pronoun or a short form is the last person named whose
description holds its words; a quoted sentence without a verb takes its paragraph's speaker.
A quoted Title-Cased text is a title, not speech. The rules are ``data/voice_cues.csv`` with
``data/speech_verbs.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import file_errors, read_rule_file, rule_rows
from helpers.rules.descriptions import (
    DESCRIPTION_WORD,
    capitalised_words,
    description_run,
    word_tokens,
)
from helpers.rules.name_cues import SPEECH_VERBS_FILE, read_speech_verbs

__all__ = [
    "VOICES", "VOICE_COLUMNS", "VOICE_CUES_FILE", "VoiceRules", "read_voice_rules",
    "sentence_voices", "voice_rules_from_table",
]  # fmt: skip

VOICE_CUES_FILE: Path = DATA_DIR / "voice_cues.csv"
VOICES: tuple[str, ...] = ("own", "quoted", "reported")
KINDS: tuple[str, ...] = (
    "quote", "speech", "role", "pronoun", "institution", "source", "behalf", "finding",
)  # fmt: skip
VOICE_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "voice", "speaker", "voice_cue")
QUOTED_FROM = 0.5  # share of a sentence's letters inside quotation marks that makes it quoted
_LETTER = re.compile(r"[^\W\d_]")
_DATELINE = re.compile(r"^[^a-z]{0,40}?\d{4}\s*[-–—]\s*")


@dataclass(frozen=True)
class VoiceRules:
    """The voice rules: ``table`` (the file), quotation marks, compiled cue patterns; ``role_words``
    may stand in lower case inside a description ("OSCE official").
    """

    table: pd.DataFrame
    opens: frozenset[str]
    closes: frozenset[str]
    speech: re.Pattern[str]
    roles: re.Pattern[str]
    pronouns: frozenset[str]
    institutions: frozenset[str]
    role_words: frozenset[str]
    marks: re.Pattern[str]
    sources: re.Pattern[str] = re.compile(r"(?!)")
    behalf: re.Pattern[str] = re.compile(r"(?!)")
    findings: re.Pattern[str] = re.compile(r"(?!)")


def _alternation(cues: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    if not cues:
        return re.compile(r"(?!)")
    words = sorted(cues, key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", flags
    )


def voice_rules_from_table(table: pd.DataFrame) -> VoiceRules:
    """In: a table ``kind, cue, rationale`` (the file, or an edited copy). Out: ``VoiceRules``.
    Errors name the row: an unknown kind, an empty cue or rationale, a bad ``quote`` cue.
    """
    table, numbers = rule_rows(table, ("kind", "cue", "rationale"), "voice rules",
                               rationale="rationale")  # fmt: skip
    opens: set[str] = set()
    closes: set[str] = set()
    by_kind: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for number, row in zip(numbers, table.itertuples(index=False), strict=True):
        where = f"voice rule row {number} ({row.kind!r}, {row.cue!r})"
        kind, cue = row.kind.strip(), row.cue.strip()
        if kind not in by_kind:
            raise ValueError(f"{where}: unknown kind; the kinds are {list(KINDS)}")
        if not cue:
            raise ValueError(f"{where}: empty cue")
        if kind == "quote":
            marks = cue.split()
            if len(marks) not in (1, 2) or any(len(mark) != 1 for mark in marks):
                raise ValueError(f"{where}: a quote cue is one mark, or two marks and a space")
            opens.add(marks[0])
            closes.add(marks[-1])
        by_kind[kind].append(cue)
    return VoiceRules(
        table=table,
        opens=frozenset(opens),
        closes=frozenset(closes),
        speech=_alternation(by_kind["speech"], re.IGNORECASE),
        roles=_alternation(by_kind["role"]),
        pronouns=frozenset(p.casefold() for p in by_kind["pronoun"]),
        institutions=frozenset(by_kind["institution"]),
        role_words=frozenset(word for cue in by_kind["role"] for word in cue.split()),
        sources=_alternation(by_kind["source"], re.IGNORECASE),
        behalf=_alternation(by_kind["behalf"], re.IGNORECASE),
        findings=_alternation(by_kind["finding"], re.IGNORECASE),
        marks=re.compile("[" + "".join(re.escape(m) for m in sorted(opens | closes)) + "]"),
    )


def read_voice_rules(
    path: Path | str = VOICE_CUES_FILE, speech_verbs: Path | str = SPEECH_VERBS_FILE
) -> VoiceRules:
    """In: the voice cues (default ``data/voice_cues.csv``) and the speech verbs (default
    ``data/speech_verbs.csv``, each a ``speech`` rule). Out: ``VoiceRules``.
    """
    verbs = read_speech_verbs(speech_verbs)
    speech = pd.DataFrame({"kind": "speech", "cue": verbs["verb"], "rationale": verbs["rationale"]})
    with file_errors(path):
        table = read_rule_file(path)
        rule_rows(table, ("kind", "cue", "rationale"), "voice rules", rationale="rationale")
        return voice_rules_from_table(pd.concat([table, speech], ignore_index=True))


# --------------------------------------------------------------------------- quotations


def _quoted_spans(text: str, rules: VoiceRules, inside: bool) -> tuple[list[tuple[int, int]], bool]:
    """The quoted stretches, and whether a quotation is still open at the end (``inside``: one
    opened in an earlier sentence is open; a mark that both opens and closes does what fits).
    """
    spans, start = [], 0 if inside else None
    for mark in rules.marks.finditer(text):
        at, char = mark.start(), mark.group()
        if inside and char in rules.closes:
            spans.append((start, at))
            inside, start = False, None
        elif not inside and char in rules.opens:
            inside, start = True, at + 1
    if inside:
        spans.append((start, len(text)))
    return spans, inside


def _is_title(text: str) -> bool:
    """Whether quoted text is a title: its words of four letters or more are Title-Cased."""
    words = [w for w in DESCRIPTION_WORD.findall(text) if len(w) >= 4]
    if not words or re.search(r"[.!?]\s", text.strip()):
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


def _share(text: str, spans: list[tuple[int, int]]) -> float:
    total = _letters(text)
    return sum(_letters(text[a:b]) for a, b in spans) / total if total else 0.0


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with quoted stretches blanked (same length, so positions still hold)."""
    chars = list(text)
    for a, b in spans:
        for i in range(max(a - 1, 0), min(b + 1, len(chars))):
            chars[i] = " "
    return "".join(chars)


# --------------------------------------------------------------------------- speakers


def _resolve(candidate: str, people: list[str]) -> str | None:
    """The last person whose description holds every Title-Cased word of ``candidate``."""
    words = capitalised_words(candidate)
    first = next(iter(DESCRIPTION_WORD.findall(candidate)), "")
    # The first word may only be capitalised because it opens the sentence ("Later Ms Fox").
    for wanted in (words, words - {first}):
        if not wanted:
            continue
        for person in reversed(people):
            if person != candidate and wanted <= capitalised_words(person):
                return person
    return None


def _is_person(description: str, rules: VoiceRules) -> bool:
    words = DESCRIPTION_WORD.findall(description)
    head = next((w for w in words if w != "The"), "")
    return bool(rules.roles.search(description)) and head not in rules.institutions


def _opening_person(text: str, rules: VoiceRules) -> str:
    """A person named by the sentence's opening run (after a dateline), or ''."""
    if not rules.roles.search(text):  # no role word, so no person (and no need to tokenise)
        return ""
    dateline = _DATELINE.match(text)
    offset = dateline.end() if dateline else 0
    tokens = word_tokens(text[offset:])
    run = description_run(text[offset:], tokens, 0, 1, rules.role_words)
    return run if run and _is_person(run, rules) else ""


def _speaker(
    text: str, outside: str, verb: re.Match[str], rules: VoiceRules, people: list[str]
) -> str:
    """The speaker of a speech verb (module docstring), or ''."""
    before = word_tokens(outside[: verb.start()])
    if before and before[-1].group().casefold() in rules.pronouns:
        return people[-1] if people else ""
    tokens = word_tokens(outside)
    first_after = next((i for i, t in enumerate(tokens) if t.start() >= verb.end()), len(tokens))
    subject = description_run(outside, tokens, len(before) - 1, -1, rules.role_words)
    # A short form after a comma ("..., Mr Lubbers said") is tried on its own first.
    parts = subject.split(", ")
    candidates = [", ".join(parts[i:]) for i in range(len(parts) - 1, 0, -1)] if subject else []
    whole = [
        subject,
        description_run(outside, tokens, first_after, 1, rules.role_words),
        _opening_person(outside, rules),
    ]
    for candidate in filter(None, candidates + whole):
        resolved = _resolve(candidate, people)
        if resolved:
            return resolved
    opening = whole[2]
    if subject and opening and not _is_person(subject, rules):
        # "Special Representative of the Assembly on human trafficking issues Christopher
        # Smith was quoted": the role opens the sentence, the name comes right before the
        # verb; the speaker is both, as the page gives them.
        begin, end = outside.find(opening), outside.rfind(subject, 0, verb.start())
        gap = outside[begin + len(opening) : end] if 0 <= begin < end else ""
        if gap and not re.search(r"[,.;:!?()]", gap) and len(gap.split()) <= 6:
            return outside[begin : end + len(subject)]
    for candidate in filter(None, whole):
        if _is_person(candidate, rules):
            return candidate
    # Neither a role nor a person named before: only the sentence's own subject
    # counts ("UNHCR urges ..."), not a place that happens to precede the verb.
    if subject and not outside[: outside.find(subject)].strip(' ,"”“«»-–—'):
        return subject
    return _source(outside, verb, rules)


_SOURCE_AFTER = re.compile(r"\s*([^,.;:!?()\"“”«»]{2,120})")


def _source(outside: str, verb: re.Match[str], rules: VoiceRules) -> str:
    """A report or study cited as the source: after "according to", the phrase up to the next
    punctuation; before a speech verb, a short phrase ending in a ``source`` word; or ''.
    """
    if verb.group().casefold() == "according to":
        found = _SOURCE_AFTER.match(outside, verb.end())
        phrase = found.group(1).strip() if found else ""
        words = phrase.split()
        return " ".join(words[:14]) if words else ""
    head = outside[: verb.start()].rstrip()
    source = None
    for match in rules.sources.finditer(head):
        source = match
    if source is None or head[source.end() :].strip():
        return ""
    start = head.rfind(".", 0, source.start()) + 1
    clause = head[max(start, head.rfind(",", 0, source.start()) + 1) : source.end()].strip()
    words = clause.split()
    return " ".join(words[-7:]) if words else ""


_SOURCE_TAIL = re.compile(r"^[^,.;:!?()\"“”«»]{0,40}$")
_DATELINE_ANY = re.compile(r"^.{0,60}?\b\d{4}\s*[-–—]\s+")  # "VIENNA, 8 April 2003 - "


def _cited_source(outside: str, rules: VoiceRules) -> tuple[str, str]:
    """A cited document stating a finding ("The results of the survey show ..."): its phrase and
    the ``finding`` verb, when the verb's subject holds a ``source`` word; else ('', '').
    """
    for verb in rules.findings.finditer(outside):
        head = _DATELINE_ANY.sub("", outside[: verb.start()].rstrip())
        start = max(head.rfind(",") + 1, head.rfind(";") + 1, 0)
        clause = head[start:].strip()
        last = None
        for match in rules.sources.finditer(clause):
            last = match
        if last is not None and _SOURCE_TAIL.match(clause[last.end() :]):
            return clause, verb.group()
    return "", ""


def _on_behalf(outside: str, rules: VoiceRules, people: list[str]) -> str:
    """The person on whose behalf words are read out ("... on behalf of Minister X"), or ''."""
    found = rules.behalf.search(outside)
    if found is None:
        return ""
    tokens = word_tokens(outside)
    first = next((i for i, t in enumerate(tokens) if t.start() >= found.end()), len(tokens))
    run = description_run(outside, tokens, first, 1, rules.role_words)
    if not run:
        return ""
    return _resolve(run, people) or run


def _same_person(speakers: list[str], rules: VoiceRules) -> dict[str, str]:
    """Each shorter description of a page's speaker -> the fullest one of the same person: same
    Title-Cased words and role, or the acronym the fuller one gives in brackets.
    """
    out: dict[str, str] = {}
    distinct = sorted(set(filter(None, speakers)), key=len, reverse=True)
    for short in distinct:
        words = capitalised_words(short)
        if not words:
            continue
        for full in distinct:
            if len(full) <= len(short) or not words <= capitalised_words(full):
                continue
            roles = {m.group() for m in rules.roles.finditer(short)}
            same_role = all(rules.roles.search(full) and role in full for role in roles)
            if (_is_person(short, rules) and same_role) or f"({short})" in full:
                out[short] = out.get(full, full)
                break
    return out


# --------------------------------------------------------------------------- tables


def _document_voices(rows: pd.DataFrame, rules: VoiceRules) -> list[tuple]:
    """Voice, speaker and deciding cue of each sentence of one document, in order."""
    people: list[str] = []
    inside, paragraph = False, None
    found: list[dict] = []
    for row in rows.itertuples(index=False):
        text = "" if pd.isna(row.text) else str(row.text)
        para = getattr(row, "para_id", None)
        if para != paragraph:
            inside, paragraph = False, para
        spans, inside = _quoted_spans(text, rules, inside)
        spans = [(a, b) for a, b in spans if not _is_title(text[a:b])]
        share = _share(text, spans)
        outside = _outside(text, spans)
        verb = rules.speech.search(outside)
        speaker = _speaker(text, outside, verb, rules, people) if verb else ""
        if verb:
            speaker = _on_behalf(outside, rules, people) or speaker
        beside = verb is not None and any(
            _beside_quotation(text, spans, other) for other in rules.speech.finditer(outside)
        )
        voice = "quoted" if share >= QUOTED_FROM or beside else "reported" if verb else "own"
        cue = "quotation marks" if voice == "quoted" else verb.group() if verb else ""
        if voice == "own":
            source, finding = _cited_source(outside, rules)
            if source:  # a survey or report cited as the source of the sentence's claim
                voice, speaker, cue = "reported", source, finding
        opening = _opening_person(outside, rules)
        if opening and opening != speaker:
            people.append(_resolve(opening, people) or opening)
        if speaker:
            people.append(speaker)
        found.append(
            {"para": para, "voice": voice, "speaker": speaker, "cue": cue,
             "quoted_any": share > 0, "person": people[-1] if people else ""}
        )  # fmt: skip
    # A quoted sentence without a speaker takes its paragraph's, else the last person named.
    for item in found:
        if item["voice"] == "quoted" and not item["speaker"]:
            same = [o["speaker"] for o in found if o["para"] == item["para"] and o["speaker"]]
            item["speaker"] = same[0] if same else item["person"]
    # The same person named shortly (in the title) and in full (in the body) is one speaker.
    fullest = _same_person([f["speaker"] for f in found], rules)
    return [(f["voice"], fullest.get(f["speaker"], f["speaker"]), f["cue"]) for f in found]


_BETWEEN = re.compile(r"^[\s,:;.\-–—]*$")


def _beside_quotation(text: str, spans: list[tuple[int, int]], verb: re.Match[str]) -> bool:
    """Whether the speech verb attributes a quotation right before or after it ('"...," said X')."""
    for start, end in spans:
        after = text[min(end + 1, len(text)) : verb.start()]
        before = text[verb.end() : max(start - 1, 0)]
        if end <= verb.start() and _BETWEEN.match(after):
            return True
        if start >= verb.end() and _BETWEEN.match(before):
            return True
    return False


def sentence_voices(sentences: pd.DataFrame, rules: VoiceRules | None = None) -> pd.DataFrame:
    """The voice and speaker of every sentence of a corpus.

    In: sentences (``doc_id, sent_id, text``, optionally ``para_id``); the rules. A document is
    read in order, as pronouns refer back. Out: ``VOICE_COLUMNS``, in the input's order.
    """
    require_columns(sentences, ["doc_id", "sent_id", "text"], "sentence_voices")
    rules = rules or read_voice_rules()
    ordered = sentences.reset_index(drop=True).sort_values(["doc_id", "sent_id"], kind="stable")
    values: list[tuple] = [()] * len(ordered)
    for _, rows in ordered.groupby("doc_id", sort=False):
        for index, found in zip(rows.index, _document_voices(rows, rules), strict=True):
            values[index] = found
    voices = pd.DataFrame(values, columns=list(VOICE_COLUMNS[2:]))
    base = sentences.reset_index(drop=True)
    return pd.concat([base[["doc_id", "sent_id"]], voices], axis=1)
