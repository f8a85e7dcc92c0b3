"""A client library for accessing TaurusDB HTAP StarRocks replication API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
