"""The output options the reading commands share: ``-o/--output``, ``--query``, ``--no-headers``.

Each command builds its answer as one JSON-shaped document (the ``-o json`` shape); YAML and
``--query`` are views of that same document, so the three cannot disagree. Server text stays
exact in all of them: JSON and YAML escape control characters inside their quoted strings
rather than printing them, and a query's result is printed as JSON.

``--query`` takes a JMESPath expression, as ``aws --query`` does. JMESPath rather than jq
(``gh --jq``): it is a specification with a compliance suite and implementations for Python,
Go and JavaScript (the languages of this project), and its Python library (``jmespath``,
maintained with the AWS CLI) is pure Python, where jq needs its C library.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from ._output import emit
from ._render import OutputFormat, to_json

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Output:
    """The output options as given: a format (None: table on a terminal, JSON piped), a compiled
    query, and whether tables and CSV carry their header row."""

    format: OutputFormat | None = None
    query: Any = None
    headers: bool = True

    def resolved(self, interactive: bool) -> OutputFormat:
        if self.format is not None:
            return self.format
        if self.query is not None:
            return OutputFormat.JSON
        return OutputFormat.TABLE if interactive else OutputFormat.JSON

    def write(
        self,
        interactive: bool,
        document: Callable[[], Any],
        *,
        table: Callable[[bool], str] | None = None,
        csv: Callable[[bool], str] | None = None,
        json_text: Callable[[], str] | None = None,
    ) -> None:
        """Print the answer in the chosen format; ``table(headers)`` and ``csv(headers)`` render
        the human and spreadsheet views, ``json_text`` a faster spelling of the document's JSON."""
        fmt = self.resolved(interactive)
        if self.query is not None:
            result = _search(self.query, document())
            emit(to_yaml(result) if fmt is OutputFormat.YAML else to_json(result, pretty=True))
        elif fmt is OutputFormat.YAML:
            emit(to_yaml(document()))
        elif fmt is OutputFormat.JSON:
            emit(json_text() if json_text is not None else to_json(document(), pretty=True))
        elif fmt is OutputFormat.CSV and csv is not None:
            emit(csv(self.headers))
        elif table is not None:
            emit(table(self.headers))


_YAML_RAW = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Invisible bidirectional controls: printable to YAML, so PyYAML would write them raw."""


def to_yaml(document: object) -> str:
    """YAML of the document, keys in their order. PyYAML writes a string holding a control
    character double-quoted with escapes (``"\\e"``), as JSON does; when bidirectional controls
    occur, the document is written with every non-ASCII character escaped, so none is raw."""
    import yaml

    def dump(unicode: bool) -> str:
        return yaml.safe_dump(
            document, sort_keys=False, allow_unicode=unicode, default_flow_style=False, width=math.inf
        ).rstrip("\n")

    text = dump(True)
    return dump(False) if _YAML_RAW.search(text) else text


def csv_text(header: Sequence[str] | None, rows: Iterable[Sequence[object]]) -> str:
    """CSV (RFC 4180 quoting) of plain rows, with the header row unless it is None."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def output_options(*formats: OutputFormat, help: str | None = None) -> Callable[[F], F]:
    """``-o/--output`` (these formats), ``--query`` and ``--no-headers``, passed as one ``out``."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def with_output(*args: Any, output: str | None, query: Any, no_headers: bool, **kwargs: Any) -> Any:
            chosen = OutputFormat(output) if output else None
            if query is not None and chosen not in (None, OutputFormat.JSON, OutputFormat.YAML):
                raise click.UsageError("--query prints JSON or YAML: use it with -o json or -o yaml")
            return function(*args, out=Output(chosen, query, not no_headers), **kwargs)

        command: Callable[..., Any] = with_output
        command = click.option(
            "--no-headers",
            is_flag=True,
            help="Tables and CSV without their header row (and tables without their title).",
        )(command)
        command = click.option(
            "--query",
            metavar="JMESPATH",
            callback=_compile_query,
            help="Print only what this JMESPath expression selects from the JSON document, as JSON "
            "(or YAML with -o yaml), e.g. 'replications[?stage==`full`].task_name'.",
        )(command)
        return click.option(  # type: ignore[return-value]
            "--output",
            "-o",
            type=click.Choice([f.value for f in formats]),
            help=help or "Output format; default: table on a terminal, json when piped.",
        )(command)

    return decorate


def _search(query: Any, document: object) -> object:
    from jmespath.exceptions import JMESPathError

    try:
        return query.search(document)
    except JMESPathError as error:  # a type error met while evaluating, e.g. sort_by on mixed values
        raise click.UsageError(f"--query {query.expression!r}: {' '.join(str(error).split())}") from None


def _compile_query(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.compile(value)
    except JMESPathError as error:
        reason = " ".join(str(error).split())
        raise click.BadParameter(f"{value!r} is not a JMESPath expression: {reason}", ctx, param) from None
