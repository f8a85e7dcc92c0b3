"""Read and assert the state of TaurusDB HTAP (StarRocks) replication tasks.

The public names of the client layer; the modules behind them are private (``_*.py``).
"""

__version__ = "0.1.0"

from ._auth import AkSkAuth, IamPasswordAuth, TokenAuth
from ._client import (
    DEFAULT_CONCURRENCY,
    DEFAULT_TIMEOUT,
    AsyncReplicationClient,
    ClientConfig,
    ReplicationClient,
)
from ._credentials import (
    CA_BUNDLE_ENV,
    AkSkCredentials,
    PasswordCredentials,
    Settings,
    SettingsOverrides,
    TokenCredentials,
    resolve_settings,
)
from ._endpoints import ENDPOINT_ENV, REGIONS, endpoint_for_region
from ._errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    InconsistentListingError,
    InstanceNotFoundError,
    MalformedResponseError,
    PermissionDeniedError,
    ReplicationFailedError,
    ReplicationNotFoundError,
    RequestTimeoutError,
    ServerError,
    TaurusDBError,
    ThrottledError,
    TransportError,
    ValidationError,
    WaitError,
    WaitTimeoutError,
)
from ._models import Page, Replication, Stage, WaitResult
from ._retry import RetryPolicy
from ._waiter import WaitCondition

__all__ = [
    "CA_BUNDLE_ENV",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_TIMEOUT",
    "ENDPOINT_ENV",
    "REGIONS",
    "AkSkAuth",
    "AkSkCredentials",
    "ApiError",
    "AsyncReplicationClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "ConfigurationError",
    "IamPasswordAuth",
    "InconsistentListingError",
    "InstanceNotFoundError",
    "MalformedResponseError",
    "Page",
    "PasswordCredentials",
    "PermissionDeniedError",
    "Replication",
    "ReplicationClient",
    "ReplicationFailedError",
    "ReplicationNotFoundError",
    "RequestTimeoutError",
    "RetryPolicy",
    "ServerError",
    "Settings",
    "SettingsOverrides",
    "Stage",
    "TaurusDBError",
    "ThrottledError",
    "TokenAuth",
    "TokenCredentials",
    "TransportError",
    "ValidationError",
    "WaitCondition",
    "WaitError",
    "WaitResult",
    "WaitTimeoutError",
    "__version__",
    "endpoint_for_region",
    "resolve_settings",
]
