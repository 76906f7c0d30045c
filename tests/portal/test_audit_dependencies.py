"""bin/audit_dependencies.py: fail on a known vulnerability, say so when it could not check."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("audit", ROOT / "bin" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

# pip-audit's JSON report (``--format json``), as it writes it.
VULNERABLE = {
    "dependencies": [
        {"name": "django", "version": "3.2.0", "vulns": [
            {"id": "PYSEC-2021-98", "fix_versions": ["3.2.1"], "aliases": [], "description": ""}
        ]},
        {"name": "nh3", "version": "0.3.8", "vulns": []},
    ],
    "fixes": [],
}  # fmt: skip
CLEAN = {
    "dependencies": [
        {"name": "django", "version": "6.1.3", "vulns": []},
        {"name": "private-thing", "version": "1.0", "skip_reason": "Dependency not found on PyPI"},
    ],
    "fixes": [],
}
NOTHING_AUDITED = {
    "dependencies": [
        {"name": "django", "version": "6.1.3", "skip_reason": "Dependency not found on PyPI"}
    ],
    "fixes": [],
}


def test_a_known_vulnerability_fails_and_names_the_package_and_the_fix():
    verdict = audit.verdict(VULNERABLE, service="osv")
    assert verdict.exit_code == 1
    assert "django 3.2.0: PYSEC-2021-98 (fixed in 3.2.1)" in verdict.message


def test_a_clean_report_passes_and_names_what_was_not_checked():
    verdict = audit.verdict(CLEAN, service="pypi")
    assert verdict.exit_code == 0
    assert "No known vulnerabilities in 1 locked packages" in verdict.message
    assert "private-thing" in verdict.message


def test_a_report_that_checked_nothing_is_no_answer():
    """A mirror without PyPI's advisory data answers "not found" for every package."""
    assert audit.verdict(NOTHING_AUDITED, service="pypi") is None


def test_the_ci_step_ends_well_and_says_whether_it_could_check():
    result = subprocess.run(
        [sys.executable, "bin/audit_dependencies.py", "requirements.lock"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("No known vulnerabilities" in result.stdout) or (
        "NOT checked for known vulnerabilities" in result.stdout
    )
