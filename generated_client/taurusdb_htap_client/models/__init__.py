"""Contains all the data models used in inputs/outputs"""

from .error_response import ErrorResponse
from .list_star_rocks_data_replications_x_language import ListStarRocksDataReplicationsXLanguage
from .replication_page import ReplicationPage
from .replication_stage import ReplicationStage
from .star_rocks_replication_info import StarRocksReplicationInfo

__all__ = (
    "ErrorResponse",
    "ListStarRocksDataReplicationsXLanguage",
    "ReplicationPage",
    "ReplicationStage",
    "StarRocksReplicationInfo",
)
