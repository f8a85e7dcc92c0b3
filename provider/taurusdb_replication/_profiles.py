"""The profile layer: one profile of one file, as setting name -> (text, origin).

Two formats (``profile_files`` in ``settings.yaml``): the vendor SDK's INI credentials file
(``~/.huaweicloud/credentials``, sections such as ``[basic]``) and the vendor CLI's JSON shared
config file (``{"current": NAME, "profiles": [{"name": NAME, "accessKeyId": ...}]}``, the format
the vendor's Terraform provider reads). Exactly one file is read (rule ``profile_one_file``):
the shared config file when ``shared_config_file`` is set, else the INI file. Which keys map to
which setting is the declaration's ``profile`` entry of each setting.
"""

from __future__ import annotations

import configparser
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._origin import Origin, SettingsError
from ._settings_table import PROFILE_FILES, SETTINGS


@dataclass(frozen=True)
class ProfileLayer:
    """The profile's values (setting -> text and origin) and what was read, for messages."""

    format: str
    path: str
    section: str | None
    values: Mapping[str, tuple[str, Origin]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"profile file {self.path} [{self.section}]" if self.section else f"profile file {self.path}"

    def source(self) -> dict[str, Any]:
        """The credentials source as the vectors name it."""
        return {"kind": "profile", "file": self.path, "section": self.section}


def read_profile(
    *,
    shared_path: tuple[str, Origin] | None,
    ini_path: tuple[str, Origin],
    profile: tuple[str, Origin] | None,
) -> ProfileLayer:
    """Read the one profile file (``shared_path`` when given, else ``ini_path``) and its profile."""
    fmt, (path, path_origin) = ("shared", shared_path) if shared_path is not None else ("ini", ini_path)
    spec = next(p for p in PROFILE_FILES if p.format == fmt)
    if not Path(path).exists():  # /dev/null exists, reads empty (scripts/demo sets it)
        if fmt == "shared" or profile is not None:
            raise SettingsError(
                f"no profile file {path} (from {path_origin})"
                + (f" for profile {profile[0]!r} (from {profile[1]})" if profile else ""),
                rule_id="profile_file_missing",
                setting=spec.setting,
                origin=path_origin,
            )
        return ProfileLayer(fmt, path, None)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _invalid(spec.setting, path, path_origin, _why(exc)) from None
    if fmt == "ini":
        section, found = _ini_section(text, path, path_origin, profile, spec.default_section)
    else:
        section, found = _shared_profile(text, path, path_origin, profile)
    values: dict[str, tuple[str, Origin]] = {}
    for setting in SETTINGS:
        key = setting.profile_key.get(fmt)
        raw = found.get(key) if key is not None else None
        if isinstance(raw, str) and raw.strip():
            values[setting.name] = (raw.strip(), Origin("profile", file=path, section=section, key=key))
    return ProfileLayer(fmt, path, section, values)


def _why(exc: Exception) -> str:
    """Why a profile file could not be read, by line number, never by its text: a line of a
    credentials file may hold a key."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno} comes before any [section] header"
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(number) for number, _ in exc.errors)
        return f"not `key = value` at line {lines}"
    if isinstance(exc, configparser.DuplicateSectionError | configparser.DuplicateOptionError):
        return f"a duplicate section or key at line {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return type(exc).__name__


def _invalid(setting: str, path: str, origin: Origin, why: str) -> SettingsError:
    return SettingsError(
        f"cannot read the profile file {path} (from {origin}): {why}",
        rule_id="profile_file_invalid",
        setting=setting,
        origin=origin,
    )


def _not_found(name: str, path: str, origin: Origin, known: list[str], what: str) -> SettingsError:
    return SettingsError(
        f"profile {name!r} (from {origin}) is not a {what} of {path} ({what}s: {', '.join(known) or 'none'})",
        rule_id="profile_not_found",
        setting="profile",
        origin=origin,
    )


def _ini_section(
    text: str, path: str, path_origin: Origin, profile: tuple[str, Origin] | None, default: str
) -> tuple[str | None, Mapping[str, Any]]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=path)
    except configparser.Error as exc:
        raise _invalid("credentials_file", path, path_origin, _why(exc)) from None
    if profile is not None and not parser.has_section(profile[0]):
        raise _not_found(profile[0], path, profile[1], parser.sections(), "section")
    name = profile[0] if profile is not None else default
    if not parser.has_section(name):
        return None, {}
    return name, dict(parser[name])


def _shared_profile(
    text: str, path: str, path_origin: Origin, profile: tuple[str, Origin] | None
) -> tuple[str, Mapping[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _invalid("shared_config_file", path, path_origin, _why(exc)) from None
    profiles = data.get("profiles") if isinstance(data, dict) else None
    if not isinstance(profiles, list):
        raise _invalid("shared_config_file", path, path_origin, "no list of profiles")
    if profile is not None:
        name, origin = profile
    else:
        current = data.get("current")
        name = current.strip() if isinstance(current, str) else ""
        origin = Origin("profile", file=path, section=None, key="current")
    entries = [p for p in profiles if isinstance(p, dict)]
    for entry in entries:
        if entry.get("name") == name:
            return name, entry
    raise _not_found(name, path, origin, [str(p.get("name")) for p in entries], "profile")
