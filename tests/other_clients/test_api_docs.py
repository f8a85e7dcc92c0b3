"""docs/api.html, rendered from openapi.yaml, shows the operation, every parameter and every
schema to a person in headless Chromium; screenshots are kept in test-output/ to look at."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from ._chromium import Chromium, Page
from .conftest import OUTPUT_DIR, ROOT, missing, require

PAGE = ROOT / "docs" / "api.html"
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())

# Repeatedly click every "Show" button (a person expanding the page) until each expected line is
# on screen or the deadline passes; returns the visible text either way, for the assertions.
EXPAND_UNTIL_SHOWN = """
(async (expected) => {
  const deadline = Date.now() + 15000;
  const shown = () => new Set(document.body.innerText.split("\\n").map((line) => line.trim()));
  while (Date.now() < deadline) {
    for (const button of document.querySelectorAll("button")) {
      if (/^\\+?\\s*Show\\b/.test(button.innerText.trim())) button.click();
    }
    const lines = shown();
    if (expected.every((text) => lines.has(text))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return document.body.innerText;
})(%s)
"""

PAGE_READY = """
(async () => {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (document.readyState === "complete" && document.querySelector("#api-content")) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
})()
"""

# A person opens the schemas by clicking "Schemas" in the sidebar.
CLICK_SIDEBAR_SCHEMAS = """
(() => {
  const labels = [...document.querySelectorAll("body *")]
    .filter((element) => element.children.length === 0 && element.textContent.trim() === "Schemas");
  if (labels.length === 0) return false;
  labels[0].click();
  return true;
})()
"""

# A person then opens each schema by clicking its name; its own section has it as a heading.
OPEN_SCHEMA = """
(async (name) => {
  const heading = () =>
    [...document.querySelectorAll("h1, h2, h3")].some((h) => h.textContent.trim() === name);
  const link = [...document.querySelectorAll("body *")].find(
    (element) => element.children.length === 0 && element.textContent.trim() === name
      && !element.closest("h1, h2, h3"));
  if (link) link.click();
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline && !heading()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return heading();
})(%s)
"""


def operation() -> tuple[str, str, dict[str, Any]]:
    """The spec's one operation: its path, method and definition."""
    [(path, item)] = SPEC["paths"].items()
    [(method, definition)] = (
        (m, d) for m, d in item.items() if m in {"get", "put", "post", "delete", "patch"}
    )
    return path, method, definition


def parameter_names() -> list[str]:
    """Every parameter of the operation, with references resolved."""
    _, _, definition = operation()
    names = []
    for parameter in definition["parameters"]:
        if "$ref" in parameter:
            parameter = SPEC["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        names.append(parameter["name"])
    return names


def schema_names() -> list[str]:
    return list(SPEC["components"]["schemas"])


def expand(page: Page, expected: list[str]) -> str:
    text: str = page.evaluate(EXPAND_UNTIL_SHOWN % json.dumps(expected))
    return text


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """The lines a person sees on the operation view and on the schemas view, and the schemas
    whose own section opened when their name was clicked (under "opened")."""
    chromium = require("chromium", "Debian's chromium package renders docs/api.html")
    if not PAGE.is_file():
        missing("docs/api.html is absent: run scripts/build-docs")
    path, _, definition = operation()
    OUTPUT_DIR.mkdir(exist_ok=True)
    with Chromium(chromium, tmp_path_factory.mktemp("chromium-profile")) as browser:
        page = browser.open(PAGE.as_uri())
        assert page.evaluate(PAGE_READY), "the page never rendered its content"
        operation_text = expand(page, [definition["summary"], path, *parameter_names()])
        page.screenshot(OUTPUT_DIR / "api-docs-operation.png")
        assert page.evaluate(CLICK_SIDEBAR_SCHEMAS), "no 'Schemas' entry in the sidebar"
        schemas_text = expand(page, schema_names())
        page.screenshot(OUTPUT_DIR / "api-docs-schemas.png")
        opened = {name for name in schema_names() if page.evaluate(OPEN_SCHEMA % json.dumps(name))}
    lines = {name: {line.strip() for line in text.splitlines()} for name, text in
             (("operation", operation_text), ("schemas", schemas_text))}  # fmt: skip
    return {**lines, "opened": opened}


def test_the_operation_is_shown(shown: dict[str, set[str]]) -> None:
    path, method, definition = operation()
    assert definition["summary"] in shown["operation"]
    assert path in shown["operation"]
    assert method.upper() in shown["operation"]


def test_every_parameter_is_shown(shown: dict[str, set[str]]) -> None:
    names = parameter_names()
    assert {"project_id", "instance_id", "limit", "offset", "X-Language"} <= set(names)
    assert [name for name in names if name not in shown["operation"]] == []


def test_every_schema_is_shown(shown: dict[str, set[str]]) -> None:
    names = schema_names()
    assert names, "openapi.yaml has no component schemas"
    assert [name for name in names if name not in shown["schemas"]] == []


def test_every_schema_opens_its_own_section(shown: dict[str, set[str]]) -> None:
    assert [name for name in schema_names() if name not in shown["opened"]] == []


def test_screenshots_are_kept_for_people(shown: dict[str, set[str]]) -> None:
    for name in ("api-docs-operation.png", "api-docs-schemas.png"):
        picture = OUTPUT_DIR / name
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", picture
        assert picture.stat().st_size > 20_000, f"{picture} is too small to show a rendered page"


def test_the_page_needs_no_network() -> None:
    """Scripts and styles are inlined: the page opens from a checkout, offline."""
    if not PAGE.is_file():
        missing("docs/api.html is absent: run scripts/build-docs")
    html = PAGE.read_text()
    assert re.findall(r"<script[^>]*\bsrc=", html) == []
    assert re.findall(r"<link[^>]*\bhref=\"https?:", html) == []


def test_screenshot_location_is_ignored_by_git() -> None:
    assert "/test-output/" in (ROOT / ".gitignore").read_text().splitlines()
