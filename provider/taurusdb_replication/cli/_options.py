"""The connection options, accepted before the subcommand and after it, and shown in its help.

People type ``taurusdb-replication list --instance-id X`` as often as ``... --instance-id X
list`` (``gh``, ``kubectl`` and ``aws`` take both), so every command carries a copy of the
group's options. A value given after the subcommand wins over one given before it.

None of these options reads the environment through click: click would blame a bad value on
the variable even when it came from the option (``--language fr`` reported as
``TAURUSDB_LANGUAGE``). :class:`taurusdb_replication.cli._session.Session` reads the
variables itself and remembers where each value came from.
"""

from __future__ import annotations

from typing import Any

import click

from ._durations import Duration

INSTANCE_ENV = "TAURUSDB_INSTANCE_ID"
LANGUAGE_ENV = "TAURUSDB_LANGUAGE"
PROFILE_ENV = "TAURUSDB_PROFILE"
LANGUAGES = ("en-us", "zh-cn")


def _complete_regions(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from taurusdb_replication._endpoints import REGIONS

    return [name for name in sorted(REGIONS) if name.startswith(incomplete)]


def connection_params() -> list[click.Parameter]:
    """Fresh option objects (click binds a parameter to one command)."""
    return [
        click.Option(
            ["--region"],
            shell_complete=_complete_regions,
            help="Region, e.g. cn-north-4; picks the endpoint from the region table. [env: HW_REGION_NAME]",
        ),
        click.Option(
            ["--endpoint"],
            help="Service URL; overrides the region table (e.g. the emulator's URL). "
            "[env: TAURUSDB_ENDPOINT]",
        ),
        click.Option(
            ["--project-id"],
            help="Project id (32 letters or digits). "
            "[env: HW_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID, profile]",
        ),
        click.Option(
            ["--instance-id"], help=f"StarRocks instance id (36 letters or digits). [env: {INSTANCE_ENV}]"
        ),
        click.Option(
            ["--profile"],
            help=f"Section of ~/.huaweicloud/credentials to read (default: basic). [env: {PROFILE_ENV}]",
        ),
        click.Option(
            ["--token"],
            help="IAM token (X-Auth-Token). AK/SK come only from the environment or the profile file: "
            "HW_ACCESS_KEY/HW_SECRET_KEY, HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, ~/.huaweicloud/credentials. "
            "[env: HW_AUTH_TOKEN]",
        ),
        click.Option(
            ["--request-timeout"],
            type=Duration(minimum=0.001),
            help="Timeout of each request, e.g. 30s (default: 10s connect, 30s read).",
        ),
        click.Option(
            ["--max-retries"],
            type=click.IntRange(min=0),
            help="Retries of a failed request (429, 5xx, network); 0: one request. "
            "[env: HW_MAX_RETRIES; default 5]",
        ),
        click.Option(
            ["--concurrency"],
            type=click.IntRange(min=1),
            help="Pages fetched at once when listing (default 16).",
        ),
        click.Option(
            ["--language"],
            metavar="[en-us|zh-cn]",
            help=f"Language of the service's error messages (X-Language). [env: {LANGUAGE_ENV}]",
        ),
        click.Option(
            ["-v", "--verbose"],
            count=True,
            help="Debug log of every request on stderr (secrets redacted); tracebacks on errors.",
        ),
        click.Option(["--no-color"], is_flag=True, help="No colours (also honoured: NO_COLOR)."),
    ]


CONNECTION_FLAGS: dict[str, str] = {
    str(param.name): param.opts[-1] for param in connection_params() if isinstance(param, click.Option)
}
"""Option name (``request_timeout``) -> the flag users type (``--request-timeout``)."""


def split_connection(params: dict[str, Any]) -> dict[str, Any]:
    """Remove the connection options from a command's parameters and return them."""
    return {name: params.pop(name) for name in CONNECTION_FLAGS if name in params}
