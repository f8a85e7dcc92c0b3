"""Read and assert the state of TaurusDB HTAP (StarRocks) replication tasks."""

__version__ = "0.1.0"
