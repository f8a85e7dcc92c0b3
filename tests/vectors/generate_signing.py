"""Write ``tests/vectors/signing.json``: SDK-HMAC-SHA256 requests signed by the vendor SDK.

The vendor's ``huaweicloudsdkcore.signer.signer.Signer`` is the reference the real gateway
agrees with. Every vector records what it computes for one request (the canonical request,
the string to sign and the ``Authorization`` header), so the Python, TypeScript and Go
signers are each held to the same answers without needing the vendor SDK themselves.

The requests come from a seeded generator (the file is reproducible byte for byte; a test
regenerates it and fails on drift) plus hand-picked cases for the rules that are easiest to
get wrong: percent-decoding before re-encoding, ``!*'()`` (left alone by JavaScript's
``encodeURIComponent``), invalid percent escapes, code-point order of astral characters in
queries (JavaScript sorts UTF-16 code units), names containing ``_`` (never signed),
header values with surrounding blanks, security tokens and the trailing-slash rule.

Each vector gives the request the way a client holds it before sending: ``path`` is the raw
wire path (already percent-encoded), ``query`` the decoded pairs in the order they are sent,
``url`` the full wire URL (query encoded with ``%20`` for space and ``%2B`` for ``+``, so
every URL parser decodes the same pairs), and ``headers`` every header to sign. Bodies are
JSON (``Content-Type: application/json``) so the vendor's ``UNSIGNED-PAYLOAD`` rule for other
content types, which this project's signers do not implement, stays out.

Run: ``.venv/bin/python tests/vectors/generate_signing.py`` (``--check`` compares only).
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

OUTPUT = Path(__file__).with_name("signing.json")
SEED = 20240102
GENERATED = 240

PROJECT = "0123456789abcdef0123456789abcdef"
INSTANCE = "9b8a7c6d5e4f30211203f4e5d6c7b8a9in17"
REPLICATION_PATH = f"/v3/{PROJECT}/instances/{INSTANCE}/starrocks/databases/replication"
HOSTS = ("gaussdb.cn-north-4.myhuaweicloud.com", "127.0.0.1:8790", "[::1]:49152", "h.example")
ODD_TEXT = (
    "a b", "a+b", "a%2Fb", "100%", "%zz", "%FF", "%E4%B8%AD", "~tilde", "!*'()", "semi;colon",
    "comma,", "eq=ual", "amp&", "hash#", "q?", "中文", "é", "😀", "\ufffd", "\uff21\uff22", "slash/inside",
    "_under", "-.~", "", "@:$", "[x]", "tab\tin", "quote\"", "back\\slash", "caret^", "pipe|",
)  # fmt: skip
HEADER_NAMES = (
    "X-Language", "Content-Type", "X-Request-Id", "X-Trace_id", "x_lower_underscore", "Accept",
    "User-Agent", "X-Custom-Header", "X-Sdk-Content-Type", "X-Amz-Like", "x-mixed-CASE",
)  # fmt: skip
HEADER_VALUES = (
    "en-us", "zh-cn", "application/json", "  padded  ", "\tTabbed\t", "a  b", "v=1; w=2", "*/*",
    "taurusdb-replication/1.0 (linux)", "UPPER", "with,comma", "x" * 40,
)  # fmt: skip


class _Credentials:
    def __init__(self, ak: str, sk: str) -> None:
        self.ak = ak
        self.sk = sk


def vendor_sign(
    ak: str,
    sk: str,
    method: str,
    host: str,
    path: str,
    query: list[list[str]],
    headers: dict[str, str],
    body: bytes,
) -> dict[str, str]:
    """What the vendor's signer computes for one request: the three values every signer must match."""
    signer = Signer(_Credentials(ak, sk))

    def request() -> SdkRequest:
        return SdkRequest(
            method=method,
            schema="https",
            host=host,
            resource_path=path,
            query_params=[(k, v) for k, v in query],
            header_params=dict(headers),
            body=body,
        )

    probe = request()
    signed_headers = signer._process_signed_headers(probe)
    canonical = signer._process_canonical_request(probe, signed_headers)
    sdk_date = datetime.strptime(headers["X-Sdk-Date"], "%Y%m%dT%H%M%SZ")
    to_sign = signer._process_string_to_sign(canonical, sdk_date)
    signed = signer.sign(request())
    authorization: str = signed.header_params["Authorization"]
    if not authorization.endswith(signer._sign_string_to_sign(to_sign, sk)):
        raise AssertionError("the vendor signer's parts do not give its own Authorization header")
    return {"canonical_request": canonical, "string_to_sign": to_sign, "authorization": authorization}


def wire_url(host: str, path: str, query: list[list[str]]) -> str:
    encoded = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query)
    return f"https://{host}{path}" + (f"?{encoded}" if encoded else "")


def vector(
    name: str,
    *,
    path: str,
    query: list[list[str]] | None = None,
    headers: dict[str, str] | None = None,
    host: str = HOSTS[0],
    method: str = "GET",
    body: str = "",
    ak: str = "AKEXAMPLE",
    sk: str = "SKEXAMPLE",
    date: str = "20240102T030405Z",
) -> dict[str, Any]:
    """One request with the vendor's answers; ``Host`` and ``X-Sdk-Date`` are always signed."""
    query = query or []
    all_headers = {"Host": host, **(headers or {}), "X-Sdk-Date": date}
    if body:
        all_headers.setdefault("Content-Type", "application/json")
    return {
        "name": name,
        "access_key": ak,
        "secret_key": sk,
        "method": method,
        "url": wire_url(host, path, query),
        "host": host,
        "path": path,
        "query": query,
        "headers": all_headers,
        "body": body,
        **vendor_sign(ak, sk, method, host, path, query, all_headers, body.encode()),
    }


def hand_picked() -> list[dict[str, Any]]:
    """The api-facts vector and one case per rule, named for the rule."""
    project = {"X-Project-Id": PROJECT}
    return [
        vector(
            "api-facts section 4 vector",
            path=f"/v3/{PROJECT}/instances/abc/starrocks/databases/replication",
            query=[["offset", "0"], ["limit", "100"]],
            headers=project,
        ),
        vector("root path gets no second slash", path="/"),
        vector("trailing slash kept, not doubled", path=REPLICATION_PATH + "/"),
        vector("empty segments survive", path="/v3//instances///x"),
        vector("no query is the empty string", path=REPLICATION_PATH, headers=project),
        vector("empty query value", path=REPLICATION_PATH, query=[["flag", ""], ["offset", "0"]]),
        vector(
            "repeated keys sort by value", path=REPLICATION_PATH, query=[["k", "b"], ["k", "a"], ["k", "10"]]
        ),
        vector("keys sort before values", path=REPLICATION_PATH, query=[["b", "1"], ["a", "2"], ["a-", "0"]]),
        vector(
            "astral characters sort by code point, not UTF-16 unit",
            path=REPLICATION_PATH,
            query=[["\U0001f600", "1"], ["\ufffd", "2"], ["\uff21", "3"]],
        ),
        vector("encoded slash in a segment is decoded then re-encoded", path="/v3/a%2Fb/c"),
        vector("sub-delimiters are percent-encoded", path="/v3/" + quote("!*'()", safe="!*'()")),
        vector("invalid percent escape is kept and encoded", path="/v3/%zz/100%25"),
        vector("lone percent sign in the path", path="/v3/100%"),
        vector("invalid UTF-8 escape decodes to U+FFFD", path="/v3/%FF%FE"),
        vector("truncated UTF-8 escape is one U+FFFD", path="/v3/%E4%B8/x%F0%9F%98"),
        vector("surrogate escape is invalid UTF-8", path="/v3/%ED%A0%80"),
        vector("lower-case escapes are normalised", path="/v3/%e4%b8%ad"),
        vector("unreserved escapes are decoded", path="/v3/%41%7e%2D"),
        vector("plus in a path stays a plus (encoded)", path="/v3/a+b"),
        vector("plus and space in a query", path=REPLICATION_PATH, query=[["q", "a+b c"]]),
        vector("tilde is never encoded", path="/v3/~user", query=[["~", "~"]]),
        vector(
            "security token is signed",
            path=REPLICATION_PATH,
            headers={**project, "X-Security-Token": "ST.abc+/="},
        ),
        vector("header with underscore is not signed", path=REPLICATION_PATH, headers={"X-Trace_id": "t-1"}),
        vector("header values are trimmed", path=REPLICATION_PATH, headers={"X-Language": "  en-us \t"}),
        vector(
            "inner blanks of a header value are kept", path=REPLICATION_PATH, headers={"X-Custom": "a   b"}
        ),
        vector(
            "header names are lower-cased and sorted",
            path=REPLICATION_PATH,
            headers={"ZZ-Last": "1", "AA-First": "2"},
        ),
        vector("host with a port", path=REPLICATION_PATH, host="127.0.0.1:8790"),
        vector("IPv6 loopback host", path=REPLICATION_PATH, host="[::1]:49152"),
        vector("JSON body is hashed", path="/v3/x", method="POST", body='{"a": 1}'),
        vector("method is upper-cased", path="/v3/x", method="delete"),
        vector("non-ASCII secret key", path="/v3/x", sk="clé-secrète-中"),
        vector("long access key", path="/v3/x", ak="A" * 40),
    ]


def _segment(rng: random.Random) -> str:
    """A wire path segment: plain, an encoded odd text, or a raw odd text left as sent."""
    choice = rng.random()
    if choice < 0.4:
        plain = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789-_.~", k=rng.randint(1, 10)))
        # URL parsers drop "." and ".." segments before sending: no client can sign them.
        return plain if plain.strip(".") else plain + "x"
    text = rng.choice(ODD_TEXT) or "x"
    if choice < 0.85:
        return quote(text, safe="")
    return quote(text, safe="%+!*'()@:$;,=")


def generated(rng: random.Random, index: int) -> dict[str, Any]:
    """A random request mixing every odd part above."""
    path = "/" + "/".join(_segment(rng) for _ in range(rng.randint(1, 6)))
    if rng.random() < 0.2:
        path += "/"
    if rng.random() < 0.3:
        path = REPLICATION_PATH
    query = [
        [rng.choice([*ODD_TEXT[:-1], "limit", "offset"]) or "k", rng.choice([*ODD_TEXT, "0", "100"])]
        for _ in range(rng.randint(0, 4))
    ]
    headers = {name: rng.choice(HEADER_VALUES) for name in rng.sample(HEADER_NAMES, rng.randint(0, 4))}
    if rng.random() < 0.5:
        headers["X-Project-Id"] = PROJECT
    if rng.random() < 0.3:
        headers["X-Security-Token"] = "".join(rng.choices("ABCDEFabcdef0123456789+/=", k=rng.randint(8, 80)))
    method = rng.choice(["GET", "GET", "GET", "POST", "PUT", "DELETE"])
    body = (
        json.dumps({"n": index, "s": rng.choice(ODD_TEXT)}, ensure_ascii=False)
        if method in ("POST", "PUT")
        else ""
    )
    if body or "Content-Type" in headers:
        headers["Content-Type"] = "application/json"
    moment = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 3_000_000_000))
    return vector(
        f"generated {index}",
        path=path,
        query=query,
        headers=headers,
        host=rng.choice(HOSTS),
        method=method,
        body=body,
        ak="".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=rng.randint(8, 20))),
        sk="".join(rng.choices("abcdefghijklmnopqrstuvwxyzABCDEF0123456789/+=é中", k=rng.randint(1, 40))),
        date=moment.strftime("%Y%m%dT%H%M%SZ"),
    )


def build() -> str:
    """The whole file's text."""
    rng = random.Random(SEED)
    vectors = hand_picked() + [generated(rng, index) for index in range(GENERATED)]
    document = {
        "description": (
            "SDK-HMAC-SHA256 signing vectors computed by the vendor SDK's signer "
            "(huaweicloudsdkcore.signer.signer.Signer); regenerate with tests/vectors/generate_signing.py"
        ),
        "vectors": vectors,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    text = build()
    if argv[1:] == ["--check"]:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} differs from what the vendor signer gives; run {argv[0]}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
