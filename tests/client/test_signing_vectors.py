"""The Python signer against every shared signing vector (``tests/vectors/signing.json``).

The vectors are the vendor SDK's answers; the TypeScript and Go signers are held to the same
file (``tests/other_clients/test_signing_vectors.py``). A test here also regenerates the file
with the vendor signer and fails when the committed copy drifted from it.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from taurusdb_replication import AkSkAuth, signing

VECTORS_DIR = Path(__file__).resolve().parents[1] / "vectors"
VECTORS_FILE = VECTORS_DIR / "signing.json"


@cache
def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_signing", VECTORS_DIR / "generate_signing.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _vectors() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["vectors"]
    return loaded


VECTORS = _vectors()


def test_the_file_holds_enough_vectors_of_every_kind() -> None:
    assert len(VECTORS) >= 200
    assert len({v["name"] for v in VECTORS}) == len(VECTORS)
    assert any("x-security-token" in v["authorization"] for v in VECTORS)
    assert any(v["path"].endswith("/") for v in VECTORS)
    assert any(not v["path"].endswith("/") for v in VECTORS)
    assert any("%" in v["path"] for v in VECTORS)
    assert any(v["query"] for v in VECTORS)
    assert any("_" in name for v in VECTORS for name in v["headers"])
    assert any(v["body"] for v in VECTORS)


def test_the_committed_file_is_what_the_vendor_signer_gives() -> None:
    assert VECTORS_FILE.read_text(encoding="utf-8") == _generator().build(), (
        "tests/vectors/signing.json drifted; run .venv/bin/python tests/vectors/generate_signing.py"
    )


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_signing_functions_match_the_vector(vector: dict[str, Any]) -> None:
    lowered = {name.lower(): value for name, value in vector["headers"].items()}
    names = signing.signed_header_names(lowered)
    query = [(key, value) for key, value in vector["query"]]
    canonical = signing.canonical_request(
        vector["method"], vector["path"], query, lowered, names, vector["body"].encode()
    )
    assert canonical == vector["canonical_request"]
    assert signing.string_to_sign(canonical, vector["headers"]["X-Sdk-Date"]) == vector["string_to_sign"]
    signed = signing.sign(
        access_key=vector["access_key"],
        secret_key=vector["secret_key"],
        method=vector["method"],
        path=vector["path"],
        query=query,
        headers=vector["headers"],
        body=vector["body"].encode(),
    )
    assert signed == vector["authorization"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_aksk_auth_signs_the_wire_request_as_the_vector_says(vector: dict[str, Any]) -> None:
    """What goes on the wire: AkSkAuth reads path and query back from the URL it sends."""
    headers = {name: value for name, value in vector["headers"].items() if name != "X-Security-Token"}
    token = vector["headers"].get("X-Security-Token")
    request = httpx.Request(vector["method"], vector["url"], headers=headers, content=vector["body"].encode())
    AkSkAuth(vector["access_key"], vector["secret_key"], token).sign(request)
    assert request.headers["Authorization"] == vector["authorization"]
