"""The language of a page: what the page declares, and what its text reads as.

Templates declare the site's language on every page, translations too, so the text decides:
``py3langid`` reads the first ``DETECT_CHARS`` characters (measured against lingua in
``benchmarks/README.md``). ``choose_language`` gives the source: ``metadata.csv`` (given for the
file), ``text`` (the detector sure: ``SURE_FROM``, or sure it is not the analysis language,
``OTHER_BELOW``), ``declared`` (the detector unsure), ``text (unsure)`` (nothing declared).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# fmt: off
__all__ = [
    "DETECT_CHARS", "LANGUAGE_NAMES", "OTHER_BELOW", "SURE_FROM", "LanguageChoice",
    "choose_language", "detect_language", "known_language", "language_code", "language_label",
    "language_name",
]
# fmt: on

DETECT_CHARS = 500  # about 80 words: the detector is as sure of them as of a whole page
SURE_FROM = 0.9  # the detector's probability from which the text outweighs a declaration
OTHER_BELOW = 0.01  # the analysis language's probability below which a text is surely not in it

# English names of the languages a researcher of the OSCE region is likely to meet
LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "fr": "French", "de": "German", "es": "Spanish",
    "it": "Italian", "uk": "Ukrainian", "sr": "Serbian", "hr": "Croatian", "bs": "Bosnian",
    "sq": "Albanian", "mk": "Macedonian", "bg": "Bulgarian", "ro": "Romanian", "tr": "Turkish",
    "pl": "Polish", "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hu": "Hungarian",
    "el": "Greek", "hy": "Armenian", "ka": "Georgian", "az": "Azerbaijani", "kk": "Kazakh",
    "ky": "Kyrgyz", "tg": "Tajik", "tk": "Turkmen", "uz": "Uzbek", "be": "Belarusian",
    "lt": "Lithuanian", "lv": "Latvian", "et": "Estonian", "fi": "Finnish", "sv": "Swedish",
    "no": "Norwegian", "da": "Danish", "nl": "Dutch", "pt": "Portuguese", "mn": "Mongolian",
    "ar": "Arabic", "he": "Hebrew", "fa": "Persian", "zh": "Chinese", "ja": "Japanese",
}  # fmt: skip
_BY_NAME = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}
_CODE = re.compile(r"^[a-z]{2,3}$")


def language_name(code: str) -> str:
    """'Russian' for 'ru'; the code itself for a language without a name here."""
    return LANGUAGE_NAMES.get(code, code)


def language_label(code: str) -> str:
    """'Russian (ru)' for 'ru'; the code alone for a language without a name here."""
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else code


def language_code(value: str) -> str:
    """An ISO 639 code from a declaration ('en-GB', 'ru_RU', 'English'); '' for none."""
    value = (value or "").strip().lower()
    if value in _BY_NAME:
        return _BY_NAME[value]
    primary = re.split(r"[-_,;\s]", value, maxsplit=1)[0]
    return primary if _CODE.match(primary) else ""


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's model with probabilities, loaded once per process (half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def known_language(code: str) -> bool:
    """Whether the detector knows a language code (so it can be the analysis language)."""
    return code in _identifier().labels


def detect_language(text: str, other: str = "") -> tuple[str, float, float]:
    """``(code, probability, probability of other)`` for a text's first ``DETECT_CHARS``
    characters; ``("", 0.0, 0.0)`` without letters."""
    text = text[:DETECT_CHARS]
    if not any(c.isalpha() for c in text):
        return "", 0.0, 0.0
    ranked = _identifier().rank(text)
    code, probability = ranked[0]
    return code, probability, next((p for c, p in ranked if c == other), 0.0)


@dataclass(frozen=True)
class LanguageChoice:
    """A page's language, where it was read (see the module's docstring) and a note."""

    language: str
    source: str
    note: str = ""
    sure: bool = True


def choose_language(
    text: str, declared: str = "", given: str = "", analysis: str = "en"
) -> LanguageChoice:
    """A page's language from its text, ``declared`` (its HTML) and ``given`` (metadata.csv);
    the note says where they disagree or the detector is unsure."""
    detected, probability, analysis_probability = detect_language(text, analysis)
    sure = bool(detected) and probability >= SURE_FROM
    # sure at least that it is not the analysis language (Croatian, Bosnian or Serbian)
    not_analysis = bool(detected) and detected != analysis and analysis_probability < OTHER_BELOW
    if given:
        against = (sure and detected != given) or (given == analysis and not_analysis)
        note = (
            f"metadata.csv gives the language {given}, but the text reads as "
            f"{language_label(detected)}"
        )
        return LanguageChoice(given, "metadata.csv", note if against else "")
    if declared and not sure and not (not_analysis and declared == analysis):
        return LanguageChoice(declared, "declared")
    if sure or not_analysis:
        note = ""
        if declared and declared != detected:
            note = (
                f"the page declares the language {declared}, but its text reads as "
                f"{language_label(detected)}"
            )
        return LanguageChoice(detected, "text", note)
    if not detected:
        return LanguageChoice("", "", "no text to tell the language from", sure=False)
    note = (
        f"the language is unsure: the text may be {language_label(detected)} "
        f"(probability {probability:.2f})"
    )
    return LanguageChoice(detected, "text (unsure)", note, sure=False)
