"""``config`` (alias ``whoami``): the settings this command line would use, and where each came from.

The answer to "why does it talk to that endpoint / use that key?" without sending anything.
Secrets are never shown: a secret key, token or password appears as ``(set)``, an access key
by its first four and last two characters.
"""

from __future__ import annotations

import copy
from typing import Any

import click

from taurusdb_replication import ConfigurationError, ValidationError
from taurusdb_replication._credentials import AkSkCredentials, PasswordCredentials, TokenCredentials

from ._app import cli
from ._formats import Output, csv_text, output_options
from ._options import INSTANCE_ENV, LANGUAGE_ENV, PROFILE_ENV
from ._render import OutputFormat, simple_table
from ._session import Session

SettingRow = tuple[str, str, str]


def _masked_key(access_key: str) -> str:
    return access_key[:4] + "…" + access_key[-2:] if len(access_key) > 8 else "****"


def credential_rows(credentials: Any, origin: str) -> list[SettingRow]:
    """The credentials as rows, secrets reduced to "(set)"."""
    if isinstance(credentials, TokenCredentials):
        return [("auth", "token", origin), ("token", "(set)", origin)]
    if isinstance(credentials, AkSkCredentials):
        rows = [
            ("auth", "aksk", origin),
            ("access_key", _masked_key(credentials.access_key), origin),
            ("secret_key", "(set)", f"beside {origin}"),
        ]
        if credentials.security_token:
            rows.append(("security_token", "(set)", f"beside {origin}"))
        return rows
    if isinstance(credentials, PasswordCredentials):
        return [
            ("auth", "password", origin),
            ("user_name", credentials.user_name, origin),
            ("password", "(set)", f"beside {origin}"),
            ("domain_name", credentials.domain_name, origin),
        ]
    return [("auth", "unknown", origin)]


def _cli_rows(session: Session) -> list[SettingRow]:
    rows: list[SettingRow] = []
    for name, env in (("instance_id", INSTANCE_ENV), ("language", LANGUAGE_ENV), ("profile", PROFILE_ENV)):
        value, origin = session.given(name, env)
        rows.append((name, value if value else "-", origin or "not set"))
    for name, default in (("request_timeout", "10s connect, 30s read"), ("concurrency", "16")):
        value = session.values.get(name)
        rows.append((name, str(value) if value is not None else default, session.source(name) or "default"))
    return rows


def _settings_rows(session: Session) -> list[SettingRow]:
    settings = session.settings()
    sources = settings.sources
    region_origin = session.source("region") or ("HW_REGION_NAME" if settings.region else "not set")
    retries = settings.max_retries
    retries_origin = session.source("max_retries") or ("HW_MAX_RETRIES" if retries is not None else "default")
    return [
        ("endpoint", settings.endpoint, sources.get("endpoint", "")),
        ("region", settings.region or "-", region_origin),
        ("project_id", settings.project_id, sources.get("project_id", "")),
        *credential_rows(settings.credentials, sources.get("credentials", "")),
        ("iam_endpoint", settings.iam_endpoint, sources.get("iam_endpoint", "")),
        ("max_retries", str(retries) if retries is not None else "5", retries_origin),
        (
            "tls_verify",
            "off" if settings.verify is False else str(settings.verify),
            "HW_INSECURE/TAURUSDB_CA_BUNDLE",
        ),
    ]


def _tls_row(verify: bool | str) -> SettingRow:
    if verify is False:
        return ("tls_verify", "off", "HW_INSECURE")
    if isinstance(verify, str):
        return ("tls_verify", f"CAs in {verify}", "TAURUSDB_CA_BUNDLE")
    return ("tls_verify", "on", "default")


@cli.command("config")
@output_options(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.YAML, OutputFormat.CSV)
@click.pass_obj
def config_command(session: Session, out: Output) -> None:
    """Show the resolved settings and where each came from (nothing is sent; secrets masked)."""
    rows = _cli_rows(session)
    error: ConfigurationError | ValidationError | None = None
    try:
        rows = _settings_rows(session) + rows
    except (ConfigurationError, ValidationError) as exc:
        error = exc
    out.write(
        session.interactive,
        lambda: {name: {"value": value, "source": source} for name, value, source in rows},
        table=lambda headers: simple_table(
            ["SETTING", "VALUE", "SOURCE"], rows, color=session.colored, header=headers
        ),
        csv=lambda headers: csv_text(["setting", "value", "source"] if headers else None, rows),
    )
    if error is not None:
        raise error


whoami_command = copy.copy(config_command)
whoami_command.hidden = True
cli.add_command(whoami_command, "whoami")
