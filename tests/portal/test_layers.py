"""The apps stand in the order of ``portal/layers.py``: no app reaches an app above it.

Every way one app reaches another is checked, in every module and template of the app:

- Python imports, also inside functions, and ``import_module``/``import_string``/``get_model``
  of a literal;
- ``{% include %}``, ``{% extends %}`` of another app's template, and a literal template name of
  another app in Python (``render``, ``template_name``, ``render_to_string``);
- ``{% load %}`` of another app's tag library;
- URL names of another app's namespace: in Python (any literal ``"namespace:name"``, which covers
  ``reverse``, ``reverse_lazy``, ``redirect`` and ``resolve_url``) and in ``{% url %}``;
- writes to another app's models: ``Model.objects.create/update/delete/bulk_create/...`` (also at
  the end of a queryset chain), ``Model(...).save()``, and in a function ``obj = Model(...)`` or
  ``obj = Model.objects.get(...)`` (any chain of its manager) … ``obj.save()``/``.delete()``.

A tie downwards is fine; a write is allowed only to the app's own models, whatever the order.
There is no list of exceptions. The root ``templates/`` folder is portal's. Outside the check:
``tests/``, ``benchmarks/`` and migrations (they are generated, and name the models they change).
"""

import ast
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.urls import URLResolver, get_resolver

from portal.layers import LAYERS, ORDER, rank

ROOT = Path(__file__).resolve().parents[2]

WRITES = {
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
INSTANCE_WRITES = {"save", "delete"}
LOADERS = {"import_module", "import_string"}
URL_NAME = re.compile(r"^([a-z_]+):[A-Za-z0-9_-]+$")
TEMPLATE_TAG = re.compile(
    r"{%-?\s*(include|extends)\s+[\"']([^\"']+)[\"']"
    r"|{%-?\s*load\s+([^%]+?)\s*-?%}"
    r"|{%-?\s*url\s+[\"']([^\"']+)[\"']"
)


@dataclass(frozen=True)
class Tie:
    line: int
    kind: str  # import, load-module, template, load, url, write
    target: str  # the app reached
    what: str


@dataclass(frozen=True)
class Ground:
    """What each app owns: templates, tag libraries, URL namespaces, models."""

    templates: dict[str, str]
    tag_libraries: dict[str, str]
    namespaces: dict[str, str]
    models: dict[str, str]  # model class name -> app (names unique across the apps)


def app_of_module(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in ORDER else None


@cache
def ground() -> Ground:
    templates, tag_libraries, namespaces, models = {}, {}, {}, {}
    for app in reversed(ORDER):  # portal's root templates/ last: it overrides app templates
        for folder in (ROOT / app / "templates",) + (
            (ROOT / "templates",) if app == "portal" else ()
        ):
            for path in folder.rglob("*"):
                if path.is_file():
                    templates[path.relative_to(folder).as_posix()] = app
        for path in (ROOT / app / "templatetags").glob("*.py"):
            if path.stem != "__init__":
                tag_libraries[path.stem] = app
        for model in apps.get_app_config(app).get_models():
            assert model.__name__ not in models, f"two apps have a model {model.__name__}"
            models[model.__name__] = app

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", "")
                if pattern.namespace and app_of_module(module):
                    namespaces[pattern.namespace] = app_of_module(module)
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)
    return Ground(templates, tag_libraries, namespaces, models)


# -- Python ----------------------------------------------------------------------------------


def _root_name(node: ast.AST) -> tuple[str | None, bool]:
    """The name a chain like ``Project.objects.filter(...).update`` starts from, and whether the
    chain passes through a manager (``.objects`` or ``._default_manager``)."""
    through_manager = False
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in {"objects", "_default_manager", "_base_manager"}:
                through_manager = True
                if isinstance(node.value, ast.Attribute):  # models.Project.objects
                    return node.value.attr, True
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, through_manager
        else:
            return None, through_manager


def python_ties(text: str, g: Ground | None = None) -> list[Tie]:
    g = g or ground()
    tree = ast.parse(text)
    found: list[Tie] = []
    imported_from: dict[str, str] = {}  # local name -> app it was imported from

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if app := app_of_module(alias.name):
                    found.append(Tie(node.lineno, "import", app, alias.name))
                    imported_from[(alias.asname or alias.name).split(".")[0]] = app
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and (app := app_of_module(node.module))
        ):
            found.append(Tie(node.lineno, "import", app, node.module))
            for alias in node.names:
                imported_from[alias.asname or alias.name] = app

    def model_app(name: str | None) -> str | None:
        if name is None:
            return None
        if name in imported_from and name in g.models:
            return imported_from[name]
        return g.models.get(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
            if (match := URL_NAME.match(value)) and match[1] in g.namespaces:
                found.append(Tie(node.lineno, "url", g.namespaces[match[1]], value))
            elif value in g.templates and value.endswith((".html", ".txt")):
                found.append(Tie(node.lineno, "template", g.templates[value], value))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in LOADERS and node.args and isinstance(node.args[0], ast.Constant):
                module = str(node.args[0].value)
                if app := app_of_module(module):
                    found.append(Tie(node.lineno, "load-module", app, module))
            elif name == "get_model" and node.args and isinstance(node.args[0], ast.Constant):
                label = str(node.args[0].value)
                if app := app_of_module(label):
                    found.append(Tie(node.lineno, "load-module", app, f"get_model({label!r})"))
            elif isinstance(func, ast.Attribute) and func.attr in WRITES | INSTANCE_WRITES:
                root, through_manager = _root_name(func.value)
                instance = (
                    func.attr in INSTANCE_WRITES
                    and isinstance(func.value, ast.Call)
                    and not through_manager
                )
                write = (through_manager and func.attr in WRITES) or instance
                if write and (app := model_app(root)):
                    found.append(Tie(node.lineno, "write", app, f"{root}.{func.attr}"))

    # obj = Model(...) or Model.objects.get(...) ... obj.save() / .delete() / .update(...), within
    # one function: the latest assignment of the name before the call says what it holds.
    for scope in ast.walk(tree):
        if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        nodes = list(_walk_own(scope))
        assigned: dict[str, list[tuple[int, str | None]]] = {}
        for node in nodes:
            if isinstance(node, ast.Assign):
                held = None
                if isinstance(node.value, ast.Call) and isinstance(
                    node.value.func, ast.Name | ast.Attribute
                ):
                    func = node.value.func
                    name = func.id if isinstance(func, ast.Name) else func.attr
                    root, through_manager = _root_name(func)
                    if name not in g.models and through_manager:
                        name = root  # obj = Model.objects.get(...) / qs = Model.objects.filter()
                    if name in g.models:
                        held = name
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append((node.lineno, held))
        for node in nodes:
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in INSTANCE_WRITES | WRITES
                and isinstance(node.func.value, ast.Name)
            ):
                before = [
                    held
                    for line, held in sorted(
                        assigned.get(node.func.value.id, []), key=lambda a: a[0]
                    )
                    if line < node.lineno
                ]
                if before and before[-1] and (app := model_app(before[-1])):
                    tie = Tie(node.lineno, "write", app, f"{before[-1]}(...).{node.func.attr}")
                    if tie not in found:
                        found.append(tie)
    return sorted(found, key=lambda tie: tie.line)


def _walk_own(function: ast.AST):
    """The nodes of a function, not those of the functions defined inside it."""
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))


# -- Templates -------------------------------------------------------------------------------


def template_ties(text: str, g: Ground | None = None) -> list[Tie]:
    g = g or ground()
    found = []
    for match in TEMPLATE_TAG.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match[1]:
            if app := g.templates.get(match[2]):
                found.append(Tie(line, match[1], app, match[2]))
        elif match[3]:
            names = match[3].split()
            if "from" in names:
                names = names[names.index("from") + 1 :]
            for library in names:
                if app := g.tag_libraries.get(library):
                    found.append(Tie(line, "load", app, library))
        elif (url := URL_NAME.match(match[4])) and url[1] in g.namespaces:
            found.append(Tie(line, "url", g.namespaces[url[1]], match[4]))
    return found


# -- The apps --------------------------------------------------------------------------------


def files_of(app: str) -> list[Path]:
    folders = [ROOT / app] + ([ROOT / "templates"] if app == "portal" else [])
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".html", ".txt"}
        and "migrations" not in path.parts
        and "__pycache__" not in path.parts
    )


def offences(app: str) -> list[str]:
    """Every tie of ``app`` against the order: upwards, or a write to another app's model."""
    found = []
    for path in files_of(app):
        text = path.read_text(encoding="utf-8")
        ties = python_ties(text) if path.suffix == ".py" else template_ties(text)
        for tie in ties:
            if rank(tie.target) > rank(app) or (tie.kind == "write" and tie.target != app):
                where = f"{path.relative_to(ROOT)}:{tie.line}"
                found.append(f"{where} {tie.kind} {tie.what} ({tie.target})")
    return found


def test_the_order_names_every_app_once():
    ours = {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}
    assert sorted(ORDER) == sorted(ours)
    assert len(set(ORDER)) == len(ORDER) == len(LAYERS)
    assert all(description for _, description in LAYERS)


def test_the_ground_is_found():
    g = ground()
    assert g.templates["base.html"] == "portal"
    assert g.templates["projects/detail.html"] == "projects"
    assert g.tag_libraries["messaging"] == "messaging"
    assert g.namespaces["catalogue"] == "projects"
    assert g.namespaces["changes"] == "changes"
    assert g.models["Project"] == "projects"
    assert g.models["ChangeRequest"] == "changes"
    assert len(files_of("portal")) > 40


def test_no_app_reaches_above_itself_or_writes_anothers_models():
    found = [offence for app in ORDER for offence in offences(app)]
    assert not found, f"{len(found)} ties against portal/layers.py:\n" + "\n".join(found)


def test_no_portal_module_imports_an_app():
    """The ground of them all: portal imports no app (ADR 0016), one case of the order."""
    found = [offence for offence in offences("portal") if " import " in offence]
    assert not found, "\n".join(found)


# -- The check sees each kind of tie ---------------------------------------------------------


def test_the_check_sees_an_import_inside_a_function():
    ties = python_ties("def f():\n    from projects.models import Project\n")
    assert Tie(2, "import", "projects", "projects.models") in ties


def test_the_check_sees_plain_imports_and_module_loading():
    ties = python_ties(
        "import changes.services as c\n"
        "from importlib import import_module\n"
        "from django.utils.module_loading import import_string\n"
        "def f():\n"
        "    import_module('agreements.demo')\n"
        "    import_string('messaging.services.message_send')\n"
        "    apps.get_model('changes', 'ChangeRequest')\n"
        "    apps.get_model('auth.Group')\n"
    )
    assert Tie(1, "import", "changes", "changes.services") in ties
    assert Tie(5, "load-module", "agreements", "agreements.demo") in ties
    assert Tie(6, "load-module", "messaging", "messaging.services.message_send") in ties
    assert Tie(7, "load-module", "changes", "get_model('changes')") in ties
    assert [tie.line for tie in ties if tie.kind == "load-module"] == [5, 6, 7]


def test_the_check_sees_url_names_in_python():
    ties = python_ties(
        "from django.shortcuts import redirect, resolve_url\n"
        "from django.urls import reverse, reverse_lazy\n"
        "a = reverse('agreements:detail', args=[1])\n"
        "b = reverse_lazy('awareness:start')\n"
        "def v(request):\n"
        "    return redirect('changes:new', 10014)\n"
        "c = resolve_url('messaging:conversation', 1)\n"
        "d = reverse('admin:index')\n"
    )
    urls = [(tie.line, tie.target) for tie in ties if tie.kind == "url"]
    assert urls == [(3, "agreements"), (4, "awareness"), (6, "changes"), (7, "messaging")]


def test_the_check_sees_template_names_in_python():
    ties = python_ties(
        "def v(request):\n    return render(request, 'messaging/_project_links.html')\n"
    )
    assert [tie.target for tie in ties if tie.kind == "template"] == [
        ground().templates["messaging/_project_links.html"]
    ]


def test_the_check_sees_includes_extends_loads_and_urls_in_templates():
    ties = template_ties(
        '{% extends "projects/detail.html" %}\n'
        "{% load i18n messaging %}\n"
        "{% load signed from agreements %}\n"
        '{% include "changes/_project_panels.html" with x=1 %}\n'
        "<a href=\"{% url 'awareness:start' %}\">x</a>\n"
        '{% include "components/field.html" %}\n'
    )
    kinds = [(tie.line, tie.kind, tie.target) for tie in ties]
    assert (1, "extends", "projects") in kinds
    assert (2, "load", "messaging") in kinds
    assert (3, "load", "agreements") in kinds
    assert (5, "url", "awareness") in kinds
    assert (6, "include", "portal") in kinds
    assert [k for k in kinds if k[0] == 4] == [
        (4, "include", ground().templates["changes/_project_panels.html"])
    ]


def test_the_check_sees_writes_to_models():
    ties = python_ties(
        "from projects.models import Project, TeamMember\n"
        "from accounts import models\n"
        "def f(number):\n"
        "    Project.objects.create(number=number)\n"
        "    Project.objects.filter(number=number).update(title='x')\n"
        "    TeamMember.objects.filter(pk=1).delete()\n"
        "    models.Person.objects.bulk_create([])\n"
        "    Project(number=number).save()\n"
        "    member = TeamMember(project_id=1)\n"
        "    member.save()\n"
        "    Project.objects.filter(number=number).exists()\n"
    )
    writes = [(tie.line, tie.target, tie.what) for tie in ties if tie.kind == "write"]
    assert writes == [
        (4, "projects", "Project.create"),
        (5, "projects", "Project.update"),
        (6, "projects", "TeamMember.delete"),
        (7, "accounts", "Person.bulk_create"),
        (8, "projects", "Project.save"),
        (10, "projects", "TeamMember(...).save"),
    ]


def test_an_offence_is_a_tie_upwards_or_a_write_to_another_apps_model(tmp_path, monkeypatch):
    """The same ties are fine downwards; a write is fine only to the app's own models."""
    low = tmp_path / "projects"
    low.mkdir()
    (low / "views.py").write_text(
        "from accounts.models import Person\n"  # down: fine
        "from changes.models import ChangeRequest\n"  # up
        "def f():\n"
        "    Person.objects.create(email='x')\n"  # a write to accounts' model
        "    ChangeRequest.objects.count()\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("tests.portal.test_layers.files_of", lambda app: sorted(low.glob("*.py")))
    monkeypatch.setattr("tests.portal.test_layers.ROOT", tmp_path)
    found = offences("projects")
    assert found == [
        "projects/views.py:2 import changes.models (changes)",
        "projects/views.py:4 write Person.create (accounts)",
    ]


def test_import_linter_keeps_the_same_order():
    """import-linter's ``layers`` contract (pyproject.toml) is this order, and it is kept."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    contract = config["importlinter"]["contracts"][0]
    assert contract["type"] == "layers"
    assert contract["layers"] == list(reversed(ORDER))
    assert config["importlinter"]["root_packages"] == list(ORDER)
    result = subprocess.run(  # noqa: S603 - our own virtualenv's tool on our own code
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 kept, 0 broken" in result.stdout


def test_the_check_sees_a_write_to_an_instance_read_through_the_manager():
    ties = python_ties(
        "from projects.models import Project\n"
        "def f(number, form):\n"
        "    locked = Project.objects.select_for_update().get(number=number)\n"
        "    locked.title = 'x'\n"
        "    locked.save(update_fields=['title'])\n"
        "    rows = Project.objects.filter(number=number)\n"
        "    rows.update(title='y')\n"
        "    locked = form.instance\n"
        "    locked.save()\n"  # no longer a Project read here: not counted
        "def g(locked):\n"
        "    locked.save()\n"  # another function's name: not counted
    )
    writes = [(tie.line, tie.what) for tie in ties if tie.kind == "write"]
    assert writes == [(5, "Project(...).save"), (7, "Project(...).update")]
