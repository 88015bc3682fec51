"""Helpers for the migration-crime framing project.

Small, pure functions over pandas DataFrames: load and clean the corpus,
split it into paragraphs and sentences, and save figures reproducibly.
Importing this package changes no global setting.
"""

__version__ = "0.1.0"
