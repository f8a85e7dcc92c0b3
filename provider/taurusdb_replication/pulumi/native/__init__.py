"""The native Pulumi provider ``taurusdb``: functions for programs in every Pulumi language.

The engine starts it as the plugin ``pulumi-resource-taurusdb`` (installed with this package,
and into ``.tools/bin`` by ``scripts/install-pulumi``). It serves the package schema generated
from the spec (``schema.json``) and two functions, ``taurusdb:index:getReplications`` and
``taurusdb:index:getReplication``, which read, wait and judge with the dynamic providers' own
code. See ``docs/pulumi.md``.
"""

from ._functions import ARGUMENT_NAMES, GET_REPLICATION, GET_REPLICATIONS
from ._provider import TaurusDBProvider, schema, schema_text
from ._server import TaurusDBServicer, main, serve

__all__ = [
    "ARGUMENT_NAMES",
    "GET_REPLICATION",
    "GET_REPLICATIONS",
    "TaurusDBProvider",
    "TaurusDBServicer",
    "main",
    "schema",
    "schema_text",
    "serve",
]
