"""portal/ is the ground the apps stand on: none of its modules imports an app.

The apps register what portal shows of them (permissions, work queue, Home's panels) and the
models answer for themselves (audit links). Only the project's configuration names the apps,
as strings: INSTALLED_APPS (settings.py), the root URLconf's includes (urls.py) and the order of
the demo loaders (management/commands/load_demo.py).
"""

import ast
from pathlib import Path

from django.apps import apps

PORTAL = Path(__file__).resolve().parents[2] / "portal"


def _apps_above_portal() -> set[str]:
    root = PORTAL.parent
    return {
        config.name
        for config in apps.get_app_configs()
        if config.name != "portal" and Path(config.path).parent == root
    }


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def test_the_apps_above_portal_are_found():
    assert {"accounts", "projects", "requests_inbox", "awareness"} <= _apps_above_portal()


def test_no_portal_module_imports_an_app():
    above = _apps_above_portal()
    offenders = []
    modules = sorted(PORTAL.rglob("*.py"))
    assert len(modules) > 20, "portal's modules were not found"
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imported(tree):
            if module.split(".")[0] in above:
                offenders.append(f"{path.relative_to(PORTAL.parent)}:{line} imports {module}")
    assert not offenders, "portal imports an app:\n" + "\n".join(offenders)


def test_the_check_sees_an_import_inside_a_function():
    tree = ast.parse("def f():\n    from projects.models import Project\n")
    assert _imported(tree) == [(2, "projects.models")]
