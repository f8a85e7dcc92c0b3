"""The one rule for text from the service: nothing a terminal acts on survives, nothing is lost
where the output is data (CSV reversibly escaped, JSON exact)."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st
from taurusdb_replication._safe_text import clean, csv_escape, csv_unescape, json_safe

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from("\x1b\x07\x9b\u202e\u2066\\\r\n\t\x00\x7f"))


@given(TEXT)
def test_clean_leaves_no_control_character(text: str) -> None:
    assert UNSAFE.search(clean(text)) is None
    assert UNSAFE.search(clean(text, lines=True).replace("\n", "")) is None


@given(TEXT)
def test_csv_escape_is_reversible_and_safe(text: str) -> None:
    escaped = csv_escape(text)
    assert UNSAFE.search(escaped) is None
    assert csv_unescape(escaped) == text


@given(
    st.recursive(
        TEXT | st.integers() | st.none(), lambda inner: st.lists(inner) | st.dictionaries(TEXT, inner)
    )
)
def test_json_safe_keeps_the_exact_value(value: object) -> None:
    document = json_safe(json.dumps(value, ensure_ascii=False))
    assert UNSAFE.search(document.replace("\n", "")) is None
    assert json.loads(document) == value


def test_printable_text_and_right_to_left_letters_are_kept() -> None:
    assert clean("orders_sync") == "orders_sync"
    assert clean("مزامنة_الطلبات 订单") == "مزامنة_الطلبات 订单"
    assert clean("a\u202eb") == "a\\u202eb"
