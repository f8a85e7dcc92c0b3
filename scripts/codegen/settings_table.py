"""Write ``provider/taurusdb_replication/_settings_table.py`` from ``settings.yaml``.

``settings.yaml`` (repository root) declares every setting once; this generator checks its shape
(an unknown key, a missing description or a validation that is not declared stops generation)
and writes it out as Python data, instances of ``_declaration.SettingSpec``, so the client
library needs no YAML parser at run time. Every Python surface reads that table.

    scripts/regenerate --only settings            write the table
    scripts/regenerate --check --only settings    fail when the committed table is stale
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DECLARATION = ROOT / "settings.yaml"

SETTING_KEYS = frozenset(
    {
        "type", "validation", "description", "default", "secret", "display", "group", "scope",
        "python", "cli", "env", "standard_env", "profile", "pulumi", "terraform", "values",
    }
)  # fmt: skip
REQUIRED_KEYS = frozenset({"type", "validation", "description", "default", "secret", "env"})
TYPES = frozenset({"string", "integer", "boolean", "duration", "path", "url", "enum"})


@dataclass(frozen=True)
class Declaration:
    """The parsed, checked declaration: plain data for every generator."""

    settings: dict[str, dict[str, Any]]
    families: list[dict[str, str]]
    profile_files: dict[str, dict[str, Any]]
    validations: dict[str, str]
    rules: dict[str, str]
    precedence: list[str]


def _fail(message: str) -> SystemExit:
    return SystemExit(f"settings.yaml: {message}")


def _check_setting(name: str, entry: Mapping[str, Any], validations: Mapping[str, str]) -> None:
    unknown = set(entry) - SETTING_KEYS
    if unknown:
        raise _fail(f"setting {name}: unknown key(s) {', '.join(sorted(unknown))}")
    absent = REQUIRED_KEYS - set(entry)
    if absent:
        raise _fail(f"setting {name}: missing key(s) {', '.join(sorted(absent))}")
    if entry["type"] not in TYPES:
        raise _fail(f"setting {name}: type {entry['type']!r} is not one of {', '.join(sorted(TYPES))}")
    if entry["validation"] not in validations:
        raise _fail(f"setting {name}: validation {entry['validation']!r} is not declared under validations")
    if entry["type"] == "enum" and not entry.get("values"):
        raise _fail(f"setting {name}: an enum needs values")
    if not str(entry["description"]).strip():
        raise _fail(f"setting {name}: empty description")


def load(path: Path = DECLARATION) -> Declaration:
    """Read and check ``settings.yaml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    validations = {str(k): " ".join(str(v).split()) for k, v in data["validations"].items()}
    settings: dict[str, dict[str, Any]] = {}
    for name, entry in data["settings"].items():
        _check_setting(name, entry, validations)
        settings[str(name)] = dict(entry)
    for fmt, spec in data["profile_files"].items():
        if spec["setting"] not in settings:
            raise _fail(f"profile_files.{fmt}: setting {spec['setting']!r} is not declared")
    return Declaration(
        settings=settings,
        families=[dict(f) for f in data["environment_families"]],
        profile_files={str(k): dict(v) for k, v in data["profile_files"].items()},
        validations=validations,
        rules={str(k): " ".join(str(v["description"]).split()) for k, v in data["rules"].items()},
        precedence=list(data["precedence"]),
    )


def _literal(value: object, indent: int) -> str:
    """``repr(value)``, a long string split into parenthesized pieces that fit 110 columns."""
    text = repr(value)
    if not isinstance(value, str) or indent + len(text) <= 100:
        return text
    pieces = textwrap.wrap(value, width=96 - indent, drop_whitespace=False, break_long_words=False)
    inner = " " * (indent + 4)
    return "(\n" + "\n".join(inner + repr(piece) for piece in pieces) + "\n" + " " * indent + ")"


def _mapping(name: str, entries: Mapping[str, str], doc: str) -> list[str]:
    lines = [f"{name}: MappingProxyType[str, str] = MappingProxyType(", "    {"]
    lines += [f"        {key!r}: {_literal(text, 8 + len(repr(key)) + 2)}," for key, text in entries.items()]
    return [*lines, "    }", ")", doc, ""]


def _spec(name: str, entry: Mapping[str, Any]) -> str:
    profile = entry.get("profile") or {}
    arguments: dict[str, object] = {
        "name": name,
        "type": entry["type"],
        "validation": entry["validation"],
        "description": " ".join(str(entry["description"]).split()),
        "default": entry["default"],
        "secret": bool(entry["secret"]),
        "python": entry.get("python"),
        "cli": entry.get("cli"),
        "env": tuple(entry["env"] or ()),
        "pulumi": entry.get("pulumi"),
        "terraform": entry.get("terraform"),
        "profile_ini": profile.get("ini"),
        "profile_shared": profile.get("shared"),
        "values": tuple(entry.get("values") or ()),
        "group": entry.get("group"),
        "scope": entry.get("scope", "client"),
        "display": entry.get("display", "plain"),
        "standard_env": bool(entry.get("standard_env", False)),
    }
    defaults: dict[str, object] = {"profile_ini": None, "profile_shared": None, "values": (), "group": None}
    defaults |= {"scope": "client", "display": "plain", "standard_env": False}
    shown = {k: v for k, v in arguments.items() if k not in defaults or defaults[k] != v}
    body = "".join(f"        {k}={_literal(v, 8 + len(k) + 1)},\n" for k, v in shown.items())
    return "    SettingSpec(\n" + body + "    ),"


def render(declaration: Declaration | None = None) -> str:
    """The module's source (before ruff formats it)."""
    found = load() if declaration is None else declaration
    lines = [
        '"""Every setting, generated from settings.yaml by scripts/regenerate: do not edit',
        '(see ``scripts/codegen/settings_table.py``; the shapes are in ``_declaration.py``)."""',
        "",
        "from __future__ import annotations",
        "",
        "from types import MappingProxyType",
        "",
        "from ._declaration import Family, ProfileFileSpec, SettingSpec",
        "",
        "SETTINGS: tuple[SettingSpec, ...] = (",
        *(_spec(name, entry) for name, entry in found.settings.items()),
        ")",
        '"""In declaration order (the order of ``config``, ``--help`` and the docs)."""',
        "",
        "BY_NAME: MappingProxyType[str, SettingSpec] = MappingProxyType({s.name: s for s in SETTINGS})",
        "",
        "FAMILIES: tuple[Family, ...] = (",
        *(
            f"    Family(id={f['id']!r}, prefix={f['prefix']!r}, description={f['description']!r}),"
            for f in found.families
        ),
        ")",
        "",
        "PROFILE_FILES: tuple[ProfileFileSpec, ...] = (",
        *(
            f"    ProfileFileSpec(format={fmt!r}, setting={spec['setting']!r}, "
            f"default_path={spec.get('default_path')!r}, default_section={spec['default_section']!r}),"
            for fmt, spec in found.profile_files.items()
        ),
        ")",
        "",
        *_mapping(
            "VALIDATIONS",
            found.validations,
            '"""Validation id -> the rule in words (an error\'s ``rule_id`` is one of these or of RULES)."""',
        ),
        *_mapping("RULES", found.rules, '"""Rule id -> the rule in words (settings.yaml, rules:)."""'),
        f"PRECEDENCE: tuple[str, ...] = {tuple(found.precedence)!r}",
        "",
    ]
    return "\n".join(lines)
