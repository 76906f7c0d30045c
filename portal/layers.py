"""The order of the apps, from the ground up, and what each owns.

An app uses only the apps below it: in Python imports (also inside functions and through
``import_module``/``import_string``), in templates (``{% include %}``, ``{% extends %}``,
``{% load %}``), in URL names (``reverse``, ``redirect``, ``{% url %}``) and in writes (a model
is created, changed or deleted only by the app that owns it; a higher app calls its services).
Where a lower app must show or do something a higher app knows, the lower app owns a registry
(``portal.registry.Registry``) that the higher app fills from its ``AppConfig.ready()``.

``tests/portal/test_layers.py`` reads this order and fails on any tie against it; import-linter's
``layers`` contract in ``pyproject.toml`` keeps the Python imports in the same order.
"""

LAYERS: tuple[tuple[str, str], ...] = (
    (
        "portal",
        "settings, root URLs, the page frame and public pages, audit events, permissions, mail, "
        "uploads, the work queue, reminders, Home; the frame's links and the demo loaders",
    ),
    (
        "accounts",
        "users, institutions, persons and contact persons, account requests, declarations, "
        "Mijn gegevens and its panels",
    ),
    (
        "projects",
        "projects and their lifecycle, bijlagen, team, files, publications, catalogues, closure; "
        "who works in the Remote Access environment and their readiness; the project page's "
        "places, a bijlage's sections, closure checks and the steps of readiness",
    ),
    (
        "requests_inbox",
        "actions (Openstaande acties / Verzonden) and each action kind's page; cost overviews "
        "(Bijlage 4): an action on a project, so above projects",
    ),
    ("awareness", "awareness tests, questions, attempts; the awareness step of readiness"),
    (
        "messaging",
        "Berichten per project, questions to Klantenservice, internal notes, read marks, review "
        "comments per bijlage section and the changes between submitted versions",
    ),
    ("agreements", "project agreements, their texts and signatures, data file preparation"),
    ("changes", "running projects: change requests, output checks, publication completion"),
    (
        "institutions",
        "Mijn instelling for account managers (people, projects, authorization, Uit dienst "
        "melden) and the read-only API for the institutions' own systems, with its tokens",
    ),
    (
        "reports",
        "Rapportages in the back office: the numbers of the charts (read from the apps below), "
        "the charts, the working-day calendar the database counts with",
    ),
)

ORDER: tuple[str, ...] = tuple(name for name, _ in LAYERS)


def rank(app: str) -> int:
    """The app's place from the ground up (portal is 0)."""
    return ORDER.index(app)
