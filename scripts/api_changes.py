"""Compare ``openapi.yaml`` with its last committed version (or a tag) and guard breaking changes.

oasdiff (pinned in ``tools/oasdiff/go.mod``) lists every change between the two versions; the
project's view of what breaks a client is ``tools/oasdiff/severity-levels.txt`` on top of
oasdiff's defaults: a removed property or enum value, a narrowed type and a new required
parameter are errors, while a new enum value is not (every enum of this spec is open). A
breaking change fails the check unless ``docs/api-changelog.md`` records it; ``--record``
writes every change, breaking or not, into that file, worded by oasdiff.

The base is, by default, the committed spec (``HEAD``) when the working copy differs from it,
else the one before the last commit (``HEAD~1``), so the check means the same locally and in
CI; ``--base REF`` compares with a tag or any other revision instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "oasdiff"
LEVELS = TOOLS / "severity-levels.txt"
CHANGELOG = ROOT / "docs" / "api-changelog.md"
UNRELEASED = "## Unreleased"
BREAKING_LEVEL = 2  # oasdiff: 3 error, 2 warning, 1 info


class ApiChangesError(Exception):
    """A problem that stops the comparison (no git, no go, a bad revision)."""


@dataclass(frozen=True)
class Change:
    """One difference as oasdiff words it."""

    id: str
    level: int
    text: str

    @property
    def breaking(self) -> bool:
        return self.level >= BREAKING_LEVEL

    @property
    def entry(self) -> str:
        """The changelog line that records it (the check looks for this text)."""
        return f"`[{self.id}]` {self.text}"


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ApiChangesError("git is not installed") from None


def default_base(spec: Path) -> str | None:
    """``HEAD`` if the working copy of the spec differs from it, else ``HEAD~1`` (None: no history)."""
    relative = spec.resolve().relative_to(ROOT).as_posix()
    if _git("diff", "--quiet", "HEAD", "--", relative).returncode == 1:
        return "HEAD"
    return "HEAD~1" if _git("rev-parse", "--verify", "--quiet", "HEAD~1").returncode == 0 else None


def base_text(ref: str, spec: Path) -> str:
    relative = spec.resolve().relative_to(ROOT).as_posix()
    shown = _git("show", f"{ref}:{relative}")
    if shown.returncode != 0:
        raise ApiChangesError(f"cannot read {relative} at {ref}: {shown.stderr.strip()}")
    return shown.stdout


def changes(base: Path, revision: Path) -> list[Change]:
    """Every change from ``base`` to ``revision``, with the project's severity levels."""
    command = ["go", "-C", str(TOOLS), "tool", "oasdiff", "changelog", str(base), str(revision)]
    command += ["--severity-levels", str(LEVELS), "--format", "json"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    except FileNotFoundError:
        raise ApiChangesError("go is not installed (scripts/install-other-toolchains)") from None
    if done.returncode != 0:
        raise ApiChangesError(f"oasdiff failed:\n{done.stdout}{done.stderr}")
    found = json.loads(done.stdout or "[]") or []
    return [Change(str(c["id"]), int(c["level"]), " ".join(str(c["text"]).split())) for c in found]


def record(found: list[Change], changelog: Path) -> list[Change]:
    """Append the changes not yet in the changelog under its Unreleased heading; return them."""
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else "# API changelog\n"
    new = [change for change in found if change.entry not in text]
    if not new:
        return []
    if UNRELEASED not in text:
        text = text.rstrip("\n") + f"\n\n{UNRELEASED}\n\n"
    head, _, tail = text.partition(UNRELEASED + "\n")
    lines = "".join(f"- {'**breaking** ' if c.breaking else ''}{c.entry}\n" for c in new)
    changelog.write_text(f"{head}{UNRELEASED}\n\n{lines}{tail.lstrip(chr(10))}", encoding="utf-8")
    return new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="git revision or tag to compare with (default: see above)")
    parser.add_argument("--base-file", type=Path, help="compare with this file instead of a git revision")
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi.yaml", help="the revised spec")
    parser.add_argument("--changelog", type=Path, default=CHANGELOG, help="the changelog the check reads")
    parser.add_argument("--record", action="store_true", help="write every change into the changelog")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="api-changes-") as tmp:
            base = args.base_file
            if base is None:
                ref = args.base or os.environ.get("API_BASE_REF") or default_base(args.spec)
                if ref is None:
                    print("api-changes: no earlier version of the spec to compare with")
                    return 0
                base = Path(tmp) / "base.yaml"
                base.write_text(base_text(ref, args.spec), encoding="utf-8")
            found = changes(base, args.spec)
    except ApiChangesError as exc:
        print(f"api-changes: {exc}", file=sys.stderr)
        return 2
    if args.record:
        added = record(found, args.changelog)
        print(f"api-changes: recorded {len(added)} change(s) in {args.changelog}")
        return 0
    return report(found, args.changelog)


def report(found: list[Change], changelog: Path) -> int:
    """List every change; fail when a breaking one is not recorded in the changelog."""
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    for change in found:
        mark = "BREAKING" if change.breaking else "change"
        recorded = "recorded" if change.entry in text else "not recorded"
        print(f"{mark} ({recorded}): {change.entry}")
    missing = [c for c in found if c.breaking and c.entry not in text]
    if missing:
        print(
            f"api-changes: {len(missing)} breaking change(s) not recorded in {changelog}; "
            "if they are intended, run scripts/api-changes --record and commit the changelog.",
            file=sys.stderr,
        )
        return 1
    print(f"api-changes: {len(found)} change(s), no unrecorded breaking change")
    return 0


if __name__ == "__main__":
    sys.exit(main())
