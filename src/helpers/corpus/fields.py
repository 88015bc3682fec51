"""Tidy the metadata values of a saved page: places, countries and lists of names."""

from __future__ import annotations

__all__ = ["place_and_country", "split_list", "tidy_place"]

_SMALL_WORDS = {"and", "of", "the", "de", "la", "on", "upon", "am", "an", "der", "del", "da"}


def tidy_place(text: str) -> str:
    """Title-case a place written in capitals ('BOSNIA AND HERZEGOVINA'); keep others."""
    text = " ".join(text.split()).strip(" ,.-")
    if not text or text != text.upper():
        return text
    words = text.lower().split(" ")
    return " ".join(
        w if i and w in _SMALL_WORDS else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for i, w in enumerate(words)
    )


def split_list(values: list[str]) -> list[str]:
    """Split comma-separated metadata values into a de-duplicated list, order kept."""
    items: list[str] = []
    for value in values:
        for item in value.split(","):
            item = item.strip(" -•*")
            if item and item not in items:
                items.append(item)
    return items


def place_and_country(place: str, dateline: tuple | None, venue: str) -> tuple[str, str]:
    """``(place, country)``, tidied, from the Place field, else the dateline ``(city, country,
    date)``, else the venue ('BANJA LUKA, Bosnia and Herzegovina' gives both)."""
    written = place.strip()
    city, country = "", ""
    if written:
        city, _, country = written.partition(",")
    elif dateline:
        city, country = dateline[0], dateline[1]
    elif venue:
        city, _, country = venue.partition(",")
    if dateline and dateline[1] and not country and tidy_place(dateline[0]) == tidy_place(city):
        country = dateline[1]
    return tidy_place(city), tidy_place(country.split(",")[-1]) if country else ""
