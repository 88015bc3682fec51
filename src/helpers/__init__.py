"""Helpers for the migration-crime framing project.

Small, pure functions over pandas DataFrames: load and clean the corpus,
split it into paragraphs and sentences, and save figures reproducibly.
Importing this package changes no global setting.

``__version__`` is the installed package's version, read from its metadata;
the one place it is written is ``pyproject.toml``.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _installed_version

DISTRIBUTION = "migration-crime-framing"  # the name in pyproject.toml

try:
    __version__ = _installed_version(DISTRIBUTION)
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "unknown"
