"""``config`` (alias ``whoami``): the settings this command line would use, and where each came from.

The answer to "why does it talk to that endpoint / use that key?" without sending anything.
One row per setting of ``settings.yaml``, in its order, with the origin the client layer's
resolution found (an option, a variable, a profile file's section and key, the region table,
the default). JSON shows typed values (numbers, booleans, ``null``). Secrets are never shown: a
secret appears as ``(set)``, an access key by its first four and last two characters, a proxy
without its ``user:password@``.
"""

from __future__ import annotations

import copy
from typing import Any

import click

from taurusdb_replication import ConfigurationError, ValidationError
from taurusdb_replication.settings import SETTINGS

from ._app import cli
from ._formats import Output, csv_text, output_options
from ._render import OutputFormat, simple_table
from ._session import Session

Row = tuple[str, Any, str | None]
"""Setting, value as JSON shows it, source (None: not set anywhere, JSON ``null``, table ``-``)."""


def _setting_rows(session: Session) -> list[Row]:
    settings = session.settings()
    rows: list[Row] = []
    for spec in SETTINGS:
        resolved = settings.values.get(spec.name)
        if resolved is None:
            continue
        source = str(resolved.origin) if resolved.origin is not None else None
        rows.append((spec.name, spec.shown(resolved.value), source))
        if spec.name == "project_id":
            rows.append(("auth", settings.credentials.kind, settings.sources["credentials"]))
    return rows


def _instance_row(session: Session) -> Row:
    value, origin = session.given("instance_id")
    return ("instance_id", value, origin)


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


@cli.command("config")
@output_options(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.YAML, OutputFormat.CSV)
@click.pass_obj
def config_command(session: Session, out: Output) -> None:
    """Show the resolved settings and where each came from (nothing is sent; secrets masked)."""
    rows = [_instance_row(session)]
    error: ConfigurationError | ValidationError | None = None
    try:
        rows = _setting_rows(session) + rows
    except (ConfigurationError, ValidationError) as exc:
        error = exc
    shown_rows = [(name, _text(value), _text(source)) for name, value, source in rows]
    out.write(
        session.interactive,
        lambda: {name: {"value": value, "source": source} for name, value, source in rows},
        table=lambda headers: simple_table(
            ["SETTING", "VALUE", "SOURCE"], shown_rows, color=session.colored, header=headers
        ),
        csv=lambda headers: csv_text(["setting", "value", "source"] if headers else None, shown_rows),
    )
    if error is not None:
        raise error


whoami_command = copy.copy(config_command)
whoami_command.hidden = True
cli.add_command(whoami_command, "whoami")
