"""Where the service lives: the vendor SDK's region table (api-facts section 6).

The table is data, not code, so the CLI's ``regions`` command and the docs can show it. The
vendor's Terraform provider disagrees for four regions; users who hit that set an explicit
endpoint (argument or ``TAURUSDB_ENDPOINT``), which always wins over the table.
"""

from __future__ import annotations

from types import MappingProxyType

from . import _validation
from ._errors import ConfigurationError
from ._settings_table import BY_NAME

ENDPOINT_ENV = BY_NAME["endpoint"].env[0]
"""Environment variable that overrides the endpoint for every region (settings.yaml)."""

_HOSTS: dict[str, tuple[str, ...]] = {
    "gaussdb": (
        "cn-north-4",
        "cn-southwest-2",
        "cn-east-3",
        "cn-south-1",
        "ru-northwest-2",
        "ap-southeast-3",
        "cn-north-2",
        "cn-north-9",
        "ap-southeast-4",
        "sa-brazil-1",
        "cn-south-4",
    ),
    "gaussdbformysql": ("tr-west-1", "ap-southeast-1", "ap-southeast-2", "cn-north-11", "me-east-1"),
    "gaussdb-mysql": ("af-south-1", "cn-east-5", "la-north-2", "cn-southwest-3"),
}

REGIONS: MappingProxyType[str, str] = MappingProxyType(
    {
        region: f"https://{host}.{region}.myhuaweicloud.com"
        for host, regions in _HOSTS.items()
        for region in regions
    }
)
"""Region name -> endpoint, for the 20 regions the vendor SDK ships."""


def endpoint_for_region(region: str) -> str:
    """The endpoint of a known region; :class:`ConfigurationError` for an unknown one."""
    _validation.region(region)
    try:
        return REGIONS[region]
    except KeyError:
        raise ConfigurationError(
            f"unknown region {region!r}: pass an endpoint (--endpoint or {ENDPOINT_ENV}) "
            f"or one of: {', '.join(sorted(REGIONS))}",
            missing=("endpoint",),
        ) from None


def iam_endpoint_for_region(region: str | None) -> str:
    """IAM's token service for a region (the global one when the region is unknown)."""
    if region:
        return f"https://iam.{region}.myhuaweicloud.com/v3"
    return "https://iam.myhuaweicloud.com/v3"
