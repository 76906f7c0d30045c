"""The demo data's loaders: each app registers its own (``<app>/demo.py``), in order.

In the app's ``AppConfig.ready()``, by dotted path (the demo module is imported only when
``load_demo`` runs)::

    demo_loaders.register("accounts.demo.load", "people, institutions, declarations", order=10)

``load_demo`` runs every loader by order in one transaction.
"""

from django.utils.module_loading import import_string

from portal.registry import Registry

demo_loaders = Registry()
# What load_demo prints once the data is committed (the demo logins), by dotted path.
demo_notes = Registry()


def load_demo_data(stdout) -> None:
    for path, _what in demo_loaders.items():
        import_string(path)(stdout)


def print_demo_notes(stdout) -> None:
    for path, _what in demo_notes.items():
        import_string(path)(stdout)
