"""The connection options, accepted before the subcommand and after it, and shown in its help.

Every option is a setting of ``settings.yaml`` with a ``cli`` entry: its flag, help text,
variables, default and value type come from the declaration (``_settings_table.py``), so this
module lists nothing. People type ``taurusdb-replication list --instance-id X`` as often as
``... --instance-id X list`` (``gh``, ``kubectl`` and ``aws`` take both), so every command carries
a copy of the group's options. A value given after the subcommand wins over one given before.

None of these options reads the environment through click: click would blame a bad value on
the variable even when it came from the option. The client layer's ``resolve_settings`` reads
the variables and remembers where each value came from; options only pass explicit values.
"""

from __future__ import annotations

from typing import Any

import click

from taurusdb_replication.settings import BY_NAME, MINIMUM, SETTINGS, SettingSpec

from ._durations import Duration

INSTANCE_ENV = BY_NAME["instance_id"].env[0]
LANGUAGE_ENV = BY_NAME["language"].env[0]
PROFILE_ENV = BY_NAME["profile"].env[0]


def _complete_regions(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from taurusdb_replication.settings import REGIONS

    return [name for name in sorted(REGIONS) if name.startswith(incomplete)]


def help_text(spec: SettingSpec) -> str:
    """The option's help: the declaration's description, its variables and its default."""
    notes = []
    if spec.env:
        notes.append("env: " + ", ".join(spec.env))
    if spec.profile_key:
        notes.append("profile")
    if spec.default is not None and spec.type != "path":
        unit = "s" if spec.type == "duration" else ""
        notes.append(
            f"default: {str(spec.default).lower() if spec.type == 'boolean' else spec.default}{unit}"
        )
    return spec.description + (f" [{'; '.join(notes)}]" if notes else "")


def _option(spec: SettingSpec) -> click.Option:
    assert spec.cli is not None
    extra: dict[str, Any] = {}
    if spec.type == "integer":
        extra["type"] = click.IntRange(min=MINIMUM.get(spec.validation))
    elif spec.type == "duration":
        extra["type"] = Duration(minimum=0.001)
    elif spec.type == "boolean":
        extra["is_flag"] = True
        extra["default"] = None
    elif spec.type == "enum":
        extra["metavar"] = "[" + "|".join(spec.values) + "]"
    if spec.name == "region":
        extra["shell_complete"] = _complete_regions
    return click.Option([spec.cli, spec.name], help=help_text(spec), **extra)


def connection_params() -> list[click.Parameter]:
    """Fresh option objects (click binds a parameter to one command)."""
    return [
        *(_option(spec) for spec in SETTINGS if spec.cli is not None),
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


def cli_label(spec: SettingSpec) -> str:
    """How the command line names an explicit value: its option ("" for a setting without one,
    which messages then leave out of "set ..." and "looked at")."""
    return spec.cli or ""


def split_connection(params: dict[str, Any]) -> dict[str, Any]:
    """Remove the connection options from a command's parameters and return them."""
    return {name: params.pop(name) for name in CONNECTION_FLAGS if name in params}
