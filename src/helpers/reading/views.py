"""Views derived from the annotation table, for the notebooks that read it another way.

Each is computed from the table's columns alone: no text is read again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from helpers.base.checks import require_columns
from helpers.reading.units import UNIT_COLUMNS, join_words

__all__ = [
    "FLAG_INPUTS", "THEME_UNIT_KINDS", "framed_sentences", "theme_flags", "unit_flags",
    "units_for_themes", "whole_sentences",
]  # fmt: skip

# The columns ``unit_flags`` reads.
FLAG_INPUTS: tuple[str, ...] = (
    "doc_id", "document", "year", "sent_id", "unit_id", "text", "crime", "senses", "security",
    "rights",
)  # fmt: skip


def theme_flags(units: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """In: the annotation table (or rows of it); the theme names in codebook order.
    Out: one boolean column per theme, same index: the theme matrix as the table resolved it."""
    require_columns(units, ["themes"], "theme_flags")
    sets = [set(str(cell).split(";")) if cell else set() for cell in units["themes"].fillna("")]
    return pd.DataFrame(
        {name: [name in found for found in sets] for name in names}, index=units.index, dtype=bool
    )


# The word senses ``unit_flags`` turns into columns ("defining_rights": "=defining-rights").
_SENSE_FLAGS = (
    "refugee", "defining_security", "defining_rights", "negated_security", "negated_rights",
)  # fmt: skip


def unit_flags(units: pd.DataFrame) -> pd.DataFrame:
    """The second-axis view. In: the annotation table. Out: the units about a crime, with
    booleans: ``split`` (a clause), ``security``, ``rights``, ``refugee``, ``defining_*`` and
    ``negated_*`` (a word left out as distinction-defining or negated)."""
    part = units[units["crime"] != "none"]
    senses = part["senses"].fillna("")
    return pd.DataFrame(
        {
            "doc_id": part["doc_id"],
            "document": part["document"],
            "year": part["year"].astype("int64"),
            "sent_id": part["sent_id"],
            "unit_id": part["unit_id"],
            "crime": part["crime"],
            "split": part["unit_id"].str.contains(r"\.\d+$", regex=True),
            "security": part["security"].fillna("") != "",
            "rights": part["rights"].fillna("") != "",
            **{
                flag: senses.str.contains("=" + flag.replace("_", "-"), regex=False)
                for flag in _SENSE_FLAGS
            },
            "text": part["text"],
        }
    ).reset_index(drop=True)


def _joined_crime(crimes: Iterable[str]) -> str:
    """The crime of units joined: the one they name, ``none`` for none, else ``both``."""
    found = set(crimes) - {"none"}
    return "none" if not found else found.pop() if len(found) == 1 else "both"


def _united_themes(cells: Iterable[str]) -> str:
    """The themes of units joined, ``;``-joined, each once, in order."""
    return ";".join(dict.fromkeys(t for cell in cells if cell for t in str(cell).split(";")))


def whole_sentences(units: pd.DataFrame) -> pd.DataFrame:
    """In: the annotation table. Out: one row per sentence, a split sentence's clauses joined
    (``crime`` ``both``, words and senses united, texts joined by a space): for the
    sensitivity checks that read whole sentences."""
    split = units["unit_id"].str.contains(r"\.\d+$", regex=True)
    if not split.any():
        return units.copy()
    joined = []
    for _, rows in units[split].groupby(["doc_id", "sent_id"], sort=False):
        first = rows.iloc[0].copy()
        first["unit_id"] = first["unit_id"].rsplit(".", 1)[0]
        first["crime"] = _joined_crime(rows["crime"])
        first["text"] = " ".join(rows["text"])
        for column in ("in_name", "senses", "security", "rights", "names", "people"):
            words = [w for cell in rows[column] if cell for w in str(cell).split("; ")]
            first[column] = join_words(words)
        first["themes"] = _united_themes(rows["themes"])
        joined.append(first)
    out = pd.concat([units[~split], pd.DataFrame(joined)], ignore_index=True)
    out = out.sort_values(["year", "doc_id", "sent_id"], kind="stable")
    return out[list(UNIT_COLUMNS)].reset_index(drop=True)


def framed_sentences(units: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The framed sentences as notebook 02 tables them.

    In: the annotation table; the corpus's sentences (``doc_id, sent_id, text``, optionally
    ``para_id``). Out: one row per framed sentence, ``framing.FRAMED_COLUMNS`` plus
    ``voice`` and ``speaker``.
    """
    require_columns(units, list(UNIT_COLUMNS), "framed_sentences")
    require_columns(sentences, ["doc_id", "sent_id", "text"], "framed_sentences")
    whole = whole_sentences(units)
    whole = whole[whole["frame"] != ""]
    keyed = sentences.drop_duplicates(["doc_id", "sent_id"]).set_index(["doc_id", "sent_id"])
    keys = pd.MultiIndex.from_frame(whole[["doc_id", "sent_id"]])
    para = keyed["para_id"].reindex(keys).to_numpy() if "para_id" in keyed else pd.NA
    out = pd.DataFrame(
        {
            "doc_id": whole["doc_id"].to_numpy(),
            "year": whole["year"].to_numpy(),
            "sent_id": whole["sent_id"].to_numpy(),
            "para_id": para,
            "part": whole["part"].to_numpy(),
            "sentence": keyed["text"].reindex(keys).to_numpy(),
            "frame": whole["frame"].to_numpy(),
            "cues": whole["cues"].to_numpy(),
            "mentions_trafficking": whole["crime"].isin(["trafficking", "both"]).to_numpy(),
            "mentions_smuggling": whole["crime"].isin(["smuggling", "both"]).to_numpy(),
            "security_cues": whole["security"].to_numpy(),
            "rights_cues": whole["rights"].to_numpy(),
            "voice": whole["voice"].to_numpy(),
            "speaker": whole["speaker"].to_numpy(),
        }
    )
    out["year"] = out["year"].astype("Int64")
    return out.reset_index(drop=True)


THEME_UNIT_KINDS: tuple[str, ...] = ("sentence", "paragraph")


def units_for_themes(
    units: pd.DataFrame,
    sentences: pd.DataFrame,
    unit: str = "sentence",
    include_titles: bool = True,
) -> pd.DataFrame:
    """The units whose themes notebook 04 counts.

    In: the annotation table; the sentences (``doc_id, sent_id, para_id``); ``unit``,
    ``"sentence"`` (the table's units) or ``"paragraph"`` (a paragraph's units joined, themes
    and crimes united); ``include_titles``. Out: ``unit_id, doc_id, year, para_id, sent_id,
    part, text, crime, themes``, by year, doc_id and position.
    """
    require_columns(units, ["doc_id", "sent_id", "unit_id", "year", "part", "text", "crime",
                            "themes"], "units_for_themes")  # fmt: skip
    require_columns(sentences, ["doc_id", "sent_id", "para_id"], "units_for_themes")
    if unit not in THEME_UNIT_KINDS:
        raise ValueError(f"unit must be one of {list(THEME_UNIT_KINDS)}, not {unit!r}")
    para = sentences.drop_duplicates(["doc_id", "sent_id"]).set_index(["doc_id", "sent_id"])
    keys = pd.MultiIndex.from_frame(units[["doc_id", "sent_id"]])
    out = units.assign(para_id=para["para_id"].reindex(keys).to_numpy())
    if not include_titles:
        out = out[out["part"] != "title"]
    columns = ["unit_id", "doc_id", "year", "para_id", "sent_id", "part", "text", "crime", "themes"]
    if unit == "sentence":
        out = out.assign(
            para_id=out["para_id"].astype("Int64"), sent_id=out["sent_id"].astype("Int64")
        )
        return out[columns].reset_index(drop=True)
    rows = []
    for (doc_id, para_id), group in out.groupby(["doc_id", "para_id"], sort=False):
        rows.append(
            {
                "unit_id": f"{doc_id}#p{int(para_id)}",
                "doc_id": doc_id,
                "year": group["year"].iloc[0],
                "para_id": int(para_id),
                "sent_id": pd.NA,
                "part": group["part"].iloc[0],
                "text": " ".join(group["text"]),
                "crime": _joined_crime(group["crime"]),
                "themes": _united_themes(group["themes"]),
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    table = table.astype({"year": "Int64", "para_id": "Int64", "sent_id": "Int64"})
    table = table.sort_values(["year", "doc_id", "para_id"], kind="stable")
    return table.reset_index(drop=True)
