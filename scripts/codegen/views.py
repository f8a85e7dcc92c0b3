"""What the TypeScript and Go view generators share: the enums to declare, the region table and
the command line. The fields themselves come from :mod:`spec_fields`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from taurusdb_replication._endpoints import REGIONS

from scripts.codegen.spec_fields import SpecField


def distinct_enums(fields: tuple[SpecField, ...]) -> list[SpecField]:
    """One field per enum component (``stage`` and ``catchup_stage`` share ``ReplicationStage``)."""
    seen: dict[str, SpecField] = {}
    for field in fields:
        if field.kind == "enum" and field.enum_name is not None:
            seen.setdefault(field.enum_name, field)
    return list(seen.values())


def regions() -> list[tuple[str, str]]:
    """Region name and endpoint, sorted: the Python layer's table, so no language keeps a copy."""
    return sorted(REGIONS.items())


def main(render: Callable[[], str], argv: list[str]) -> int:
    """``generator OUTPUT``: write what ``render`` returns to OUTPUT."""
    if len(argv) != 2:
        print(f"usage: {argv[0]} OUTPUT", file=sys.stderr)
        return 2
    Path(argv[1]).write_text(render(), encoding="utf-8")
    return 0
