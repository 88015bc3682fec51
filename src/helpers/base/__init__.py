"""The ground floor: paths, the process pool, the text layer, figure style, notebook display."""

# fmt: off
from helpers.base import paths
from helpers.base.prose import findings_list, wrap_long_lines
from helpers.base.style import save_figure, use_style
from helpers.base.tables import readable, use_readable_tables

__all__ = [
    "findings_list", "paths", "readable", "save_figure", "use_readable_tables", "use_style",
    "wrap_long_lines",
]
# fmt: on
