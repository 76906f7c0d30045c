"""Discovery helpers of the quality gates: URLs, models, forms, objects of somebody else.

The gates never list today's pages by hand; they ask Django:
- ``iter_routes()`` walks the URL resolver (portal, allauth, admin) and yields every named route
  with the names of its path parameters;
- ``own_models()`` / ``admin_models()`` list the models of our apps and those in the admin;
- ``form_classes()`` imports each app's ``forms.py`` and lists its Form and ModelForm classes;
- ``build_instance(model, ...)`` makes a valid row of any model (factories first, else generic),
  used to give every model an object that belongs to somebody else (``VICTIM_PK``).
"""

import datetime
import decimal
import importlib
import inspect
import itertools
import uuid
from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import connection, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from portal.staff import OWN_APPS  # noqa: E402 - our apps, declared once

# Every object of somebody else gets this primary key, in every table: a bare ``pk`` parameter
# in any URL then points at an object that exists and is not yours.
VICTIM_PK = 909090


# --- URLs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None  # "projects:detail"
    params: tuple[str, ...]  # ("number",)
    pattern: str  # "projecten/<int:number>/"
    callback: object = field(compare=False, hash=False, default=None)

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if self.name and ":" in self.name else ""

    @property
    def is_admin(self) -> bool:
        return self.namespace == "admin"


def _param_names(pattern) -> list[str]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return list(converters)
    regex = getattr(pattern, "regex", None)
    if regex is not None:
        return list(regex.groupindex)
    return []


def iter_routes(resolver=None, namespaces=(), params=(), prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        names = tuple(params) + tuple(_param_names(entry.pattern))
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from iter_routes(entry, ns, names, text)
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else None
            yield Route(name=name, params=names, pattern=text, callback=entry.callback)


def routes() -> list[Route]:
    seen, result = set(), []
    for route in iter_routes():
        key = (route.name, route.params) if route.name else route.pattern
        if key not in seen:
            seen.add(key)
            result.append(route)
    return result


# --- models ---------------------------------------------------------------------------------


def own_models() -> list[type[models.Model]]:
    return [
        model
        for label in OWN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
    ]


def admin_models() -> list[type[models.Model]]:
    return list(admin.site._registry)


def admin_url_models() -> dict[str, type[models.Model]]:
    """'projects_project' -> Project, for the names of the admin's URLs."""
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def model_for_admin_route(route: Route):
    if not route.is_admin:
        return None
    name = route.name.split(":", 1)[1]
    for prefix, model in admin_url_models().items():
        if name.startswith(prefix + "_"):
            return model
    return None


def table_names() -> list[str]:
    return sorted(connection.introspection.table_names())


def snapshot(exclude_tables=(), *, exclude_rows=None, tables=None) -> dict[str, int]:
    """A fingerprint of every table (row count and a hash of all rows): did anything change?
    ``exclude_rows={table: (column, value)}`` leaves those rows of a table out; ``tables``
    fingerprints only those."""
    result = {}
    exclude_rows = exclude_rows or {}
    with connection.cursor() as cursor:
        for table in table_names() if tables is None else sorted(tables):
            if table in exclude_tables:
                continue
            quoted = connection.ops.quote_name(table)
            if table in exclude_rows:
                column, value = exclude_rows[table]
                column = connection.ops.quote_name(column)
                sql = f"SELECT * FROM {quoted} WHERE {column} <> %s"  # noqa: S608 - as above
                cursor.execute(sql, [value])
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
            rows = sorted(repr(row) for row in cursor.fetchall())
            result[table] = (len(rows), hash(tuple(rows)))
    return result


class Fingerprints:
    """Every table's fingerprint (``snapshot``), kept up to date by fingerprinting again only
    the tables written since the last look, as the database itself counts them: PostgreSQL
    counts each table's inserted, updated and deleted rows of the current transaction
    (``pg_stat_xact_user_tables``); on SQLite a temporary trigger per table and kind of write
    counts them in a temporary table. A walk of a thousand requests then reads the calendar's
    14,000 days once, not twice a request.

        with Fingerprints(VOLATILE) as prints:
            prints.changes()  # forget what signing in wrote
            client.post(...)
            assert not prints.changes()
    """

    def __init__(self, exclude_tables=(), *, exclude_rows=None):
        self.exclude_tables = set(exclude_tables)
        self.exclude_rows = exclude_rows

    def __enter__(self):
        self.tables = table_names()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("CREATE TEMP TABLE _writes (name TEXT PRIMARY KEY, n INTEGER)")
                cursor.executemany("INSERT INTO _writes VALUES (%s, 0)", [[t] for t in self.tables])
                for number, table in enumerate(self.tables):
                    quoted = connection.ops.quote_name(table)
                    for kind in ("INSERT", "UPDATE", "DELETE"):
                        trigger = f'"_writes_{number}_{kind}" AFTER {kind} ON {quoted}'
                        count = f"UPDATE _writes SET n = n + 1 WHERE name = '{table}'"  # noqa: S608
                        cursor.execute(f"CREATE TEMP TRIGGER {trigger} BEGIN {count}; END")
        elif connection.vendor != "postgresql":
            raise NotImplementedError(connection.vendor)
        self.counts = self._counts()
        self.prints = self._snapshot(None)
        return self

    def __exit__(self, *exc_info):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for number in range(len(self.tables)):
                    for kind in ("INSERT", "UPDATE", "DELETE"):
                        cursor.execute(f'DROP TRIGGER IF EXISTS "_writes_{number}_{kind}"')
                cursor.execute("DROP TABLE IF EXISTS _writes")

    def _counts(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name, n FROM _writes")
            else:
                cursor.execute(
                    "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del"
                    " FROM pg_stat_xact_user_tables WHERE schemaname = current_schema()"
                )
            return dict(cursor.fetchall())

    def _snapshot(self, tables):
        return snapshot(self.exclude_tables, exclude_rows=self.exclude_rows, tables=tables)

    def changes(self) -> list[str]:
        """The tables whose rows changed since the last call (as ``diff_snapshots`` says)."""
        counts = self._counts()
        written = {table for table, n in counts.items() if self.counts.get(table) != n}
        self.counts = counts
        after = {**self.prints, **self._snapshot(written & set(self.tables))}
        changed = diff_snapshots(self.prints, after)
        self.prints = after
        return changed


def diff_snapshots(before: dict, after: dict) -> list[str]:
    changed = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table), after.get(table)
        if old != new:
            rows = f"{old[0] if old else 0} -> {new[0] if new else 0} rows"
            changed.append(f"{table} ({rows})")
    return changed


# --- forms ----------------------------------------------------------------------------------


def form_classes() -> list[type[forms.BaseForm]]:
    """Every Form/ModelForm defined in our apps' forms.py (or forms/ package) modules."""
    found = []
    for label in OWN_APPS:
        try:
            module = importlib.import_module(f"{label}.forms")
        except ModuleNotFoundError as exc:
            if exc.name != f"{label}.forms":
                raise
            continue
        modules = [module]
        if hasattr(module, "__path__"):
            import pkgutil

            for info in pkgutil.iter_modules(module.__path__):
                modules.append(importlib.import_module(f"{label}.forms.{info.name}"))
        for mod in modules:
            for _name, obj in inspect.getmembers(mod, inspect.isclass):
                if (
                    issubclass(obj, forms.BaseForm)
                    and obj.__module__ == mod.__name__
                    and not getattr(getattr(obj, "Meta", None), "abstract", False)
                    and obj not in found
                ):
                    found.append(obj)
    return found


# --- objects --------------------------------------------------------------------------------

_counter = itertools.count(1)


def factory_for(model):
    """The factory-boy factory of tests/factories for this model, if there is one."""
    import factory

    import tests.factories as module

    for name in dir(module):
        obj = getattr(module, name)
        if (
            inspect.isclass(obj)
            and issubclass(obj, factory.django.DjangoModelFactory)
            and obj._meta.model is model
        ):
            return obj
    return None


def _value_for(field: models.Field, model, anchors: dict):
    n = next(_counter)
    if field.choices:
        return (
            field.choices[0][0]
            if not isinstance(field.choices[0][1], list | tuple)
            else (field.choices[0][1][0][0])
        )
    if isinstance(field, models.EmailField):
        return f"{model._meta.model_name}{n}@victim.example.nl"
    if isinstance(field, models.FileField):
        return f"victim/{uuid.uuid4().hex}.pdf"
    if isinstance(field, models.GenericIPAddressField):
        return "127.0.0.1"
    if isinstance(field, models.URLField):
        return "https://example.nl/"
    if isinstance(field, models.CharField | models.TextField):
        text = f"{model._meta.model_name} {field.name} {n}"
        return text[: field.max_length] if field.max_length else text
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("1.00")
    if isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
        return 1 + n % 30000
    if isinstance(field, models.IntegerField | models.BigIntegerField):
        return 800000 + n
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.TimeField):
        return datetime.time(12, 0)
    if isinstance(field, models.DurationField):
        return datetime.timedelta(hours=1)
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b"x"
    raise NotImplementedError(
        f"No generic value for {model._meta.label}.{field.name} ({type(field).__name__}); "
        "add a factory for this model in tests/factories/."
    )


def build_instance(model, *, pk=None, anchors: dict | None = None, use_factory=True):
    """A saved row of ``model`` whose relations point at ``anchors`` ({Model: instance}).

    Factories are used when they exist; otherwise every required field gets a plain valid value
    and every relation the anchor of its model or (recursively) a new row. Rows are inserted with
    bulk_create so that models refusing a second save (the audit Event) can be built too.
    """
    anchors = anchors or {}
    if not isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField):
        pk = None  # UUID and other keys: the model's own default
    if pk is not None:
        existing = model._default_manager.filter(pk=pk).first()
        if existing is not None:
            return existing
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.is_relation:
            target = f.related_model
            if target in anchors:
                values[f.name] = anchors[target]
            elif f.null:
                values[f.name] = None
            else:
                values[f.name] = build_instance(target, pk=pk, anchors=anchors)
            continue
        if f.has_default() or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        if f.null or (f.blank and not f.choices):
            if isinstance(f, models.CharField | models.TextField) and not f.null:
                values[f.name] = ""
            continue
        values[f.name] = _value_for(f, model, anchors)
    factory = factory_for(model) if use_factory else None
    if factory is not None:
        kwargs = {k: v for k, v in values.items() if model._meta.get_field(k).is_relation}
        if pk is not None:
            kwargs[model._meta.pk.name] = pk
        try:
            with transaction.atomic():
                obj = factory(**kwargs)
                if pk is not None and obj.pk != pk:
                    # get_or_create factories may hand back an existing row: give it our key.
                    model._default_manager.filter(pk=obj.pk).update(**{model._meta.pk.attname: pk})
                    obj.pk = pk
                return obj
        except Exception:  # noqa: BLE001, S110 - fall back to the generic builder
            pass
    obj = model(**values)
    if pk is not None:
        obj.pk = pk
    model._default_manager.bulk_create([obj])
    if obj.pk is None:
        obj = model._default_manager.order_by("-pk").first()
    return obj


def victim_pk(model):
    """The primary key of the victim's row of this model (``VICTIM_PK`` for numeric keys)."""
    if _int_pk(model) and model._default_manager.filter(pk=VICTIM_PK).exists():
        return VICTIM_PK
    return model._default_manager.order_by("pk").values_list("pk", flat=True).first()


def _int_pk(model) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField)


# Keyword arguments our forms take besides data/files, and how the gates fill them: a name ->
# a function of the context dict (keys: user, person, project, institution, and any model's
# lower-case name). Add yours here when a form takes a new required argument.
FORM_KWARGS = {
    "user": lambda c: c["user"],
    "by": lambda c: c["user"],
    "request_user": lambda c: c["user"],
    "person": lambda c: c["person"],
    "project": lambda c: c["project"],
    "institution": lambda c: c["institution"],
    "instance": lambda c: None,
    "initial": lambda c: None,
    "prefix": lambda c: None,
    # Bijlage 1, 2 or 3: the form has one rich-text field per section of its definition.
    "definition": lambda c: _bijlage_definition(),
    # The awareness test: one radio group per question of the attempt's test.
    "questions": lambda c: _awareness_questions(),
    # A form that asks for the password again (accounts.reauth): a request of the signed-in user.
    "request": lambda c: _request_of(c["user"]),
}


def _request_of(user):
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = user
    return request


def _bijlage_definition():
    from projects.bijlagen import BIJLAGE_DEFINITIONS

    return BIJLAGE_DEFINITIONS[1]


def _awareness_questions():
    """The questions of a test in the database, else one required question with two answers."""
    from awareness.models import Question
    from tests.factories import ChoiceFactory, QuestionFactory

    questions = list(Question.objects.prefetch_related("choices").order_by("pk")[:5])
    if not questions:
        question = QuestionFactory()
        ChoiceFactory(question=question, is_correct=True)
        ChoiceFactory(question=question)
        questions = [question]
    return questions


_FORM_STANDARD = {"self", "data", "files", "auto_id", "error_class", "label_suffix",
                  "empty_permitted", "field_order", "use_required_attribute", "renderer",
                  "args", "kwargs"}  # fmt: skip


def instantiate_form(form_class, data, context: dict, files=None):
    """Bind ``form_class`` to data, filling its extra constructor arguments from ``context``."""
    kwargs = {}
    for cls in form_class.__mro__:
        init = cls.__dict__.get("__init__")
        if init is None or cls.__module__.startswith("django."):
            continue
        for name, param in inspect.signature(init).parameters.items():
            if name in _FORM_STANDARD or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if name in kwargs:
                continue
            if name in FORM_KWARGS:
                kwargs[name] = FORM_KWARGS[name](context)
            elif name in context:
                kwargs[name] = context[name]
            elif param.default is inspect.Parameter.empty:
                raise LookupError(
                    f"{form_class.__module__}.{form_class.__name__} needs {name!r}: add it to "
                    "FORM_KWARGS in tests/quality/discovery.py"
                )
    return form_class(data=data, files=files, **kwargs)


def is_rich_text_field(form_field) -> bool:
    from portal.sanitize import RichTextFormField

    widget = type(getattr(form_field, "widget", None)).__name__
    return isinstance(form_field, RichTextFormField) or "CKEditor" in widget
