"""Word senses: a word read in another sense becomes a term of its own.

``data/terms_senses.csv`` (``rule, pattern, term, sense, rationale``) says where a word has
its other sense ("in her address" is a speech, "the asylum-migration nexus" a term of the
refugee regime); :func:`apply_senses` writes that occurrence as the rule's ``term``
("address-speech"), so the senses are counted apart. A ``pattern`` is a Python regex whose
group ``word`` is replaced; the rest is context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.base.checks import require_columns
from helpers.base.paths import DATA_DIR
from helpers.base.rule_files import file_errors, read_rule_file, rule_rows

__all__ = [
    "SENSE_COLUMNS", "SENSES_FILE", "SENSE_LOG_COLUMNS", "SenseRule", "apply_senses",
    "read_senses", "senses_from_table",
]  # fmt: skip

SENSES_FILE: Path = DATA_DIR / "terms_senses.csv"
SENSE_COLUMNS = ["rule", "pattern", "term", "sense", "rationale"]
SENSE_LOG_COLUMNS = ["row", "rule", "matched", "term", "context"]
_TERM = re.compile(r"^[a-z]+(?:-[a-z]+)+$")


@dataclass(frozen=True)
class SenseRule:
    """One sense rule: its name, compiled pattern, the term it writes and why."""

    rule: str
    pattern: re.Pattern[str]
    term: str
    sense: str
    rationale: str


def senses_from_table(table: pd.DataFrame) -> list[SenseRule]:
    """In: a table of ``SENSE_COLUMNS``. Out: the rules, in order. Errors name the rule: no name,
    no rationale, a pattern that does not compile or lacks ``(?P<word>...)``, a term that is
    not lower-case words joined by hyphens.
    """
    table, _ = rule_rows(table, SENSE_COLUMNS, "sense rules", rationale="rationale")
    rules = []
    for row in table.itertuples(index=False):
        name = str(row.rule).strip()
        if not name:
            raise ValueError("a sense rule has no name")
        try:
            pattern = re.compile(str(row.pattern))
        except re.error as error:
            raise ValueError(f"sense rule {name!r}: pattern does not compile: {error}") from None
        if "word" not in pattern.groupindex:
            raise ValueError(f"sense rule {name!r}: the pattern has no group (?P<word>...)")
        if not _TERM.match(str(row.term)):
            raise ValueError(
                f"sense rule {name!r}: term {row.term!r} must be lower-case words joined by "
                "hyphens, such as 'address-speech'"
            )
        rules.append(SenseRule(name, pattern, str(row.term), str(row.sense), str(row.rationale)))
    return rules


def read_senses(path: Path | str = SENSES_FILE) -> list[SenseRule]:
    """In: the sense rules file (default ``data/terms_senses.csv``). Out: the rules."""
    with file_errors(path):
        return senses_from_table(read_rule_file(path))


def _rewrite(text: str, rules: list[SenseRule]) -> tuple[str, list[dict]]:
    """One text with every rule applied in turn, and one log row per rewrite."""
    log: list[dict] = []
    for rule in rules:
        spans = [(m.start("word"), m.end("word")) for m in rule.pattern.finditer(text)]
        for start, end in reversed(spans):
            context = text[max(0, start - 30) : min(len(text), end + 30)].replace("\n", " ")
            log.append(
                {
                    "rule": rule.rule,
                    "matched": text[start:end],
                    "term": rule.term,
                    "context": context.strip(),
                }
            )
            text = text[:start] + rule.term + text[end:]
    return text, log


def apply_senses(
    table: pd.DataFrame, rules: list[SenseRule], column: str = "text"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write each occurrence a sense rule picks out as that rule's term.

    In: a table with a text ``column`` (``counted.counted_documents``); the rules. Out: a copy
    with the column rewritten, and the log: ``row`` (index label), ``rule``, ``matched``,
    ``term``, ``context`` (30 characters either side).
    """
    require_columns(table, [column], "apply_senses")
    out = table.copy()
    texts, rows = [], []
    for label, text in zip(table.index, table[column], strict=True):
        new, log = _rewrite("" if pd.isna(text) else str(text), rules)
        texts.append(new)
        rows += [{"row": label, **entry} for entry in log]
    out[column] = texts
    return out, pd.DataFrame(rows, columns=SENSE_LOG_COLUMNS)
