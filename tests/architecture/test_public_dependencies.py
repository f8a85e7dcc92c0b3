"""Hand-written code uses only public names of other distributions (no ``_private`` module or
name of pulumi, httpx, ...), and never reaches into the SDK's dynamic-provider server."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OURS = ("taurusdb_replication", "taurusdb_emulator", "taurusdb_htap_client")


def private_imports(path: Path) -> list[str]:
    """``module:name`` of every import of another distribution's underscore module or name."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [alias.name for alias in node.names]
            modules = [node.module]
        elif isinstance(node, ast.Import):
            names, modules = [], [alias.name for alias in node.names]
        else:
            continue
        for module in modules:
            if module == "__future__" or module.split(".")[0] in OURS:
                continue
            parts = module.split(".")
            if any(part.startswith("_") for part in parts) or any(n.startswith("_") for n in names):
                found.append(f"{path.name}: {module}: {', '.join(names)}")
    return found


def test_no_private_name_of_another_distribution_is_imported() -> None:
    found = [hit for path in sorted((REPO / "provider").rglob("*.py")) for hit in private_imports(path)]
    assert found == []


def test_the_check_sees_a_private_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS\nimport pulumi._x\n")
    assert private_imports(module) == [
        "m.py: pulumi.runtime._grpc_settings: _GRPC_CHANNEL_OPTIONS",
        "m.py: pulumi._x: ",
    ]
