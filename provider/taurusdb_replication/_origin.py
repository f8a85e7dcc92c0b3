"""Where a resolved setting came from, and the errors that name a rule of ``settings.yaml``.

An :class:`Origin` is data (the conformance vectors compare :meth:`Origin.to_data` in every
language) with a label for people: ``--region`` on the command line, ``taurusdb:region`` in
Pulumi, ``argument region`` in Python. The errors carry the same language-neutral identity (a
rule id, a setting name, an origin) beside their English message, so front ends and the vectors
never parse text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._errors import ConfigurationError, ValidationError

OriginKind = Literal["argument", "environment", "profile", "region_table", "default"]


@dataclass(frozen=True, slots=True)
class Origin:
    """One place a value was read: an argument, a variable, a profile file's key, the region
    table (computed from the region found at ``region``) or the declaration's default."""

    kind: OriginKind
    name: str | None = None
    """The setting (argument) or the variable (environment)."""
    file: str | None = None
    section: str | None = None
    key: str | None = None
    region: Origin | None = None
    label: str | None = field(default=None, compare=False)
    """How the surface that resolved names an explicit value (``--region``, ``taurusdb:region``)."""

    def __str__(self) -> str:
        if self.kind == "argument":
            return self.label or f"argument {self.name}"
        if self.kind == "environment":
            return str(self.name)
        if self.kind == "profile":
            where = f" [{self.section}]" if self.section is not None else ""
            return f"{self.file}{where} {self.key}"
        if self.kind == "region_table":
            return f"region table ({self.region})"
        return "default"

    def to_data(self) -> dict[str, Any]:
        """The vectors' form (tests/vectors/README.md): no label, nothing language-specific."""
        if self.kind in ("argument", "environment"):
            return {"kind": self.kind, "name": self.name}
        if self.kind == "profile":
            return {"kind": "profile", "file": self.file, "section": self.section, "key": self.key}
        if self.kind == "region_table":
            assert self.region is not None
            return {"kind": "region_table", "region": self.region.to_data()}
        return {"kind": "default"}


DEFAULT = Origin("default")


class RuleValueError(ValidationError):
    """A value breaks a named rule: a setting's validation, or a condition's field rule.

    ``field`` names where it came from (the option, variable or profile key), ``setting`` the
    setting or field, ``rule_id`` the rule's id (the vectors' ``rule``). A ``value`` given (never
    a secret's) is echoed in the message unless it holds ``@`` (user:password@), ``?`` (a query
    may carry a token) or control characters."""

    def __init__(
        self, setting: str, rule_id: str, rule: str, origin: Origin | None = None, *, value: object = None
    ) -> None:
        super().__init__(str(origin) if origin is not None else setting, rule)
        self.setting = setting
        self.rule_id = rule_id
        self.origin = origin
        if isinstance(value, str) and not {"@", "?"} & set(value) and value.isprintable():
            # A value that is not a secret and carries no credentials is echoed: it is what to fix.
            self.args = (f"invalid {self.field} {value!r}: {rule}",)


class SettingsError(ConfigurationError):
    """A rule spanning settings is broken (a half set of credentials, no endpoint, a profile
    that is not there). ``rule_id`` and ``setting`` identify it, ``missing_settings`` names the
    settings missing; ``missing`` says where to set them (the variables or options of the
    source at fault), as every :class:`ConfigurationError` does."""

    def __init__(
        self,
        message: str,
        *,
        rule_id: str,
        setting: str,
        origin: Origin | None = None,
        missing: Sequence[str] = (),
        missing_settings: Sequence[str] = (),
        looked_at: Sequence[str] = (),
        source: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, missing=missing or missing_settings, looked_at=looked_at)
        self.missing_settings = tuple(missing_settings)
        self.rule_id = rule_id
        self.setting = setting
        self.origin = origin
        self.source = source
