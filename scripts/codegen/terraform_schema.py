"""Write the Terraform/OpenTofu provider's schema (Go) and its reference (docs/terraform.md).

One description, two outputs: ``terraform-provider-taurusdb/internal/provider/schema.gen.go``
(the attributes of a task, typed from the spec by :mod:`spec_fields`, with the spec's
descriptions; the data sources' arguments and the provider's configuration; the conversion
of the Go client's ``Replication`` into Terraform values) and the reference section of
``docs/terraform.md`` (between its ``BEGIN/END GENERATED REFERENCE`` markers). A property
added to ``openapi.yaml`` becomes a typed attribute of both data sources and a row of the
reference; properties the spec does not know reach ``extra`` (JSON-encoded values).

The provider's configuration comes from ``settings.yaml`` (every client setting with a
``terraform`` name, its type, description, variables and secrecy); the data sources' own
arguments are listed here as data (:data:`REPLICATIONS_ARGUMENTS` ...) so the Go schema and
the reference cannot disagree. Their rules live in the hand-written Go (``expectation.go``,
``configure.go``); settings are resolved by the Go client.

Usage: ``python scripts/codegen/terraform_schema.py [--check]`` (``scripts/regenerate`` runs it).
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.codegen.go_settings import _go_name
from scripts.codegen.spec_fields import TASK_SCHEMA, DerivedField, SpecField, view_fields

ROOT = Path(__file__).resolve().parents[2]
GO_OUTPUT = ROOT / "terraform-provider-taurusdb" / "internal" / "provider" / "schema.gen.go"
DOC_OUTPUT = ROOT / "docs" / "terraform.md"
BEGIN = "<!-- BEGIN GENERATED REFERENCE (scripts/regenerate --only terraform) -->"
END = "<!-- END GENERATED REFERENCE -->"

# Terraform type of each spec kind: (schema attribute, attr.Type, value constructor for a pointer).
KIND_TYPES: dict[str, tuple[str, str, str]] = {
    "string": ("StringAttribute", "types.StringType", "types.StringPointerValue"),
    "enum": ("StringAttribute", "types.StringType", "stagePointerValue"),
    "number": ("Float64Attribute", "types.Float64Type", "types.Float64PointerValue"),
    "integer": ("Int64Attribute", "types.Int64Type", "types.Int64PointerValue"),
    "boolean": ("BoolAttribute", "types.BoolType", "types.BoolPointerValue"),
    "json": ("StringAttribute", "types.StringType", "jsonValue"),
}
DOC_TYPES = {
    "StringAttribute": "string",
    "Float64Attribute": "number",
    "Int64Attribute": "number (integer)",
    "BoolAttribute": "bool",
    "ListAttribute": "list(string)",
    "MapAttribute": "map(string)",
    "MapNumberAttribute": "map(number)",
}
EXTRA_DESCRIPTION = (
    "Fields the spec does not list, as the service sent them: each value JSON-encoded "
    '(`jsondecode(extra["x"])`), so nothing is dropped.'
)


@dataclass(frozen=True)
class Argument:
    """One attribute of a data source or of the provider (not a task field)."""

    name: str
    attribute: (
        str  # StringAttribute, BoolAttribute, Float64Attribute, Int64Attribute, ListAttribute, MapAttribute
    )
    mode: str  # Required, Optional, Computed, "Optional,Computed"
    description: str
    sensitive: bool = False


EXPECTATIONS = (
    Argument(
        "expect_healthy", "BoolAttribute", "Optional", "When true, every judged task must have status `Yes`."
    ),
    Argument(
        "expect_stages",
        "ListAttribute",
        "Optional",
        "Accepted stages (any letter case; several are alternatives): every judged task must be in one.",
    ),
    Argument(
        "min_percentage",
        "Float64Attribute",
        "Optional",
        "Least progress (0 to 100) every judged task must show.",
    ),
    Argument(
        "wait_timeout",
        "StringAttribute",
        "Optional",
        'How long to poll until the expectations hold (a duration such as `"5m"`, at most `"24h"`); '
        "without it the first read is judged.",
    ),
    Argument(
        "wait_interval",
        "StringAttribute",
        "Optional",
        'First pause between polls while waiting (a duration, default `"10s"`), growing 1.5x per poll '
        "up to 6 times itself (at most 60 s), as the clients' waits do.",
    ),
)
INSTANCE = Argument(
    "instance_id", "StringAttribute", "Required", "The TaurusDB instance (36 letters or digits)."
)
REPLICATIONS_ARGUMENTS = (
    INSTANCE,
    Argument(
        "task_names",
        "ListAttribute",
        "Optional,Computed",
        "Given: only these tasks, each of which must exist. Read: the names of the listed tasks, "
        "in the service's order.",
    ),
    Argument(
        "stages",
        "ListAttribute",
        "Optional",
        "Only tasks in one of these stages (any letter case; a stage the spec does not list is a warning).",
    ),
    Argument("unhealthy_only", "BoolAttribute", "Optional", "Only tasks whose status is not `Yes`."),
    *EXPECTATIONS,
    Argument(
        "id",
        "StringAttribute",
        "Computed",
        "The instance and the filters: the same configuration always has the same id.",
    ),
    Argument(
        "total_count",
        "Int64Attribute",
        "Computed",
        "The number of tasks the service reports for the instance (filters change only the list).",
    ),
    Argument("healthy", "BoolAttribute", "Computed", "True when every listed task is healthy."),
    Argument(
        "unhealthy_tasks", "ListAttribute", "Computed", "Names of the listed tasks that are not healthy."
    ),
    Argument(
        "stage_counts",
        "MapNumberAttribute",
        "Computed",
        "Listed tasks per stage (known stages lower-case; `none` for a task without one).",
    ),
)
REPLICATION_ARGUMENTS = (
    INSTANCE,
    Argument("task_name", "StringAttribute", "Required", "The task to read; it must exist."),
    *EXPECTATIONS,
    Argument("id", "StringAttribute", "Computed", "`<instance_id>/<task_name>`."),
)
SETTINGS = ROOT / "settings.yaml"
SETTING_TYPES: dict[str, tuple[str, str]] = {
    # settings.yaml type: (schema attribute, reader in configure.go)
    "string": ("StringAttribute", "configString"),
    "url": ("StringAttribute", "configString"),
    "path": ("StringAttribute", "configString"),
    "enum": ("StringAttribute", "configString"),
    "integer": ("Int64Attribute", "configInt64"),
    "boolean": ("BoolAttribute", "configBool"),
    "duration": ("StringAttribute", "configDuration"),
}


@dataclass(frozen=True)
class Setting:
    """A setting of settings.yaml that the provider block offers (it has a ``terraform`` key)."""

    name: str
    attribute: str
    type: str
    argument: Argument


def provider_settings() -> tuple[Setting, ...]:
    """The provider's configuration: every client setting of settings.yaml, in its order."""
    declaration = yaml.safe_load(SETTINGS.read_text(encoding="utf-8"))
    found = []
    for name, setting in declaration["settings"].items():
        attribute = setting.get("terraform")
        if not attribute or setting.get("scope", "client") != "client":
            continue
        kind = setting["type"]
        if kind not in SETTING_TYPES:
            raise ValueError(f"settings.yaml: {name}: type {kind!r} has no Terraform attribute here")
        description = " ".join(str(setting["description"]).split())
        if kind == "duration":
            description += ' A duration such as `"30s"` or a number of seconds.'
        if setting.get("env"):
            description += " Environment: " + ", ".join(f"`{v}`" for v in setting["env"]) + "."
        default = setting.get("default")
        if default is not None:
            description += f" Default: `{json.dumps(default) if isinstance(default, bool) else default}`."
        argument = Argument(
            attribute, SETTING_TYPES[kind][0], "Optional", description, bool(setting.get("secret"))
        )
        found.append(Setting(name, attribute, kind, argument))
    return tuple(found)


def _go_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _task_kind(field: SpecField | DerivedField) -> str:
    if field.kind not in KIND_TYPES:
        raise ValueError(f"{TASK_SCHEMA}.{field.name}: kind {field.kind!r} has no Terraform type here")
    return field.kind


def _go_field(field: SpecField | DerivedField) -> str:
    return "".join(part[:1].upper() + part[1:] for part in field.name.split("_"))


def _task_value(field: SpecField | DerivedField) -> str:
    go = f"task.{_go_field(field)}"
    if isinstance(field, DerivedField) or (isinstance(field, SpecField) and field.key):
        constructor = {
            "string": "types.StringValue",
            "boolean": "types.BoolValue",
            "number": "types.Float64Value",
        }
        return f"{constructor[field.kind]}({go})"
    return f"{KIND_TYPES[_task_kind(field)][2]}({go})"


def _attribute(
    name: str, attribute: str, mode: str, description: str, sensitive: bool = False, package: str = "schema"
) -> str:
    """One ``"name": package.Kind{...},`` line of a schema's attribute map."""
    flags = "".join(f"{flag}: true, " for flag in mode.split(","))
    if attribute in ("ListAttribute", "MapAttribute"):
        extra = "ElementType: types.StringType, "
    elif attribute == "MapNumberAttribute":
        attribute, extra = "MapAttribute", "ElementType: types.Int64Type, "
    else:
        extra = ""
    secret = "Sensitive: true, " if sensitive else ""
    return (
        f"\t\t{_go_string(name)}: {package}.{attribute}{{{flags}{extra}{secret}"
        f"Description: {_go_string(description)}}},\n"
    )


def render_go() -> str:
    """The Go file, before gofmt."""
    fields = view_fields()
    task_attrs = "".join(
        _attribute(f.name, KIND_TYPES[_task_kind(f)][0], "Computed", f.description) for f in fields
    ) + _attribute("extra", "MapAttribute", "Computed", EXTRA_DESCRIPTION)
    task_types = "".join(f"\t{_go_string(f.name)}: {KIND_TYPES[_task_kind(f)][1]},\n" for f in fields)
    task_values = "".join(f"\t\t{_go_string(f.name)}: {_task_value(f)},\n" for f in fields)
    stage = next(f for f in fields if isinstance(f, SpecField) and f.name == "stage")
    stages = "".join(f"\t{_go_string(v)},\n" for v in stage.enum_values)

    def arguments(function: str, items: tuple[Argument, ...], kind: str) -> str:
        body = "".join(_attribute(a.name, a.attribute, a.mode, a.description, a.sensitive) for a in items)
        return f"func {function}() map[string]{kind} {{\n\treturn map[string]{kind}{{\n{body}\t}}\n}}\n\n"

    return (
        "// Code generated by scripts/codegen/terraform_schema.py from openapi.yaml "
        f"({TASK_SCHEMA}); DO NOT EDIT.\n\n"
        "package provider\n\n"
        "import (\n"
        '\t"context"\n\n'
        '\t"github.com/hashicorp/terraform-plugin-framework/attr"\n'
        '\t"github.com/hashicorp/terraform-plugin-framework/datasource/schema"\n'
        '\t"github.com/hashicorp/terraform-plugin-framework/diag"\n'
        '\tproviderschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"\n'
        '\t"github.com/hashicorp/terraform-plugin-framework/tfsdk"\n'
        '\t"github.com/hashicorp/terraform-plugin-framework/types"\n'
        '\ttaurusdbhtap "github.com/taurusdb-replication/taurusdb-replication/clients/go"\n'
        ")\n\n"
        "// knownStages are the stages the spec lists (lower case); others are kept as sent.\n"
        f"var knownStages = []string{{\n{stages}}}\n\n"
        "// taskAttributes are the attributes of one task: every spec property, typed, the derived\n"
        "// values, and extra.\n"
        "func taskAttributes() map[string]schema.Attribute {\n"
        f"\treturn map[string]schema.Attribute{{\n{task_attrs}\t}}\n}}\n\n"
        "// taskAttrTypes are the types of taskAttributes, for object values.\n"
        f"var taskAttrTypes = map[string]attr.Type{{\n{task_types}"
        '\t"extra": types.MapType{ElemType: types.StringType},\n}\n\n'
        "// taskValues are one task's attribute values (extra is added by the caller).\n"
        "func taskValues(task taurusdbhtap.Replication) map[string]attr.Value {\n"
        f"\treturn map[string]attr.Value{{\n{task_values}\t}}\n}}\n\n"
        + arguments("replicationsArguments", REPLICATIONS_ARGUMENTS, "schema.Attribute")
        + arguments("replicationArguments", REPLICATION_ARGUMENTS, "schema.Attribute")
    ) + _provider_go()


def _provider_go() -> str:
    settings = provider_settings()
    body = "".join(
        _attribute(
            x.attribute,
            x.argument.attribute,
            "Optional",
            x.argument.description,
            x.argument.sensitive,
            "providerschema",
        )
        for x in settings
    )
    options = "".join(
        f"\t\t{_go_name(x.name)}: {SETTING_TYPES[x.type][1]}(ctx, config, {_go_string(x.attribute)}, d),\n"
        for x in settings
    )
    names = "".join(f"\t{_go_string(x.name)}: {_go_string(x.attribute)},\n" for x in settings)
    return (
        "// providerAttributes is the provider's configuration: one attribute per setting of\n"
        "// settings.yaml that has a terraform name.\n"
        "func providerAttributes() map[string]providerschema.Attribute {\n"
        f"\treturn map[string]providerschema.Attribute{{\n{body}\t}}\n}}\n\n"
        "// providerOptions reads the provider block into the Go client's explicit settings.\n"
        "func providerOptions(ctx context.Context, config tfsdk.Config, d *diag.Diagnostics) "
        "taurusdbhtap.Options {\n"
        f"\treturn taurusdbhtap.Options{{\n{options}\t}}\n}}\n\n"
        "// settingAttributes maps a setting's name (in the client's errors) to its attribute.\n"
        f"var settingAttributes = map[string]string{{\n{names}}}\n"
    )


def _doc_rows(items: tuple[Argument, ...]) -> str:
    rows = []
    for a in items:
        mode = {"Optional,Computed": "optional, computed"}.get(a.mode, a.mode.lower())
        flag = ", sensitive" if a.sensitive else ""
        rows.append(f"| `{a.name}` | {DOC_TYPES[a.attribute]} | {mode}{flag} | {a.description} |\n")
    return "".join(rows)


def render_reference() -> str:
    """The reference section of docs/terraform.md (between the markers)."""
    task_rows = (
        "".join(
            f"| `{f.name}` | {DOC_TYPES[KIND_TYPES[_task_kind(f)][0]]} | {f.description} |\n"
            for f in view_fields()
        )
        + f"| `extra` | map(string) | {EXTRA_DESCRIPTION} |\n"
    )
    head = "| name | type | mode | description |\n|---|---|---|---|\n"
    return (
        f"{BEGIN}\n\n"
        "### Provider `taurusdb`\n\n"
        + head
        + _doc_rows(tuple(x.argument for x in provider_settings()))
        + "\n"
        "### Data source `taurusdb_replications`\n\n"
        + head
        + _doc_rows(REPLICATIONS_ARGUMENTS)
        + "| `replications` | list(object) | computed | "
        "The listed tasks in the service's order, each with the task attributes below. |\n\n"
        "### Data source `taurusdb_replication`\n\n"
        + head
        + _doc_rows(REPLICATION_ARGUMENTS)
        + "| *task attributes* | | computed | Every task attribute below, at the top level. |\n\n"
        f"### Task attributes (from `openapi.yaml`, `{TASK_SCHEMA}`)\n\n"
        "| name | type | description |\n|---|---|---|\n" + task_rows + f"\n{END}"
    )


def _gofmt(source: str) -> str:
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        raise SystemExit("terraform_schema: gofmt (the Go toolchain) is needed")
    done = subprocess.run([gofmt], input=source, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"terraform_schema: gofmt rejected the generated Go:\n{done.stderr}")
    return done.stdout


def _with_reference(doc: str) -> str:
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"terraform_schema: {DOC_OUTPUT.name} lacks the generated-reference markers")
    before, rest = doc.split(BEGIN, 1)
    return before + render_reference() + rest.split(END, 1)[1]


def main(argv: list[str] | None = None) -> int:
    """Write both outputs, or with ``--check`` name each that differs (1) and write nothing."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    doc = DOC_OUTPUT.read_text(encoding="utf-8")
    outputs = {GO_OUTPUT: _gofmt(render_go()), DOC_OUTPUT: _with_reference(doc)}
    stale = 0
    for path, fresh in outputs.items():
        name = path.relative_to(ROOT).as_posix()
        committed = path.read_text(encoding="utf-8") if path.exists() else ""
        if committed == fresh:
            print(f"{name} is up to date with openapi.yaml")
            continue
        if check:
            stale = 1
            sys.stdout.writelines(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    fresh.splitlines(keepends=True),
                    fromfile=f"{name} (committed)",
                    tofile=f"{name} (from openapi.yaml)",
                )
            )
            print(f"{name} is out of date with openapi.yaml; run scripts/regenerate.", file=sys.stderr)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fresh, encoding="utf-8")
        print(f"regenerated {name} from openapi.yaml")
    return stale


if __name__ == "__main__":
    sys.exit(main())
