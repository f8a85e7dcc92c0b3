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

from taurusdb_replication.settings import SETTINGS, Diagnosis

from ._app import cli
from ._formats import Output, csv_text, output_options
from ._render import OutputFormat, simple_table
from ._session import Session

Row = tuple[str, Any, str | None]
"""Setting, value as JSON shows it, source (None: not set anywhere, JSON ``null``, table ``-``)."""


def _setting_rows(diagnosis: Diagnosis) -> list[Row]:
    """Every setting, resolved or not (value and source null), and the credentials' kind."""
    rows: list[Row] = []
    for spec in SETTINGS:
        resolved = diagnosis.values.get(spec.name)
        if resolved is None:
            continue
        source = str(resolved.origin) if resolved.origin is not None else None
        rows.append((spec.name, spec.shown(resolved.value), source))
        if spec.name == "project_id":
            origin = diagnosis.credentials_origin
            kind = None if diagnosis.auth == "none" else diagnosis.auth
            rows.append(("auth", kind, None if origin is None else str(origin)))
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
    diagnosis = session.diagnosis()
    rows = [*_setting_rows(diagnosis), _instance_row(session)]
    shown_rows = [(name, _text(value), _text(source)) for name, value, source in rows]
    out.write(
        session.interactive,
        lambda: {name: {"value": value, "source": source} for name, value, source in rows},
        table=lambda headers: simple_table(
            ["SETTING", "VALUE", "SOURCE"], shown_rows, color=session.colored, header=headers
        ),
        csv=lambda headers: csv_text(  # CSV is data: null is an empty cell, as in list's CSV
            ["setting", "value", "source"] if headers else None,
            [(name, "" if value is None else _text(value), source or "") for name, value, source in rows],
        ),
    )
    if diagnosis.problems:  # every setting is shown above; the first problem is the exit's
        raise diagnosis.problems[0]


whoami_command = copy.copy(config_command)
whoami_command.hidden = True
cli.add_command(whoami_command, "whoami")
