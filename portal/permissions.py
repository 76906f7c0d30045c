"""One place to ask who may do what: ``has_permission(user, perm, obj)``.

Apps declare rules in their own ``permissions.py`` with ``@rule("app.perm")``; this module
is the single entry point used by views, templates and the admin. Deny by default: a
permission without a rule is refused.
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}


def rule(perm: str) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        if perm in _rules:
            raise ValueError(f"A rule for {perm} is already registered.")
        _rules[perm] = func
        return func

    return register


def has_permission(user, perm: str, obj=None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    check = _rules.get(perm)
    if check is None:
        return False
    return bool(check(user, obj))


def require_permission(user, perm: str, obj=None) -> None:
    """Raise 404 (not 403) so that others' objects are not even confirmed to exist."""
    if not has_permission(user, perm, obj):
        raise Http404


def is_cbs_staff(user, perm: str) -> bool:
    """CBS staff who may do ``perm`` (a model permission of the back office, such as
    "changes.change_outputcheck"): an active staff login holding it. "Alleen lezen" staff hold
    only the view permissions, so they pass for a view and never for a write. The one check of
    CBS's side in services and the admin."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(perm)
    )


def registered_permissions() -> list[str]:
    return sorted(_rules)
