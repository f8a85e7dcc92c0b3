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

The functions (data sources) are the native provider's, for every language: in Python,
``pulumi_taurusdb.get_replications`` / ``get_replications_output`` of the generated SDK
(``sdk/python``), served by the plugin ``pulumi-resource-taurusdb`` with the same read as
these resources.
"""

from taurusdb_replication import Violation

from ._errors import ExpectationError, ProviderError
from ._expectations import KNOWN_STAGES
from ._settings import CONFIG_KEYS, NAMESPACE, SECRET_KEYS, ConnectionSettings
from .provider import ReplicationProvider, ReplicationsProvider
from .resources import StarRocksReplication, StarRocksReplications

__all__ = [
    "CONFIG_KEYS",
    "KNOWN_STAGES",
    "NAMESPACE",
    "SECRET_KEYS",
    "ConnectionSettings",
    "ExpectationError",
    "ProviderError",
    "ReplicationProvider",
    "ReplicationsProvider",
    "StarRocksReplication",
    "StarRocksReplications",
    "Violation",
]
