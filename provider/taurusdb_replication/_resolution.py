"""The settings engine: every setting of ``settings.yaml`` resolved with its origin.

One small engine over the declaration (``_settings_table.py``), in the spirit of botocore's
configprovider: the table says which argument, variables and profile keys feed each setting;
this module holds only the rules (``rules:`` in ``settings.yaml``), in the order the vectors
check errors:

1. the profile layer (one file, one profile: ``_profiles.py``);
2. each setting, first source wins: explicit, its variables in order, the profile, the default
   (rule ``precedence``), converted by its validation (``_conversions.py``);
3. the endpoint (``endpoint_from_region``, ``explicit_region_beats_environment_endpoint``);
4. the project id (``project_id_required``);
5. the credentials, as a group from one source (``credentials_one_source``,
   ``credentials_priority``);
6. what is derived when unset: the IAM endpoint from the region, the proxy from the standard
   variables.

The result is data (:class:`Resolution`); ``_credentials.resolve_settings`` builds the public
:class:`~taurusdb_replication.Settings` from it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from ._conversions import convert
from ._declaration import SettingSpec
from ._endpoints import REGIONS, iam_endpoint_for_region
from ._errors import ConfigurationError, ValidationError
from ._origin import DEFAULT, Origin, SettingsError
from ._profiles import ProfileLayer, read_profile
from ._proxy_env import proxy_from_environment
from ._settings_table import BY_NAME, FAMILIES, SETTINGS

_T = TypeVar("_T")

Label = Callable[[SettingSpec], str]
"""How a surface names an explicit value in messages (``--region``, ``taurusdb:region``)."""

CREDENTIAL_KINDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("token", ("auth_token",), ("auth_token",), ()),
    (
        "aksk",
        ("access_key", "secret_key", "security_token"),
        ("access_key", "secret_key"),
        ("security_token",),
    ),
    ("password", ("user_name", "password"), ("user_name", "password", "domain_name"), ()),
)
"""Rule ``credentials_priority``: (kind, what triggers it, what it needs, what it may add), best first."""


_KIND_TEXT = {
    "token": "an IAM token",
    "aksk": "an access key pair",
    "password": "IAM password authentication",
}


def python_label(spec: SettingSpec) -> str:
    return f"argument {spec.python or spec.name}"


@dataclass(frozen=True, slots=True)
class Resolved:
    """A setting's value and where it came from (``origin`` None: a credential not used).
    The ``repr`` shows the value as every surface does (:meth:`SettingSpec.shown`): a secret
    as ``(set)``, an access key masked, a proxy without its ``user:password@``."""

    value: Any
    origin: Origin | None
    spec: SettingSpec | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        shown = self.value if self.spec is None else self.spec.shown(self.value)
        return f"Resolved(value={shown!r}, origin={self.origin!r})"


@dataclass(frozen=True)
class Resolution:
    """Every client setting resolved, and the kind of credentials chosen."""

    values: Mapping[str, Resolved]
    auth: str
    profile: ProfileLayer

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value

    @property
    def credentials_origin(self) -> Origin | None:
        """Where the chosen credentials came from: the origin of the first setting their kind
        needs (``None`` when no credentials resolved)."""
        return credentials_origin(self.values, self.auth)


def credentials_origin(values: Mapping[str, Resolved], auth: str) -> Origin | None:
    """The origin of the first setting the credential kind ``auth`` needs (``CREDENTIAL_KINDS``)."""
    needs = next((needs for kind, _, needs, _ in CREDENTIAL_KINDS if kind == auth), ())
    first = values.get(needs[0]) if needs else None
    return first.origin if first is not None else None


class _Engine:
    """One resolution: the explicit values, the environment and the profile layer."""

    def __init__(self, explicit: Mapping[str, object], environ: Mapping[str, str], label: Label) -> None:
        self.explicit = {
            k: v for k, v in explicit.items() if v is not None and not (isinstance(v, str) and not v.strip())
        }
        self.environ = environ
        self.label = label
        self.values: dict[str, Resolved] = {}

    def argument(self, spec: SettingSpec) -> Origin:
        return Origin("argument", name=spec.name, label=self.label(spec))

    def variable(self, spec: SettingSpec) -> tuple[str, Origin] | None:
        for name in spec.env:
            value = self.environ.get(name, "").strip()
            if value:
                return value, Origin("environment", name=name)
        return None

    def first(self, spec: SettingSpec, profile: ProfileLayer | None) -> tuple[object, Origin] | None:
        """Rule ``precedence``: explicit, variables in order, profile (the raw value)."""
        if spec.name in self.explicit:
            return self.explicit[spec.name], self.argument(spec)
        found = self.variable(spec)
        if found is None and profile is not None:
            found = profile.values.get(spec.name)
        return found

    def resolve(self, spec: SettingSpec, profile: ProfileLayer | None) -> Resolved:
        found = self.first(spec, profile)
        if found is None:
            typed = spec.default is not None and spec.type in ("path", "duration")
            default = convert(spec, spec.default, DEFAULT, self.environ) if typed else spec.default
            return Resolved(default, DEFAULT)
        return Resolved(convert(spec, found[0], found[1], self.environ), found[1], spec)

    def profile_layer(self) -> ProfileLayer:
        files = {name: self.resolve(BY_NAME[name], None) for name in ("profile", "credentials_file")}
        shared = self.resolve(BY_NAME["shared_config_file"], None)
        self.values.update(files, shared_config_file=shared)
        named = files["profile"]
        ini = files["credentials_file"]
        assert ini.origin is not None
        return read_profile(
            shared_path=(shared.value, shared.origin) if shared.value is not None and shared.origin else None,
            ini_path=(ini.value, ini.origin),
            profile=(named.value, named.origin) if named.value is not None and named.origin else None,
        )


def resolve(
    explicit: Mapping[str, object],
    environ: Mapping[str, str],
    *,
    label: Label = python_label,
    problems: list[ConfigurationError | ValidationError] | None = None,
) -> Resolution:
    """Resolve every client setting from explicit values (by setting name), the environment
    and the profile; :class:`SettingsError` or ``RuleValueError`` name the rule broken.

    With a ``problems`` list, a broken rule or value is appended to it instead of raised, and
    resolution goes on with that setting unresolved (value and origin ``None``, ``auth``
    ``"none"``): what ``config`` shows, so the one wrong setting is seen beside all the others.
    """
    engine = _Engine(explicit, environ, label)

    def attempt(step: Callable[[], _T], fallback: _T) -> _T:
        if problems is None:
            return step()
        try:
            return step()
        except (ConfigurationError, ValidationError) as exc:  # a value's rule, or a rule between settings
            problems.append(exc)
            return fallback

    unresolved = Resolved(None, None)
    profile = attempt(engine.profile_layer, ProfileLayer("ini", "", None))
    for spec in SETTINGS:
        if spec.scope == "client" and spec.group != "credentials" and spec.name not in engine.values:
            engine.values[spec.name] = attempt(functools.partial(engine.resolve, spec, profile), unresolved)
    values = engine.values
    values["endpoint"] = attempt(lambda: _endpoint(engine, values["endpoint"], values["region"]), unresolved)
    attempt(lambda: _require_project(engine, values["project_id"], profile), None)
    auth = attempt(lambda: _credentials(engine, profile), "none")
    for spec in SETTINGS:
        if spec.group == "credentials" and spec.name not in values:
            values[spec.name] = unresolved
    if values["auth_url"].value is None and values["region"].value is not None:
        region = values["region"]
        values["auth_url"] = Resolved(iam_endpoint_for_region(region.value), _table(region))
    elif values["auth_url"].value is None:
        values["auth_url"] = Resolved(iam_endpoint_for_region(None), DEFAULT)
    if values["proxy"].value is None and values["endpoint"].value is not None:
        values["proxy"] = attempt(lambda: _standard_proxy(engine, values["endpoint"].value), unresolved)
    return Resolution(values, auth, profile)


def _table(region: Resolved) -> Origin:
    assert region.origin is not None
    return Origin("region_table", region=region.origin)


def _endpoint(engine: _Engine, endpoint: Resolved, region: Resolved) -> Resolved:
    """Rules ``endpoint_from_region`` and ``explicit_region_beats_environment_endpoint``."""
    explicit_region = region.origin is not None and region.origin.kind == "argument"
    if endpoint.origin is not None and endpoint.origin.kind == "argument":
        return endpoint
    if region.value is not None and (explicit_region or endpoint.value is None):
        if region.value not in REGIONS:
            raise SettingsError(
                f"unknown region {region.value!r} (from {region.origin}): use one of "
                f"{', '.join(sorted(REGIONS))}, or set an endpoint ({_names(engine, 'endpoint')})",
                rule_id="unknown_region",
                setting="region",
                origin=region.origin,
                missing_settings=("endpoint",),
            )
        return Resolved(REGIONS[region.value], _table(region))
    if endpoint.value is not None:
        return endpoint
    raise SettingsError(
        f"no region or endpoint: set {_names(engine, 'region')} or {_names(engine, 'endpoint')}",
        rule_id="region_or_endpoint_required",
        setting="region",
        missing_settings=("region", "endpoint"),
        looked_at=(*_places(engine, "region"), *_places(engine, "endpoint")),
    )


def _names(engine: _Engine, name: str) -> str:
    """The first ways a user sets a setting, for messages: the explicit label and first variable."""
    spec = BY_NAME[name]
    return " or ".join(filter(None, [engine.label(spec), *spec.env[:1]]))


def _places(engine: _Engine, name: str, profile: ProfileLayer | None = None) -> list[str]:
    spec = BY_NAME[name]
    places = [*filter(None, [engine.label(spec)]), *spec.env]
    key = spec.profile_key.get(profile.format) if profile is not None else None
    if profile is not None and key is not None:
        places.append(f"{profile.label} {key}")
    return places


def _require_project(engine: _Engine, project: Resolved, profile: ProfileLayer) -> None:
    if project.value is None:
        raise SettingsError(
            f"no project id: set {_names(engine, 'project_id')}",
            rule_id="project_id_required",
            setting="project_id",
            missing_settings=("project_id",),
            looked_at=_places(engine, "project_id", profile),
        )


def _credential_sources(
    engine: _Engine, profile: ProfileLayer
) -> list[tuple[dict[str, Any], str, dict[str, tuple[object, Origin]]]]:
    """Rule ``credentials_one_source``: explicit, each variable family, the profile."""
    group = [s for s in SETTINGS if s.group == "credentials"]
    sources: list[tuple[dict[str, Any], str, dict[str, tuple[object, Origin]]]] = []
    explicit = {
        s.name: (engine.explicit[s.name], engine.argument(s)) for s in group if s.name in engine.explicit
    }
    sources.append(({"kind": "argument"}, "explicit values", explicit))
    for family in FAMILIES:
        found: dict[str, tuple[object, Origin]] = {}
        for spec in group:
            for name in spec.env:
                value = engine.environ.get(name, "").strip()
                if name.startswith(family.prefix) and value and spec.name not in found:
                    found[spec.name] = (value, Origin("environment", name=name))
        sources.append(({"kind": "environment", "family": family.id}, f"{family.prefix}* variables", found))
    in_profile = {name: pair for name, pair in profile.values.items() if BY_NAME[name].group == "credentials"}
    sources.append((profile.source(), profile.label, dict(in_profile)))
    return sources


def _kind_in(
    engine: _Engine,
    source: dict[str, Any],
    label: str,
    found: Mapping[str, object],
    profile: ProfileLayer | None,
) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """Rules ``credentials_priority`` and ``credentials_incomplete`` within one source: the
    winning kind (with what it needs and may add), None when the source holds no credential."""
    group = [s for s in SETTINGS if s.group == "credentials"]
    for kind, triggers, needs, extras in CREDENTIAL_KINDS:
        if not any(name in found for name in triggers):
            continue
        missing = [s.name for s in group if s.name in needs and s.name not in found]
        if missing:
            where = [_where(engine, name, source, profile) for name in missing]
            raise SettingsError(
                f"{_KIND_TEXT[kind]} is incomplete in {label}: set {' and '.join(where)}",
                rule_id="credentials_incomplete",
                setting=missing[0],
                missing=where,
                missing_settings=missing,
                source=source,
            )
        return kind, needs, extras
    return None


def check_credentials(explicit: Mapping[str, object], *, label: Label = python_label) -> None:
    """The credential rules over explicit values alone, so a front end can refuse half a set
    from its own configuration before anything else is read."""
    engine = _Engine(explicit, {}, label)
    found = {name: value for name, value in engine.explicit.items() if BY_NAME[name].group == "credentials"}
    _kind_in(engine, {"kind": "argument"}, "explicit values", found, None)


def _credentials(engine: _Engine, profile: ProfileLayer) -> str:
    """Rules ``credentials_one_source``, ``credentials_priority``, ``credentials_incomplete``."""
    group = [s for s in SETTINGS if s.group == "credentials"]
    for source, label, found in _credential_sources(engine, profile):
        chosen_kind = _kind_in(engine, source, label, found, profile)
        if chosen_kind is not None:
            kind, needs, extras = chosen_kind
            for spec in group:
                chosen = spec.name in needs or (spec.name in extras and spec.name in found)
                raw = found.get(spec.name) if chosen else None
                engine.values[spec.name] = (
                    Resolved(convert(spec, raw[0], raw[1], engine.environ), raw[1], spec)
                    if raw
                    else Resolved(None, None)
                )
            return kind
    needed = [s.name for s in group if any(s.name in kind[2] for kind in CREDENTIAL_KINDS)]
    raise SettingsError(
        "no credentials: set "
        + " and ".join(BY_NAME[n].env[0] for n in ("access_key", "secret_key"))
        + f" (or {BY_NAME['auth_token'].env[0]}, or a password login), or name a profile",
        rule_id="credentials_required",
        setting="credentials",
        missing=("credentials",),
        missing_settings=needed,
        looked_at=_credential_places(engine, profile),
    )


def _credential_places(engine: _Engine, profile: ProfileLayer) -> list[str]:
    """Every name a credential could have been given by, source by source, for the message."""
    group = [s for s in SETTINGS if s.group == "credentials"]
    places = [label for label in map(engine.label, group) if label]  # "": not on this surface
    places += [name for family in FAMILIES for s in group for name in s.env if name.startswith(family.prefix)]
    return [*places, profile.label]


def _where(engine: _Engine, name: str, source: dict[str, Any], profile: ProfileLayer | None) -> str:
    """How to set a missing credential in the source that holds the rest of its set."""
    spec = BY_NAME[name]
    if source["kind"] == "argument":
        return engine.label(spec) or spec.name
    if source["kind"] == "environment":
        prefix = next(f.prefix for f in FAMILIES if f.id == source["family"])
        return next((v for v in spec.env if v.startswith(prefix)), spec.env[0] if spec.env else name)
    assert profile is not None
    key = spec.profile_key.get(profile.format, name)
    return f"{key} in {profile.label}"


def _standard_proxy(engine: _Engine, endpoint: str) -> Resolved:
    """Rule ``proxy_from_standard_environment``."""
    proxy, variable = proxy_from_environment(endpoint, engine.environ)
    if variable is None:
        return Resolved(None, DEFAULT)
    origin = Origin("environment", name=variable)
    if proxy is None:
        return Resolved(None, origin)
    spec = BY_NAME["proxy"]
    return Resolved(convert(spec, proxy, origin, engine.environ), origin, spec)


ARGUMENTS: Mapping[str, SettingSpec] = MappingProxyType({s.python: s for s in SETTINGS if s.python})
"""The keyword arguments of :func:`resolve_settings` (and of ``from_env``), from the declaration."""


@dataclass(frozen=True)
class Diagnosis:
    """Every setting as far as it resolves, and each rule or value that is broken.

    ``values``: setting name -> :class:`Resolved` (value and origin; both ``None`` for one that
    did not resolve or a credential not used); ``auth``: ``"token"``, ``"aksk"``,
    ``"password"`` or ``"none"``; ``problems``: the errors :func:`resolve_settings` would raise,
    the first of them first.
    """

    values: Mapping[str, Resolved]
    auth: str
    problems: tuple[ConfigurationError | ValidationError, ...]

    @property
    def credentials_origin(self) -> Origin | None:
        """Where the chosen credentials came from (``None`` when none resolved)."""
        return credentials_origin(self.values, self.auth)


def diagnose_settings(
    *, environ: Mapping[str, str] | None = None, label: Label = python_label, **arguments: Any
) -> Diagnosis:
    """Like :func:`resolve_settings`, but never raises for a broken setting: for a front end
    that shows every setting and what is wrong with it (the CLI's ``config``)."""
    explicit = explicit_values("diagnose_settings", arguments)
    problems: list[ConfigurationError | ValidationError] = []
    resolution = resolve(explicit, os.environ if environ is None else environ, label=label, problems=problems)
    return Diagnosis(MappingProxyType(dict(resolution.values)), resolution.auth, tuple(problems))


def explicit_values(function: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments (Python names) -> explicit values by setting name; an unknown name is
    a TypeError that names the Python spelling of a setting it may mean."""
    check_keywords(function, arguments, ARGUMENTS)
    return {ARGUMENTS[name].name: value for name, value in arguments.items()}


def check_keywords(function: str, given: Iterable[str], known: Container[str]) -> None:
    """The one TypeError of ``resolve_settings``, ``from_env`` and ``with_options`` for an
    unknown keyword, naming the Python spelling of a setting it may mean."""
    unknown = sorted(name for name in given if name not in known)
    if unknown:
        names, hint = ", ".join(unknown), _spelling_hint(unknown)
        raise TypeError(f"{function}() got unexpected keyword arguments: {names}{hint}")


def _spelling_hint(unknown: Iterable[str]) -> str:
    """``auth_url`` -> ``iam_endpoint``: the Python name of a setting given by its name on another
    surface (the setting itself, its CLI option, a variable, its Pulumi or Terraform key); empty
    when none is meant."""
    meant = []
    for word in unknown:
        wanted = word.lower().lstrip("-").replace("-", "_")
        for spec in SETTINGS:
            spellings = {spec.name, *(n.lower() for n in spec.env), (spec.terraform or "").lower()}
            spellings |= {(spec.cli or "").lstrip("-").replace("-", "_"), _snake(spec.pulumi or "")}
            if spec.python and wanted in spellings and wanted != spec.python:
                meant.append(f"{word} -> {spec.python}")
                break
    return f" (in Python: {', '.join(meant)})" if meant else ""


def _snake(camel: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in camel)
