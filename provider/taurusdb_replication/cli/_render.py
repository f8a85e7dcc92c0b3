"""Turning replications into tables, JSON and CSV.

Everything renders from ``Replication.to_dict()``, the documented JSON shape, so the three
formats cannot disagree about a value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich.table import Table
from rich.text import Text

from taurusdb_replication import REPLICATION_FIELDS
from taurusdb_replication._models import DEFAULT_COLUMNS, TASK_FIELDS

Row = Mapping[str, Any]

FIELDS = REPLICATION_FIELDS
"""The documented key order of one replication in JSON and CSV (generated from the spec)."""
COLUMNS: dict[str, str] = {field.name: field.header for field in TASK_FIELDS}
"""Every field a table can show, with its header, in order (generated from the spec)."""


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def listing_document(rows: Sequence[Row]) -> dict[str, Any]:
    """The stable JSON document of ``list``: ``{"total_count": N, "replications": [...]}``."""
    return {"total_count": len(rows), "replications": [ordered(row) for row in rows]}


def ordered(row: Row) -> dict[str, Any]:
    """One replication with the documented keys first, in order; unknown keys kept after them."""
    known = {key: row.get(key) for key in FIELDS}
    return known | {key: value for key, value in row.items() if key not in known}


def to_json(document: object, *, pretty: bool) -> str:
    return json.dumps(document, indent=2 if pretty else None, ensure_ascii=False)


def to_csv(rows: Sequence[Row]) -> str:
    """CSV with a header of the documented keys; ``extra`` as compact JSON, null as empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key in FIELDS])
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def percent(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, int | float):
        return f"{value:.4g}%"
    return str(value)


def _yes_no(value: object) -> Text:
    if value is None:
        return Text("-", style="dim")
    return Text("yes", style="green") if value else Text("no", style="red")


def _health(row: Row) -> Text:
    healthy = row.get("healthy")
    if healthy is None:
        return Text(str(row.get("status") or "-"), style="yellow")
    return Text("ok", style="green") if healthy else Text("ABNORMAL", style="bold red")


def _stage(value: object) -> Text:
    text = str(value) if value is not None else "-"
    style = {"incremental": "green", "full": "cyan", "cancelled": "red", "paused": "yellow"}
    return Text(text, style=style.get(text, ""))


def _catchup(row: Row) -> str:
    stage = row.get("catchup_stage")
    return "-" if stage is None else f"{stage} {percent(row.get('catchup_percentage'))}"


_LISTING_HEADERS = tuple(COLUMNS[name] for name in DEFAULT_COLUMNS)


def listing_table(rows: Sequence[Row], *, title: str | None = None) -> Table:
    """The human view of many tasks: one line each, the columns people scan for."""
    table = Table(title=title, title_justify="left", header_style="bold", box=None, pad_edge=False)
    for header in _LISTING_HEADERS:
        table.add_column(
            header,
            justify="right" if header == "PROGRESS" else "left",
            no_wrap=header != "SOURCE DATABASE",
        )
    for row in rows:
        table.add_row(
            str(row.get("task_name") or "-"),
            str(row.get("source_database") or "-"),
            str(row.get("target_database") or "-"),
            _health(row),
            _stage(row.get("stage")),
            percent(row.get("percentage")),
            _catchup(row),
            _yes_no(row.get("is_need_repair")),
            _yes_no(row.get("is_main_task")),
        )
    return table


def detail_table(row: Row) -> Table:
    """The human view of one task: every field on its own line, unknown fields included."""
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in ordered(row).items():
        if key == "extra":
            for extra_key, extra_value in sorted((value or {}).items()):
                table.add_row(f"extra.{extra_key}", to_json(extra_value, pretty=False))
            continue
        table.add_row(key, _detail_value(key, value))
    return table


def _detail_value(key: str, value: object) -> Text | str:
    if key in ("percentage", "catchup_percentage"):
        return percent(value)
    if key == "stage":
        return _stage(value)
    if isinstance(value, bool) or value is None:
        return _yes_no(value) if key != "healthy" else _health({"healthy": value})
    return str(value)
