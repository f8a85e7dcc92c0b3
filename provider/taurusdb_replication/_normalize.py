"""The rules that turn one wire value into its normalized value, one per schema shape.

The generated view (``_view.py``) calls these for every field by the field's shape, so a new
property needs no code here. They are written for the hot path: the wire's common type first,
because a 10,000-task listing runs them for every field of every task.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Any, TypeVar

from taurusdb_htap_client.types import Unset

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
BOOL_TEXT: dict[str, bool] = {"true": True, "false": False, "True": True, "False": False}
"""The wire's usual spellings of a boolean, for the generated view's inline fast path."""

E = TypeVar("E", bound="OpenEnum")


class OpenEnum(StrEnum):
    """A spec enum whose values are compared without letter case; members are lower case."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        return cls._value2member_map_.get(value.strip().lower()) if isinstance(value, str) else None

    @classmethod
    def parse(cls: type[E], value: object) -> E | str | None:
        """A member for known values in any case, the original string for unknown ones, else None."""
        if value is None or isinstance(value, Unset):
            return None
        text = str(value)  # a generated enum member renders as its wire value
        found = cls._value2member_map_.get(text.strip().lower())
        return text if found is None else found  # type: ignore[return-value]


def enum_value(lookup: dict[str, E], kind: type[E], value: object) -> E | str | None:
    """An open enum's member (any letter case) or the text sent; ``None`` when absent."""
    if isinstance(value, str):  # the generated model's enum members are str too
        found = lookup.get(value.lower())
        if found is not None:
            return found
    elif value is None:
        return None
    return kind.parse(value)


def enum_json(value: StrEnum | str | None) -> str | None:
    """An enum's JSON form: a member's value, unknown text as sent."""
    return value.value if isinstance(value, StrEnum) else value


def text(value: object) -> str | None:
    """A string, or the text of a scalar sent in its place; ``None`` when absent."""
    if value.__class__ is str:
        return value
    if value is None or isinstance(value, Unset):
        return None
    return value if isinstance(value, str) else str(value)


def key_text(value: object, default: str) -> str:
    """The task's key: its text, or ``default`` (the spec's ``x-taurusdb-default``) when absent."""
    found = text(value)
    return default if found is None else found


def number(value: object) -> float | None:
    """A finite float from a JSON number or a numeric string; anything else gives None."""
    kind = value.__class__
    if (kind is not int and kind is not float and kind is not str) and (  # the wire's types: no call
        isinstance(value, bool) or not isinstance(value, int | float | str)
    ):
        return None
    try:
        result = float(value)  # type: ignore[arg-type]  # a string's surrounding white space is allowed
    except (ValueError, OverflowError):  # not a number, or an integer past a float's range
        return None
    return result if _isfinite(result) else None


_isfinite = math.isfinite


def integer(value: object) -> int | None:
    """An exact integer from a JSON integer, a string of digits (optional sign) or a whole float.

    Never through a float: ``9007199254740993`` stays itself. Anything else (a fraction, a
    boolean, ``"12ms"``, more digits than Python reads) gives None.
    """
    if value.__class__ is int:
        return value
    if isinstance(value, str):
        stripped = value.strip()
        if _INTEGER_TEXT.fullmatch(stripped) is None:
            return None
        try:
            return int(stripped)
        except ValueError:  # past Python's int_max_str_digits
            return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


_INTEGER_TEXT = re.compile(r"[-+]?[0-9]+")


def count(value: object) -> int | None:
    """A non-negative integer from a JSON number or a string of digits; anything else gives None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def flag(value: object) -> bool | None:
    """True/False from a JSON boolean or ``"true"``/``"false"`` (any case, also yes/no/1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        found = BOOL_TEXT.get(value)
        if found is not None:
            return found
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return None
