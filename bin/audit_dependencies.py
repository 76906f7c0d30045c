#!/usr/bin/env python
"""Check requirements.lock for known vulnerabilities with pip-audit (a step of .ci/run).

Fails (exit 1) when a locked package has a known vulnerability. When no vulnerability database
answers (no internet, or a package mirror without PyPI's JSON API) it says so plainly and ends
with 0: CI does not fail only because the database cannot be reached, but nobody mistakes that
for a clean bill. Tries PyPI's advisory data first, then OSV.

    python bin/audit_dependencies.py [requirements.lock]
"""

import json
import subprocess
import sys
from dataclasses import dataclass

SERVICES = ("pypi", "osv")


@dataclass(frozen=True)
class Verdict:
    exit_code: int
    message: str


def verdict(report: dict, *, service: str) -> Verdict | None:
    """What one pip-audit JSON report says; None when the database did not answer at all."""
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    audited = [d for d in dependencies if "skip_reason" not in d]
    if vulnerable:
        lines = [
            f"  {d['name']} {d['version']}: "
            + ", ".join(
                f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release yet'])})"
                for v in d["vulns"]
            )
            for d in vulnerable
        ]
        return Verdict(
            1, "Known vulnerabilities in requirements.lock (" + service + "):\n" + "\n".join(lines)
        )
    if not audited:
        return None
    skipped = [d["name"] for d in dependencies if "skip_reason" in d]
    message = f"No known vulnerabilities in {len(audited)} locked packages ({service})."
    if skipped:
        message += f" Not checked (unknown to the database): {', '.join(skipped)}."
    return Verdict(0, message)


def run_pip_audit(lock: str, service: str) -> tuple[dict | None, str]:
    command = [sys.executable, "-m", "pip_audit", "--requirement", lock, "--no-deps",
               "--disable-pip", "--format", "json", "--progress-spinner", "off",
               "--vulnerability-service", service]  # fmt: skip
    try:
        result = subprocess.run(  # noqa: S603 - our own command line
            command, capture_output=True, text=True, timeout=300, check=False
        )
    except subprocess.TimeoutExpired:
        return None, "timed out"
    try:
        return json.loads(result.stdout), ""
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None, last[:200]


def main(lock: str = "requirements.lock") -> int:
    reasons = []
    for service in SERVICES:
        report, error = run_pip_audit(lock, service)
        result = verdict(report, service=service) if report is not None else None
        if result is not None:
            print(result.message)
            return result.exit_code
        reasons.append(f"{service}: {error or 'every package unknown (no advisory data served)'}")
    print(
        "WARNING: the vulnerability databases could not be reached, so requirements.lock was "
        "NOT checked for known vulnerabilities (" + "; ".join(reasons) + "). "
        "Run `python bin/audit_dependencies.py` where PyPI's JSON API or osv.dev is reachable."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
