"""What Home shows of the apps: each app registers its panels, portal imports no app.

In the app's ``home.py`` (found by autodiscovery, like ``permissions.py``)::

    from portal.home import home_panel

    @home_panel("requests_inbox/_home_actions.html", order=10)
    def actions(request) -> dict:
        return {...}  # the panel template's variables; a constant number of queries

Home includes each panel's template, in ``order``, for a signed-in person, with the variables
its function returns.
"""

from collections.abc import Callable
from dataclasses import dataclass

from portal.registry import Registry


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: Callable[..., dict]
    order: int = 100


_panels = Registry()


def home_panel(template: str, *, order: int = 100):
    def register(context: Callable[..., dict]) -> Callable[..., dict]:
        _panels.register(template, HomePanel(template, context, order), order=order)
        return context

    return register


def home_panels() -> list[HomePanel]:
    return list(_panels)
