"""The same analysis by partitions of files on Dask, and notebook 07's reading of its tables."""

# fmt: off
from helpers.scale.results import (
    RESULT_FIGURES, Results, ResultsError, read_results, results_figure, save_results_figures,
    security_findings,
)
from helpers.scale.run import plan_partitions, run_scale

__all__ = [
    "RESULT_FIGURES", "Results", "ResultsError", "plan_partitions", "read_results",
    "results_figure", "run_scale", "save_results_figures", "security_findings",
]
# fmt: on
