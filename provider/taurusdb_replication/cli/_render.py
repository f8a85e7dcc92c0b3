"""Turning replications into tables, JSON and CSV.

Everything renders from ``Replication.to_dict()``, the documented JSON shape, so the three
formats cannot disagree about a value. The table's columns are a list of field names: the
spec's default set (``x-taurusdb-column``), or any fields the user names with ``--columns``,
with the spec's headers. How a field's cell looks (colour, joined values) is a rule per field,
with a generic rule for any other field, so a new field of the spec needs no edit here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from taurusdb_replication.fields import DEFAULT_COLUMNS, REPLICATION_FIELDS, TASK_FIELDS
from taurusdb_replication.text import csv_escape, json_safe

from ._table import Cell, Column, Row, render

FIELDS = REPLICATION_FIELDS
"""The documented key order of one replication in JSON and CSV."""

LISTING_FIELDS = DEFAULT_COLUMNS
"""The listing table's default columns, in order (generated from the spec)."""
COLUMNS: dict[str, str] = {field.name: field.header for field in TASK_FIELDS}
"""Every field a table can show (``--columns``), with its header, in order (generated from the spec)."""

_GIVE_UP_FIRST = ("is_main_task", "catchup_stage", "target_database", "source_database", "is_need_repair")
"""On a narrow terminal these columns are hidden, first one first; task name, health, stage and
progress are never hidden (nor cut)."""

_STAGE_STYLE = {"incremental": "green", "full": "cyan", "cancelled": "red", "paused": "yellow"}


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    YAML = "yaml"


def ordered(row: Row) -> dict[str, Any]:
    """One replication with the documented keys first, in order; unknown keys kept after them."""
    if tuple(row) == FIELDS and isinstance(row, dict):
        return row  # what ``Replication.to_dict()`` gives: already in order
    known = {key: row.get(key) for key in FIELDS}
    return known | {key: value for key, value in row.items() if key not in known}


def to_json(document: object, *, pretty: bool) -> str:
    """JSON as the service sent it (nothing dropped), with controls only ever escaped."""
    return json_safe(json.dumps(document, indent=2 if pretty else None, ensure_ascii=False))


def _shown(row: Row, fields: Sequence[str] | None) -> dict[str, Any]:
    """One task of the document: every key (``ordered``), or only ``fields`` in their order
    (``--columns``)."""
    return ordered(row) if fields is None else {key: row.get(key) for key in fields}


def listing_json(rows: Sequence[Row], total_count: int, fields: Sequence[str] | None = None) -> str:
    """The ``list`` document, one task per line (``total_count``: the service's; ``fields``:
    the keys each task keeps, see :func:`listing_document`).

    ``json.dumps(indent=...)`` runs the pure-Python encoder (0.44 s on 10,000 tasks). Here the
    C encoder writes the whole list at once, and a line break goes before each task: every task
    starts with the same key (``task_name`` by ``ordered``, else the first of ``fields``), and
    ``}, {"KEY": `` cannot occur inside a JSON string (its quote would be escaped), so the breaks
    land between tokens (at worst also between two objects nested in ``extra``), where JSON
    allows whitespace.
    """
    head = f'{{\n  "total_count": {total_count},\n  "replications": ['
    if not rows:
        return head + "]\n}"
    tasks = json_safe(json.dumps([_shown(row, fields) for row in rows], ensure_ascii=False)[1:-1])
    first = json.dumps(fields[0] if fields else FIELDS[0], ensure_ascii=False)
    return head + "\n    " + tasks.replace(f"}}, {{{first}: ", f"}},\n    {{{first}: ") + "\n  ]\n}"


def listing_document(
    rows: Sequence[Row], total_count: int, fields: Sequence[str] | None = None
) -> dict[str, Any]:
    """The stable JSON document of ``list``: ``{"total_count": N, "replications": [...]}``.

    ``total_count`` is the service's total, as on every front end (tests/vectors/conditions.json):
    selectors change only the list. Each task has every key, or with ``fields`` (``--columns``)
    only those, in that order.
    """
    return {"total_count": total_count, "replications": [_shown(row, fields) for row in rows]}


def to_csv(rows: Sequence[Row], columns: Sequence[str] = FIELDS, *, header: bool = True) -> str:
    """CSV with a header of the keys (default: the documented ones); ``extra`` as compact JSON,
    null as empty.

    CSV is data: a cell's backslashes and control characters are escaped reversibly
    (``_safe_text.csv_escape``: a backslash doubled, a control as its hex escape), never deleted.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key in columns])
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list):
        return csv_escape(json.dumps(value, ensure_ascii=False, sort_keys=True)) if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.isascii() and text.isprintable() and "\\" not in text else csv_escape(text)


def percent(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, int | float):
        return f"{value:.4g}%"
    return str(value)


def _health(row: Row) -> Cell:
    healthy = row.get("healthy")
    if healthy is None:
        return str(row.get("status") or "-"), "yellow"
    return ("ok", "green") if healthy else ("ABNORMAL", "bold red")


def _stage(value: object) -> Cell:
    text = str(value) if value is not None else "-"
    return text, _STAGE_STYLE.get(text, "")


def _repair(value: object) -> Cell:
    """A task that needs repair is the one to look at: ``yes`` is red."""
    if value is None:
        return "-", "dim"
    return ("yes", "bold red") if value else ("no", "")


def _plain(value: object) -> Cell:
    if value is None:
        return "-", "dim"
    if isinstance(value, bool):
        return ("yes" if value else "no"), ""
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True), ""
    return str(value), ""


_CELLS: dict[str, Callable[[Row], Cell]] = {
    "healthy": _health,
    "stage": lambda row: _stage(row.get("stage")),
    "percentage": lambda row: (percent(row.get("percentage")), ""),
    "catchup_stage": lambda row: (
        ("-", "")
        if row.get("catchup_stage") is None
        else (f"{row['catchup_stage']} {percent(row.get('catchup_percentage'))}", "")
    ),
    "is_need_repair": lambda row: _repair(row.get("is_need_repair")),
}


def _column(field: str) -> Column:
    rank = len(_GIVE_UP_FIRST) - _GIVE_UP_FIRST.index(field) if field in _GIVE_UP_FIRST else None
    cell = _CELLS.get(field) or (lambda row: _plain(row.get(field)))
    header = COLUMNS.get(field, field.upper().replace("_", " "))
    return Column(header, cell, right=field == "percentage", drop_rank=rank)


def listing_table(
    rows: Sequence[Row],
    *,
    width: int | None,
    color: bool,
    title: str | None = None,
    columns: Sequence[str] = LISTING_FIELDS,
    header: bool = True,
) -> str:
    """The human view of many tasks: one line each, the columns people scan for (or those asked)."""
    columns_ = tuple(_column(field) for field in columns)
    return render(columns_, rows, width=width, color=color, title=title, header=header)


def _detail_cell(row: Row) -> Cell:
    key, value = row["field"], row["value"]
    if key == "healthy":
        return _health({"healthy": value, "status": row.get("status")})
    if key in ("stage", "catchup_stage"):
        return _stage(value)
    if key == "is_need_repair":
        return _repair(value)
    return _plain(value)


_DETAIL_COLUMNS = (Column("FIELD", lambda row: (str(row["field"]), "bold")), Column("VALUE", _detail_cell))


def detail_table(row: Row, *, width: int | None, color: bool) -> str:
    """The human view of one task: every field on its own line, unknown fields included."""
    lines: list[Row] = []
    for key, value in ordered(row).items():
        if key == "extra":
            lines.extend(
                {"field": f"extra.{name}", "value": to_json(item, pretty=False)}
                for name, item in sorted((value or {}).items())
            )
        elif key in ("percentage", "catchup_percentage"):
            lines.append({"field": key, "value": percent(value)})
        else:
            lines.append({"field": key, "value": value, "status": row.get("status")})
    return render(_DETAIL_COLUMNS, lines, width=width, color=color, header=False)


def _nth(index: int) -> Callable[[Row], Cell]:
    return lambda row: (str(row[str(index)]), "")


def simple_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, color: bool, header: bool = True
) -> str:
    """A table of plain strings (``regions``, ``config``)."""
    columns = [Column(name, _nth(i)) for i, name in enumerate(headers)]
    cells = [{str(i): value for i, value in enumerate(row)} for row in rows]
    return render(columns, cells, width=None, color=color, header=header)
