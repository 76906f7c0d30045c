"""Home's panel of this app: the person's open and sent actions (see portal/home.py)."""

from portal.home import home_panel


@home_panel("requests_inbox/_home_actions.html", order=10)
def actions(request) -> dict:
    from requests_inbox.views import home_actions_context

    return home_actions_context(request)
