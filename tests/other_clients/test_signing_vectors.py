"""The TypeScript and Go signers against every shared signing vector (tests/vectors/signing.json,
computed by the vendor SDK's signer; the Python signer's test is tests/client/test_signing_vectors.py).
Counts are checked so a vector silently left out fails."""

from __future__ import annotations

import json
import re

from .conftest import ROOT, require, require_node_modules, run

VECTORS = json.loads((ROOT / "tests" / "vectors" / "signing.json").read_text(encoding="utf-8"))["vectors"]
TYPESCRIPT = ROOT / "clients" / "typescript"


def test_the_typescript_signer_matches_every_vector() -> None:
    node = require("node", "runs the TypeScript signer's tests")
    require_node_modules(TYPESCRIPT)
    run([node, "node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], cwd=TYPESCRIPT)
    output = run([node, "--test", "--test-reporter=tap", "dist/test/signing.test.js"], cwd=TYPESCRIPT)
    # One test for the file, then per vector the pure functions and the signed Fetch Request.
    assert re.search(rf"^# pass {2 * len(VECTORS) + 1}$", output, re.MULTILINE), output[-2000:]
    assert re.search(r"^# fail 0$", output, re.MULTILINE), output[-2000:]


def test_the_go_signer_matches_every_vector() -> None:
    go = require("go", "runs the Go signer's tests")
    output = run([go, "test", "-count=1", "-v", "-run", "SigningVectors", "."], cwd=ROOT / "clients" / "go")
    assert "--- PASS: TestSigningVectorsPureFunctions" in output, output
    assert "--- PASS: TestSigningVectorsOnTheWire" in output, output
    skipped = int(re.search(r"(\d+) vectors skipped on the wire", output).group(1))  # type: ignore[union-attr]
    unparsable = [v["name"] for v in VECTORS if re.search(r"%(?![0-9A-Fa-f]{2})", v["url"].split("?")[0])]
    assert skipped == len(unparsable), (skipped, unparsable)
