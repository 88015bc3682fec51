"""Language detectors for the loader: py3langid against lingua-language-detector.

    pip install py3langid lingua-language-detector   # py3langid is in requirements.txt
    python benchmarks/language.py                   # about a minute

**Accuracy**, on ``tests/fixtures/languages/samples.csv``: two paragraphs in
each of 13 languages (English, Russian, French, German, Spanish, Italian,
Ukrainian, Serbian in Cyrillic, Croatian, Albanian, Romanian, Turkish,
Polish), written for this project on the corpus's topic. Each is tried whole
(a paragraph of 40 to 65 words), as its first sentence (15 to 25 words) and
as its first six words (a headline). *Exact* counts the right language;
*English or not* counts the decision the loader takes (a page in the
analysis language or not). Serbian, Croatian and Bosnian are written alike:
a detector that gives one for another is counted right in a second column.

**Time**: microseconds per call on the body of each seed page (3,500
characters on average, cut to the loader's ``DETECT_CHARS``), on each
paragraph, and the seconds a process spends loading the detector's model
(once per process of the loader's pool).
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from helpers.corpus.language import DETECT_CHARS  # noqa: E402
from helpers.corpus.load import load_corpus  # noqa: E402

SAMPLES = ROOT / "tests" / "fixtures" / "languages" / "samples.csv"
ALIKE = {"sr", "hr", "bs"}


def samples() -> list[tuple[str, str, str]]:
    """(language, form, text) for every sample in its three forms."""
    with SAMPLES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cases = []
    for row in rows:
        text = row["text"]
        first = text.split(". ")[0] + "."
        cases += [(row["language"], "paragraph", text), (row["language"], "sentence", first)]
        cases.append((row["language"], "headline", " ".join(text.split()[:6])))
    return cases


def py3langid_detector():
    start = time.perf_counter()
    import py3langid

    py3langid.classify("warm up the model")
    loaded = time.perf_counter() - start
    return (lambda text: py3langid.classify(text)[0]), loaded


def lingua_detector(low: bool):
    start = time.perf_counter()
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
    detector = (builder.with_low_accuracy_mode() if low else builder).build()
    detector.detect_language_of("warm up the model")
    loaded = time.perf_counter() - start

    def detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found is not None else ""

    return detect, loaded


def per_call(detect, texts: list[str], repeat: int = 5) -> float:
    """Median microseconds per call over ``repeat`` rounds of every text."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            detect(text)
        rounds.append((time.perf_counter() - start) / len(texts))
    return statistics.median(rounds) * 1e6


def main() -> None:
    cases = samples()
    seeds = load_corpus(ROOT / "seeds", cache=False)
    bodies = [text[:DETECT_CHARS] for text in seeds.documents["text"]]
    paragraphs = [text for _, form, text in cases if form == "paragraph"]
    detectors = {
        "py3langid": lambda: py3langid_detector(),
        "lingua (high accuracy)": lambda: lingua_detector(low=False),
        "lingua (low accuracy)": lambda: lingua_detector(low=True),
    }
    print("| detector | form | exact | sr/hr/bs alike | English or not |")
    print("|---|---|---:|---:|---:|")
    times = []
    for name, make in detectors.items():
        detect, loaded = make()
        for form in ("paragraph", "sentence", "headline"):
            chosen = [(lang, detect(text)) for lang, f, text in cases if f == form]
            exact = sum(lang == got for lang, got in chosen)
            alike = sum(lang == got or {lang, got} <= ALIKE for lang, got in chosen)
            english = sum((lang == "en") == (got == "en") for lang, got in chosen)
            n = len(chosen)
            print(f"| {name} | {form} | {exact}/{n} | {alike}/{n} | {english}/{n} |")
            wrong = [f"{lang}->{got}" for lang, got in chosen if lang != got]
            if wrong:
                print(f"|  | wrong: {', '.join(wrong)} | | | |")
        times.append((name, per_call(detect, bodies), per_call(detect, paragraphs), loaded))
    print("\n| detector | µs per seed body | µs per paragraph | model load (s) |")
    print("|---|---:|---:|---:|")
    for name, body, paragraph, loaded in times:
        print(f"| {name} | {body:,.0f} | {paragraph:,.0f} | {loaded:.2f} |")


if __name__ == "__main__":
    main()
