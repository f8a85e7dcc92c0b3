"""Turn one raw setting value into its typed value, by the validation ``settings.yaml`` names.

A value arrives as text (a variable, a profile key, a CLI option, Pulumi config) or typed (a
Python argument: ``max_retries=0``, ``insecure=False``); both go through the same rule. Each
rule id is a key of ``validations:`` in ``settings.yaml`` and is the ``rule_id`` of the
:class:`RuleValueError` raised, so every language reports a bad value the same way.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from . import _validation
from ._declaration import SettingSpec
from ._endpoints import REGIONS
from ._errors import ValidationError
from ._origin import Origin, RuleValueError
from ._settings_table import VALIDATIONS

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_DIGITS = re.compile(r"[0-9]+")
_PATTERNS = {
    "region_format": re.compile(r"[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}"),
    "project_id_format": re.compile(r"[A-Za-z0-9]{32}"),
    "instance_id_format": re.compile(r"[A-Za-z0-9]{36}"),
}
MINIMUM = {"non_negative_integer": 0, "positive_integer": 1}
"""The least value of each integer validation (the CLI's IntRange, the Pulumi check)."""


def parse_duration(text: str) -> float:
    """Seconds in ``text``: a number of seconds or amounts with units (``1h30m``, ``500ms``);
    ``ValueError`` names the accepted forms."""
    value = text.strip().lower()
    if _PLAIN.fullmatch(value):
        return _finite(float(value), text)
    position, total = 0, 0.0
    for match in _PART.finditer(value):
        if match.start() != position:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        position = match.end()
    if position == 0 or position != len(value):
        raise ValueError(
            f"{text!r} is not a duration: use a number of seconds or amounts with units "
            "ms, s, m, h, d (e.g. 90, 10s, 30m, 1h30m)"
        )
    return _finite(total, text)


def _finite(seconds: float, text: str) -> float:
    if not math.isfinite(seconds):
        raise ValueError(f"{text!r} is too large a duration")
    return seconds


def expand_home(path: str, environ: Mapping[str, str]) -> str:
    """``~`` at the start of ``path`` is the HOME of the environment being resolved."""
    if path == "~" or path.startswith("~/") or path.startswith("~" + os.sep):
        home = environ.get("HOME", "").strip() or str(Path.home())
        return home + path[1:]
    return path


class _Bad(Exception):
    """Internal: the value breaks the rule (the caller adds setting and origin); its text, when
    given, says more precisely how than the declaration's rule."""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad
    return value.strip()


def _integer(value: object, minimum: int) -> int:
    if isinstance(value, str):
        text = value.strip()
        if not _DIGITS.fullmatch(text):
            raise _Bad
        number = int(text)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():  # a JSON number (Pulumi's config)
        number = int(value)
    else:
        raise _Bad
    if number < minimum:
        raise _Bad
    return number


def _duration(value: object) -> float:
    if isinstance(value, str):
        try:
            seconds = parse_duration(value)
        except ValueError:
            raise _Bad from None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        raise _Bad
    if not math.isfinite(seconds) or seconds <= 0:
        raise _Bad
    return seconds


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad


def _pattern(rule: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = _text(value)
        if not _PATTERNS[rule].fullmatch(text):
            raise _Bad(_region_hint() if rule == "region_format" else "")
        return text

    return check


def _region_hint() -> str:
    """A region of the wrong shape is most often a typo: the message lists the known ones."""
    return f"must be {VALIDATIONS['region_format']}; known regions: {', '.join(sorted(REGIONS))}"


def _service_url(value: object) -> str:
    try:
        return _validation.endpoint(_text(value))
    except ValidationError as exc:
        raise _Bad(exc.rule) from None


def _proxy_url(value: object) -> str:
    text = _text(value)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (parsing it is the check)
    except ValueError:
        raise _Bad from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise _Bad
    return text.rstrip("/")


def _language(spec: SettingSpec) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = _text(value).lower()
        if text not in spec.values:
            raise _Bad("must be one of " + ", ".join(spec.values))
        return text

    return check


def convert(spec: SettingSpec, value: object, origin: Origin, environ: Mapping[str, str]) -> object:
    """The typed value of ``spec`` from ``value`` (text or typed), or :class:`RuleValueError`
    naming the setting, the rule and where the value came from."""
    rule = spec.validation
    checks: dict[str, Callable[[object], object]] = {
        "nonempty_string": _text,
        "region_format": _pattern("region_format"),
        "project_id_format": _pattern("project_id_format"),
        "instance_id_format": _pattern("instance_id_format"),
        "service_url": _service_url,
        "proxy_url": _proxy_url,
        "non_negative_integer": lambda v: _integer(v, 0),
        "positive_integer": lambda v: _integer(v, 1),
        "positive_duration": _duration,
        "language": _language(spec),
        "existing_file": lambda v: _existing_file(v, environ),
        "boolean": _boolean,
    }
    try:
        result = checks[rule](value)
    except _Bad as exc:
        text = str(exc) or f"must be {VALIDATIONS[rule]}"
        shown = value if not spec.secret and spec.display == "plain" else None
        raise RuleValueError(spec.name, rule, text, origin, value=shown) from None
    if spec.type == "path" and isinstance(result, str):
        return expand_home(result, environ)
    return result


def _existing_file(value: object, environ: Mapping[str, str]) -> str:
    path = expand_home(_text(value), environ)
    if not Path(path).is_file():
        raise _Bad
    return path
