"""Text from a hostile server never reaches the terminal raw, and never as rich markup.

A real server on loopback (tests/client/hostile.py) sends task names, stages and ``error_msg``
full of escape sequences (an OSC window title, a screen clear, CR and backspace, NUL, DEL, C1
CSI, a bidi override) and rich markup. The real CLI process runs piped and under a
pseudo-terminal: the table, the progress lines and bars, the error line and the ``-v`` log
show every control character as a visible escape; CSV escapes them reversibly; JSON keeps the
exact text, escaped. A fetched IAM token echoed in ``error_msg`` is blanked.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from client.forward_proxy import ForwardProxy
from client.hostile import HostileServer, Respond, iam_then_echo, replying
from taurusdb_replication._safe_text import csv_unescape

from ._proc import Running, run
from .conftest import base_env

INSTANCE = "0123456789abcdef0123456789abcdefin17"
PROJECT = "0123456789abcdef0123456789abcdef"
EVIL = "evil\x1b]0;pwned\x07\x1b[2J\r\x08\x00\x7f\x9b\u202eX"
MARKUP = "[/nope]"
LINK = "[link=https://example.invalid]x[/link]"
NAMES = [EVIL, MARKUP, LINK]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")
"""What must never be written raw (the terminal's own SGR colours are checked apart)."""
OUR_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
RICH_CONTROLS = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
"""Rich's own cursor and colour sequences around progress bars (the service's are escaped)."""
FETCHED_TOKEN = "MIIFetched-IAM-token-only-known-at-run-time-0042"


def _task(name: str) -> dict[str, object]:
    return {
        "task_name": name,
        "source_database": "src\x1b[31mred",
        "target_database": "dst",
        "status": "Yes",
        "stage": "Incremental",
        "percentage": 100,
    }


PAGE = json.dumps({"total_count": len(NAMES), "replications": [_task(n) for n in NAMES]}).encode()


@pytest.fixture
def hostile() -> Iterator[Callable[[Respond], HostileServer]]:
    servers: list[HostileServer] = []

    def make(respond: Respond) -> HostileServer:
        servers.append(HostileServer(respond).start())
        return servers[-1]

    yield make
    for server in servers:
        server.stop()


def _env(server: HostileServer, home: Path, **extra: str) -> dict[str, str]:
    return base_env(home) | {
        "TAURUSDB_ENDPOINT": server.url,
        "HW_PROJECT_ID": PROJECT,
        "HW_AUTH_TOKEN": "hostile-cli-token-0001",
        "TAURUSDB_INSTANCE_ID": INSTANCE,
        "HW_MAX_RETRIES": "0",
        **extra,
    }


def _assert_safe(text: str) -> None:
    assert RAW.search(OUR_COLOURS.sub("", text)) is None, repr(text)


def test_the_piped_table_shows_controls_as_escapes_and_markup_as_text(
    hostile: Callable[[Respond], HostileServer], tmp_path: Path
) -> None:
    result = run(["list", "-o", "table"], _env(hostile(replying(200, PAGE)), tmp_path))
    assert result.returncode == 0, result.stderr
    _assert_safe(result.stdout)
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x08\\x00\\x7f\\x9b\\u202eX" in result.stdout
    assert MARKUP in result.stdout
    assert LINK in result.stdout
    assert "src\\x1b[31mred" in result.stdout


def test_the_table_on_a_terminal_has_no_escape_but_its_own_colours(
    hostile: Callable[[Respond], HostileServer], tmp_path: Path, start: Callable[..., Running]
) -> None:
    result = start(["list"], _env(hostile(replying(200, PAGE)), tmp_path), tty=True).finish()
    assert result.returncode == 0, result.stderr
    assert OUR_COLOURS.search(result.stdout)  # it is a terminal: colours are on
    _assert_safe(result.stdout.replace("\r\n", "\n"))  # the pty's own line ends
    assert "\x1b]" not in result.stdout


def test_csv_escapes_reversibly_and_json_keeps_the_exact_text(
    hostile: Callable[[Respond], HostileServer], tmp_path: Path
) -> None:
    env = _env(hostile(replying(200, PAGE)), tmp_path)
    as_csv = run(["list", "-o", "csv"], env)
    as_json = run(["list", "-o", "json"], env)
    assert as_csv.returncode == as_json.returncode == 0, as_csv.stderr + as_json.stderr
    for text in (as_csv.stdout, as_json.stdout):
        assert RAW.search(text) is None, repr(text)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [csv_unescape(row["task_name"]) for row in rows] == NAMES
    assert [task["task_name"] for task in json.loads(as_json.stdout)["replications"]] == NAMES


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize("name", [MARKUP, LINK])
def test_wait_on_a_task_named_like_markup_neither_crashes_nor_links(
    hostile: Callable[[Respond], HostileServer],
    tmp_path: Path,
    start: Callable[..., Running],
    tty: bool,
    name: str,
) -> None:
    env = _env(hostile(replying(200, PAGE)), tmp_path)
    result = start(["wait", name, "--interval", "0.05s"], env, tty=tty).finish()
    assert result.returncode == 0, result.stdout + result.stderr  # was MarkupError, exit 70
    assert "\x1b]8;" not in result.stdout  # no OSC 8 hyperlink
    assert name in result.stdout
    drawn = RICH_CONTROLS.sub("", result.stdout.replace("\r\n", "\n").replace("\r", ""))  # rich's redraws
    _assert_safe(drawn)


def test_wait_lines_of_a_task_with_controls_are_escaped(
    hostile: Callable[[Respond], HostileServer], tmp_path: Path
) -> None:
    result = run(["wait", "--interval", "0.05s"], _env(hostile(replying(200, PAGE)), tmp_path))
    assert result.returncode == 0, result.stderr
    _assert_safe(result.stdout)
    assert "evil\\x1b]0;pwned" in result.stdout


ERROR = {"error_code": "DBS.\x1b[31m1", "error_msg": "no \x1b]0;pwned\x07 [bold]way[/bold] \x9b2J"}


@pytest.mark.parametrize("verbose", [[], ["-v"]])
def test_the_error_line_and_the_verbose_log_escape_the_service_text(
    hostile: Callable[[Respond], HostileServer], tmp_path: Path, verbose: list[str]
) -> None:
    server = hostile(replying(400, json.dumps(ERROR).encode(), {"X-Request-Id": "req\x1b[2J"}))
    result = run([*verbose, "list"], _env(server, tmp_path))
    assert result.returncode != 0
    _assert_safe(result.stderr)
    assert "no \\x1b]0;pwned\\x07 [bold]way[/bold] \\x9b2J" in result.stderr
    assert "req\\x1b[2J" in result.stderr


@pytest.mark.parametrize("verbose", [[], ["-v"]])
def test_an_iam_token_fetched_at_run_time_and_echoed_back_is_blanked(
    hostile: Callable[[Respond], HostileServer], tmp_path: Path, verbose: list[str]
) -> None:
    server = hostile(iam_then_echo(FETCHED_TOKEN))
    env = _env(
        server, tmp_path, HW_USER_NAME="alice", HW_USER_PASSWORD="pw-0123456789", HW_DOMAIN_NAME="acme"
    )
    del env["HW_AUTH_TOKEN"]
    env["HW_AUTH_URL"] = server.url
    result = run([*verbose, "list"], env)
    assert result.returncode != 0
    assert "is not valid here" in result.stderr  # the message is there,
    assert FETCHED_TOKEN not in result.stderr + result.stdout  # the token is not
    assert "pw-0123456789" not in result.stderr


@pytest.mark.parametrize("given", ["--proxy", "TAURUSDB_PROXY"])
@pytest.mark.parametrize("verbose", [[], ["-v"]])
def test_a_proxy_refusal_names_the_proxy_without_its_credentials(
    hostile: Callable[[Respond], HostileServer], tmp_path: Path, verbose: list[str], given: str
) -> None:
    """The proxy setting (option or variable) reaches the transport; a loopback endpoint, so no
    standard variable would (they never apply to loopback)."""
    server = hostile(replying(200, PAGE))
    proxy = ForwardProxy({"127.0.0.1": ("127.0.0.1", 0)}, credentials=("alice", "right-pr0xy-pw")).start()
    proxy_url = f"http://alice:wr0ng-pr0xy-pw@127.0.0.1:{proxy.port}"
    try:
        if given == "--proxy":
            result = run([*verbose, "list", "--proxy", proxy_url], _env(server, tmp_path))
        else:
            result = run([*verbose, "list"], _env(server, tmp_path, TAURUSDB_PROXY=proxy_url))
    finally:
        proxy.stop()
    assert result.returncode != 0
    assert f"the proxy http://***@127.0.0.1:{proxy.port} refused the request: 407" in result.stderr
    assert "wr0ng-pr0xy-pw" not in result.stderr + result.stdout
    assert server.requests == []  # nothing reached the server but through the proxy


def test_watch_on_a_terminal_shows_controls_as_escapes(
    hostile: Callable[[Respond], HostileServer], tmp_path: Path, start: Callable[..., Running]
) -> None:
    env = _env(hostile(replying(200, PAGE)), tmp_path)
    result = start(["watch", "--iterations", "1", "--interval", "0.05s"], env, tty=True).finish()
    assert result.returncode == 0, result.stdout + result.stderr
    drawn = RICH_CONTROLS.sub("", result.stdout.replace("\r\n", "\n").replace("\r", ""))
    _assert_safe(drawn)
    assert "evil\\x1b]0;pwned" in drawn
    assert MARKUP in drawn
