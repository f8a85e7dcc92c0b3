"""Expected failures reach the engine as their message; anything else keeps its traceback."""

from __future__ import annotations

import sys
import traceback
import types

import pytest
from taurusdb_replication.pulumi import ProviderError
from taurusdb_replication.pulumi._errors import _CleanTraceback, install_clean_errors


def formatted(error: Exception) -> str:
    try:
        raise error
    except Exception:
        return _CleanTraceback.format_exc()


def test_provider_errors_are_formatted_as_their_message() -> None:
    assert formatted(ProviderError("instance X: task 'a': expected y, read z")) == (
        "instance X: task 'a': expected y, read z"
    )


def test_other_errors_keep_their_traceback() -> None:
    text = formatted(ValueError("a bug"))
    assert text.startswith("Traceback (most recent call last):")
    assert text.rstrip().endswith("ValueError: a bug")


def test_the_stand_in_delegates_everything_else() -> None:
    assert _CleanTraceback().format_exception is traceback.format_exception


def test_nothing_is_patched_outside_the_provider_server() -> None:
    assert install_clean_errors() is False


def test_only_the_provider_server_module_is_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    server = types.ModuleType("__main__")
    server.DynamicResourceProviderServicer = object  # type: ignore[attr-defined]
    server._abort_with_traceback = lambda fn: fn  # type: ignore[attr-defined]
    server.traceback = traceback  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "__main__", server)
    assert install_clean_errors() is True
    assert isinstance(server.traceback, _CleanTraceback)
    assert install_clean_errors() is True  # idempotent
    assert sys.modules["traceback"] is traceback  # the real module is untouched
