"""The rules as written: the pattern language, the matching engine, the rule files in data/."""

# fmt: off
from helpers.base.rule_files import read_word_list
from helpers.rules.cues import cues_from_table, read_cues
from helpers.rules.senses import apply_senses, read_senses
from helpers.rules.words import FRAMING_TERMS_FILE, STOP_WORDS_FILE, make_analyzer, read_stop_words

__all__ = [
    "FRAMING_TERMS_FILE", "STOP_WORDS_FILE", "apply_senses", "cues_from_table", "make_analyzer",
    "read_cues", "read_senses", "read_stop_words", "read_word_list",
]
# fmt: on
