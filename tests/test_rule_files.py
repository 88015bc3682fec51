"""Every rule file is read by one reader: switched-off rows, row numbers, errors naming the file."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.base.rule_files import read_word_list
from helpers.corpus.page_labels import read_page_labels
from helpers.reading.themes import read_codebook
from helpers.reading.voice import read_voice_rules
from helpers.rules.cues import read_cues
from helpers.rules.name_cues import read_name_cues, read_speech_verbs
from helpers.rules.senses import read_senses

GOOD = {
    "framing_cues.csv": ("list,cue,match,rationale", "nexus,link,phrase,A link word."),
    "name_cues.csv": ("kind,cue,match,rationale", "role,Mayor,phrase,Heads a city."),
    "voice_cues.csv": ("kind,cue,rationale", "quote,«,Guillemets open and close."),
    "speech_verbs.csv": ("verb,rationale", "said,The usual verb."),
    "terms_senses.csv": ("rule,pattern,term,sense,rationale", "r,(?P<word>x),x-y,s,Why."),
    "page_labels.csv": ("kind,label,meaning", "section,Newsroom,A part of the site."),
}
READERS = {
    "framing_cues.csv": read_cues,
    "name_cues.csv": read_name_cues,
    "voice_cues.csv": read_voice_rules,
    "speech_verbs.csv": read_speech_verbs,
    "terms_senses.csv": read_senses,
    "page_labels.csv": read_page_labels,
}


@pytest.mark.parametrize("name", list(GOOD))
def test_a_switched_off_row_is_skipped_and_rows_keep_their_file_numbers(tmp_path, name) -> None:
    header, row = GOOD[name]
    no_reason = row.rsplit(",", 1)[0] + ","
    path = tmp_path / name
    path.write_text(f"{header}\n#{row}\n{row}\n{no_reason}\n", "utf-8")
    reader = READERS[name]
    if name == "framing_cues.csv":  # a cue's rationale may be empty (a seminar's new cue)
        assert len(reader(path).table) == 2
        return
    with pytest.raises(ValueError, match=rf"^{name}: row 4 .*no (rationale|meaning)"):
        reader(path)
    path.write_text(f"{header}\n#{row}\n{row}\n", "utf-8")
    reader(path)  # the switched-off row is not read


@pytest.mark.parametrize("name", list(GOOD))
def test_a_missing_column_is_named_with_the_file(tmp_path, name) -> None:
    header, row = GOOD[name]
    table = pd.DataFrame([row.split(",")], columns=header.split(",")).iloc[:, :-1]
    path = tmp_path / name
    table.to_csv(path, index=False)
    with pytest.raises(ValueError, match=rf"^{name}: .*no column '{header.rsplit(',', 1)[1]}'"):
        READERS[name](path)


def test_the_codebook_names_its_file_and_a_word_list_skips_comments(tmp_path) -> None:
    path = tmp_path / "themes.csv"
    path.write_text("theme,definition,patterns\n#off,,x\nt,,\n", "utf-8")
    with pytest.raises(ValueError, match=r"^themes\.csv: codebook row 3 \('t'\): no patterns"):
        read_codebook(path, read_cues())
    words = tmp_path / "words.txt"
    words.write_text("# a comment\nsaid  # reporting verb\n\n  today \n", "utf-8")
    assert read_word_list(words) == ["said", "today"]
