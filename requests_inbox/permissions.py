"""Who may see and act on an action.

An action belongs to its addressee. A cost review ("Beoordelen kostenoverzicht") also belongs to
whoever is, now, the project leader or an authorized signatory (Tekenbevoegde) of its project:
each of them may open it and decide, and one decision completes them all.
"""

from portal.permissions import has_permission, rule
from requests_inbox.models import Action, ActionKind


def _is_addressee(user, action: Action) -> bool:
    return bool(user.person_id) and action.person_id == user.person_id


def _may_decide_costs(user, action: Action) -> bool:
    return (
        action.kind == ActionKind.COST_REVIEW
        and action.project_id is not None
        and has_permission(user, "projects.decide_costs", action.project)
    )


@rule("requests_inbox.view_action")
def can_view_action(user, action) -> bool:
    if not isinstance(action, Action):
        return False
    return _is_addressee(user, action) or _may_decide_costs(user, action)


@rule("requests_inbox.act_on_action")
def can_act_on_action(user, action) -> bool:
    """Sign, upload, answer or decide: only while the action is open."""
    if not isinstance(action, Action) or not action.is_open:
        return False
    if action.kind == ActionKind.COST_REVIEW:
        return _may_decide_costs(user, action)
    return _is_addressee(user, action)
