"""The task's fields as the spec declares them (generated into ``_view.py``): the table the
command line's columns and every front end's outputs are built from, so a field added to
``openapi.yaml`` reaches them through ``scripts/regenerate`` alone."""

from __future__ import annotations

from ._view import DEFAULT_COLUMNS, REPLICATION_FIELDS, TASK_FIELDS, TaskField

__all__ = ["DEFAULT_COLUMNS", "REPLICATION_FIELDS", "TASK_FIELDS", "TaskField"]
