"""Read and assert TaurusDB HTAP (StarRocks) replication state in Pulumi programs.

Five lines::

    import pulumi
    from taurusdb_replication.pulumi import StarRocksReplications

    tasks = StarRocksReplications("tasks", instance_id="...", expect_healthy=True, expect_stage="incremental")
    pulumi.export("healthy", tasks.healthy)

Configuration lives in the ``taurusdb:`` namespace (``region``, ``endpoint``, ``projectId``,
``accessKey``, ``secretKey``, ``securityToken``, ``authToken``, ``caBundle``, ``maxRetries``;
set the secret ones with ``pulumi config set --secret``) and falls back to the client's
environment chain. See ``docs/pulumi.md``.
"""

from taurusdb_replication import Violation

from ._errors import ExpectationError, ProviderError
from ._expectations import KNOWN_STAGES
from ._settings import CONFIG_KEYS, NAMESPACE, SECRET_KEYS, ConnectionSettings
from .functions import (
    AwaitableGetReplicationsResult,
    GetReplicationsResult,
    get_replications,
    get_replications_output,
)
from .provider import ReplicationProvider, ReplicationsProvider
from .resources import StarRocksReplication, StarRocksReplications

__all__ = [
    "CONFIG_KEYS",
    "KNOWN_STAGES",
    "NAMESPACE",
    "SECRET_KEYS",
    "AwaitableGetReplicationsResult",
    "ConnectionSettings",
    "ExpectationError",
    "GetReplicationsResult",
    "ProviderError",
    "ReplicationProvider",
    "ReplicationsProvider",
    "StarRocksReplication",
    "StarRocksReplications",
    "Violation",
    "get_replications",
    "get_replications_output",
]
