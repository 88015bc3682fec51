"""Fetching pages politely: robots.txt, delays, sitemaps, provenance."""

from helpers.web.fetch import fetch_urls, run_fetch
from helpers.web.polite import FetchOptions

__all__ = ["FetchOptions", "fetch_urls", "run_fetch"]
