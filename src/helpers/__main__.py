"""``python -m helpers``: see ``helpers.cli``."""

import sys

try:
    from helpers.cli import main
except RuntimeError as error:
    # helpers.base.paths stops on import when this environment runs another project folder's
    # code; its exception class goes with the failed import, so it is recognised by name.
    if type(error).__name__ != "ProjectMismatchError":
        raise
    print(f"error: {error}", file=sys.stderr)
    sys.exit(3)

if __name__ == "__main__":  # not again in the worker processes Dask starts (``scale``)
    sys.exit(main())
