"""Read and assert the state of TaurusDB HTAP (StarRocks) replication tasks.

The public names of the client layer; the modules behind them are private (``_*.py``)::

    from taurusdb_replication import Condition, ReplicationClient

    with ReplicationClient.from_env() as client:          # or ReplicationClient(project_id=...,
        for task in client.list_replications(instance):   #    auth=AkSkAuth(ak, sk), region=...)
            print(task.task_name, task.stage, task.percentage, task.healthy)
        client.wait_for(instance, Condition(tasks=["orders_sync"]), timeout=1800)

Settings are resolved by :func:`resolve_settings`, first match wins: explicit arguments, then
``HW_*`` (``HW_REGION_NAME``, ``HW_PROJECT_ID``, ``HW_AUTH_TOKEN``, ``HW_ACCESS_KEY`` /
``HW_SECRET_KEY`` / ``HW_SECURITY_TOKEN``, ``HW_USER_NAME`` / ``HW_USER_PASSWORD`` /
``HW_DOMAIN_NAME`` / ``HW_AUTH_URL``, ``HW_MAX_RETRIES``, ``HW_INSECURE``), then
``HUAWEICLOUD_SDK_*`` (``AK``, ``SK``, ``PROJECT_ID``, ``SECURITY_TOKEN``, ``IAM_ENDPOINT``),
then the profile file (``~/.huaweicloud/credentials`` or ``HUAWEICLOUD_SDK_CREDENTIALS_FILE``,
section ``[basic]``). This project adds ``TAURUSDB_ENDPOINT`` (an endpoint that overrides the
region table, e.g. the emulator's URL) and ``TAURUSDB_CA_BUNDLE`` (a PEM file of CAs to trust).

Every failure is a :class:`TaurusDBError`; API errors carry ``status``, ``error_code``,
``error_msg`` and ``request_id`` (also in ``str()``). Debug logging (redacted) goes to the
``taurusdb_replication`` and ``taurusdb_replication.http`` loggers.
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
from ._condition import Condition, Evaluation, Violation
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
    is_transient,
)
from ._logging import Redactor
from ._models import REPLICATION_FIELDS, Page, Replication, Stage, WaitResult
from ._retry import RetryPolicy

__all__ = [
    "CA_BUNDLE_ENV",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_TIMEOUT",
    "ENDPOINT_ENV",
    "REGIONS",
    "REPLICATION_FIELDS",
    "AkSkAuth",
    "AkSkCredentials",
    "ApiError",
    "AsyncReplicationClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "Condition",
    "ConfigurationError",
    "Evaluation",
    "IamPasswordAuth",
    "InconsistentListingError",
    "InstanceNotFoundError",
    "MalformedResponseError",
    "Page",
    "PasswordCredentials",
    "PermissionDeniedError",
    "Redactor",
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
    "Violation",
    "WaitError",
    "WaitResult",
    "WaitTimeoutError",
    "__version__",
    "endpoint_for_region",
    "is_transient",
    "resolve_settings",
]
