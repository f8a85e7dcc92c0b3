"""Write ``docs/settings.md``: the settings table of the docs, from ``settings.yaml``.

Every surface's name of every setting (Python argument, CLI option, variables, profile keys,
Pulumi key, Terraform attribute), its default and its description, then the rules that span
settings, all read from the declaration so the docs cannot drift from the code.

    scripts/regenerate --only settings-docs            write the page
    scripts/regenerate --check --only settings-docs    fail when the committed page is stale
"""

from __future__ import annotations

from typing import Any

from .settings_table import Declaration, load

INTRO = """# Settings

<!-- Generated from settings.yaml by scripts/regenerate (target settings-docs): do not edit. -->

Every setting of taurusdb-replication, declared once in `settings.yaml` at the root of the
repository. Each surface takes the first value found, in this order: **explicit** (the Python
argument, the CLI option, the Pulumi config key `taurusdb:...`, the Terraform attribute), then the
**environment** variables in the order listed, then the **profile** file, then the **default**. An
explicit `false` or `0` is a value; an empty text is not. `taurusdb-replication config` shows what
each setting resolved to and where it came from.

The profile file is one of two, never both: the vendor CLI's JSON shared config file when
`shared_config_file` is set (its profile `profile`, else its `current` one), else the vendor SDK's
INI file (`credentials_file`, default `~/.huaweicloud/credentials`; section `profile`, else
`[basic]`). Secrets (marked *secret*) are never shown, logged or stored in clear.
"""


def _code(value: Any) -> str:
    return f"`{value}`" if value not in (None, "") else ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(name: str, entry: dict[str, Any]) -> str:
    profile = entry.get("profile") or {}
    labels = {"ini": "INI", "shared": "shared"}
    keys = [f"{labels[fmt]} `{profile[fmt]}`" for fmt in labels if profile.get(fmt)]
    default = entry["default"]
    shown = "" if default is None else (str(default).lower() if isinstance(default, bool) else str(default))
    if entry["type"] == "duration" and shown:
        shown += " s"
    description = " ".join(str(entry["description"]).split())
    if entry.get("secret"):
        description += " *secret*"
    cells = [
        f"`{name}`",
        _code(entry.get("python")),
        _code(entry.get("cli")),
        ", ".join(f"`{v}`" for v in entry.get("env") or ()),
        ", ".join(keys),
        _code(entry.get("pulumi") and f"taurusdb:{entry['pulumi']}"),
        _code(entry.get("terraform")),
        _code(shown),
        _cell(description),
    ]
    return "| " + " | ".join(cells) + " |"


def render(declaration: Declaration | None = None) -> str:
    """The page's Markdown."""
    found = load() if declaration is None else declaration
    header = "| setting | Python | CLI | environment | profile | Pulumi | Terraform | default | meaning |"
    lines = [INTRO, header, "|---|---|---|---|---|---|---|---|---|"]
    lines += [_row(name, entry) for name, entry in found.settings.items()]
    lines += [
        "",
        "When no proxy is set, the standard variables apply to the endpoint: `https_proxy`, "
        "`HTTPS_PROXY`, `all_proxy`, `ALL_PROXY` (for an `http://` endpoint `http_proxy`, "
        "`HTTP_PROXY` first), and `no_proxy`/`NO_PROXY` exclude hosts; loopback is never proxied.",
        "",
        "## Rules",
        "",
        "Each rule is proven in Python, TypeScript and Go by `tests/vectors/settings.json`.",
        "",
    ]
    lines += [f"- `{rule}`: {_cell(text)}" for rule, text in found.rules.items()]
    lines += ["", "## Validations", ""]
    lines += [f"- `{rule}`: {_cell(text)}" for rule, text in found.validations.items()]
    return "\n".join(lines) + "\n"
