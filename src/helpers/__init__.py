"""Helpers of the migration-crime framing project: the corpus, its one reading, the counts,
tests and figures the notebooks show (the floors: ``src/helpers/README.md``). Importing it
changes no global setting; ``__version__`` comes from the installed package's metadata.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _installed_version

DISTRIBUTION = "migration-crime-framing"  # the name in pyproject.toml

try:
    __version__ = _installed_version(DISTRIBUTION)
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "unknown"
