"""The captions of the figures drawn both in one process (notebooks 01-04) and from the
reduced tables of ``python -m helpers scale`` (notebook 07): one text for both, so the same
counts give the same figure files, byte for byte.
"""

from __future__ import annotations

import string

__all__ = ["FIGURE_CAPTIONS", "FIGURE_TITLES", "figure_caption"]

FIGURE_TITLES: dict[str, str] = {  # titles not computed from the data
    "03_tfidf_top_terms": "Top 25 terms by TF-IDF in each year (names of people removed)",
    "03_tfidf_similarity": "Cosine similarity of the years' TF-IDF vectors",
}

FIGURE_CAPTIONS: dict[str, str] = {
    "01_documents_per_year": "Number of documents in the corpus per year, {first}-{last}, by "
    "type of page.",
    "02_frames_by_year": "Framed sentences per year, stacked by frame, with the count of each "
    "frame, the year's total and its number of documents.",
    "02_security_rights": "Share of trafficking and of smuggling units using security or "
    "human-rights words, per year and pooled, with 95% Wilson intervals, counts and Fisher's "
    "exact test.",
    "03_tfidf_top_terms": "The 25 terms with the highest TF-IDF weight in each of the {years} "
    "years (documents of a year pooled; unigrams and bigrams; stop words, numbers and names of "
    "people removed).",
    "03_tfidf_similarity": "Cosine similarity between the TF-IDF vectors (unigrams and bigrams) "
    "of every pair of years.",
    "03_tfidf_drift": "Drift (1 minus the cosine similarity of TF-IDF vectors) between each "
    "year and the next year of the corpus.",
    "04_theme_presence_by_year": "Units ({unit}s) with each theme per year: count in the cell, "
    "colour by share of the year's units; n units per year under the year; last row: units "
    "with no theme.",
    "04_theme_cooccurrence": "Units ({unit}s) in which two themes occur together: count in each "
    "cell, colour by Jaccard index; diagonal: units with the theme. Data: one row per pair; "
    "lift and PMI only where n_both >= {min_count}.",
    "04_trafficking_vs_smuggling": "Share of the units ({unit}s) naming each crime that also "
    "have each theme; a unit naming both crimes counts for both; counts beside the bars.",
    "04_early_late": "Share of units with each theme and Jaccard index of the strongest pairs, "
    "by period ({periods}); counts beside.",
    "04_theme_network": "Theme network on a circle: node area by units with the theme (count "
    "in brackets), a line where two themes share at least {min_count} units ({unit}s), its "
    "width by Jaccard index (legend); shared counts in the CSV.",
}


def figure_caption(name: str, **values: object) -> str:
    """The caption of figure ``name`` with its ``{fields}`` filled from ``values``.

    Raises ``KeyError`` for a figure without a caption here, ``ValueError`` naming a field
    not given or a value not asked for.
    """
    if name not in FIGURE_CAPTIONS:
        raise KeyError(f"no caption for figure {name!r}: known are {', '.join(FIGURE_CAPTIONS)}")
    template = FIGURE_CAPTIONS[name]
    fields = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    if fields != set(values):
        raise ValueError(
            f"the caption of {name!r} takes {sorted(fields) or 'no values'}, "
            f"not {sorted(values) or 'none'}"
        )
    return template.format(**values)
