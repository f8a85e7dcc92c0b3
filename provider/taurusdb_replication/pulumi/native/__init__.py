"""The native Pulumi provider ``taurusdb``: functions for programs in every Pulumi language.

The engine starts it as the plugin ``pulumi-resource-taurusdb`` (installed with this package,
and into ``.tools/bin`` by ``scripts/install-pulumi``). It serves the package schema generated
from the spec (``schema.json``) and two functions, ``taurusdb:index:getReplications`` and
``taurusdb:index:getReplication``, which read, wait and judge with the dynamic resources' own
code (:mod:`taurusdb_replication.pulumi._reading`). See ``docs/pulumi.md``.
"""

from __future__ import annotations

import sys

from pulumi.provider.experimental.server import main as serve

from taurusdb_replication.pulumi._schema import GET_REPLICATION, GET_REPLICATIONS, schema, schema_text

from ._functions import ARGUMENT_NAMES
from ._provider import TaurusDBProvider

__all__ = [
    "ARGUMENT_NAMES",
    "GET_REPLICATION",
    "GET_REPLICATIONS",
    "TaurusDBProvider",
    "main",
    "schema",
    "schema_text",
]


def main(argv: list[str] | None = None) -> None:
    """The plugin's entry point (``pulumi-resource-taurusdb ENGINE_ADDRESS``): serve until stopped."""
    provider = TaurusDBProvider()
    serve(sys.argv[1:] if argv is None else argv, provider.version, provider)
