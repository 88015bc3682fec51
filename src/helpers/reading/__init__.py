"""The one reading: each unit with its crime, frame, cues, names, senses, themes, voice, speaker."""

# fmt: off
from helpers.reading.framing import (
    CRIMES, FRAMES, NONE_LABEL, agreement, bootstrap_shares, frame_counts, frame_sentence,
    frame_sentences, label_predictions,
)
from helpers.reading.themes import (
    CODEBOOK_FILE, codebook_from_table, codebook_summary, match_text, read_codebook,
    theme_matrix,
)
from helpers.reading.counted import counted_documents, counted_units, people_table
from helpers.reading.units import build_units, read_sentence
from helpers.reading.views import framed_sentences, theme_flags, units_for_themes
from helpers.reading.voice import read_voice_rules, sentence_voices

__all__ = [
    "CODEBOOK_FILE", "CRIMES", "FRAMES", "NONE_LABEL", "agreement", "bootstrap_shares",
    "build_units", "codebook_from_table", "codebook_summary", "counted_documents",
    "counted_units", "frame_counts", "frame_sentence", "frame_sentences", "framed_sentences",
    "label_predictions", "match_text", "people_table", "read_codebook", "read_sentence",
    "read_voice_rules", "sentence_voices", "theme_flags", "theme_matrix", "units_for_themes",
]
# fmt: on
