"""``python -m helpers``: see ``helpers.cli``."""

import sys

from .cli import main

if __name__ == "__main__":  # not again in the worker processes Dask starts (``scale``)
    sys.exit(main())
