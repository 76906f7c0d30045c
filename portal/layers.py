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
        "uploads, the work queue, reminders, Home, and the registries the apps fill",
    ),
    (
        "accounts",
        "users, institutions, persons and contact persons, account requests, declarations, "
        "Mijn gegevens, Remote Access readiness and its steps (a registry)",
    ),
    (
        "projects",
        "projects and their lifecycle, bijlagen, team, files, publications, catalogues, closure; "
        "the project page and its panels (a registry)",
    ),
    (
        "requests_inbox",
        "actions (Openstaande acties / Verzonden) and each action kind's page (a registry); "
        "cost overviews (Bijlage 4): they are an action on a project",
    ),
    ("awareness", "awareness tests, questions, attempts"),
    (
        "messaging",
        "Berichten per project, questions to Klantenservice, internal notes, read marks, review "
        "comments per bijlage section and the changes between submitted versions",
    ),
    ("agreements", "project agreements, their texts, signatures and the data file preparation"),
    ("changes", "running projects: change requests, output checks, publication completion"),
)

ORDER: tuple[str, ...] = tuple(name for name, _ in LAYERS)


def rank(app: str) -> int:
    """The app's place from the ground up (portal is 0)."""
    return ORDER.index(app)
