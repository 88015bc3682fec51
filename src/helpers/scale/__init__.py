"""The same analysis by partitions of files on Dask."""

from helpers.scale.run import plan_partitions, run_scale

__all__ = ["plan_partitions", "run_scale"]
