"""Who may do what with accounts, declared once; ask via ``portal.permissions.has_permission``."""

from django.http import Http404

from accounts.models import AccountRequest, Person
from portal.permissions import has_permission, rule


def _manager_person(user) -> Person | None:
    person = user.person if user.person_id else None
    return person if person is not None and person.is_account_manager else None


@rule("accounts.manage_institution")
def manage_institution(user, institution) -> bool:
    """Accountbeheerder: handles account requests and contact persons of their own institution.

    Without an object: whether the user is an account manager at all (menus).
    """
    manager = _manager_person(user)
    if manager is None:
        return False
    return institution is None or manager.institution_id == institution.pk


@rule("accounts.decide_request")
def decide_request(user, account_request: AccountRequest) -> bool:
    manager = _manager_person(user)
    return bool(manager and manager.institution_id == account_request.institution_id)


@rule("accounts.invite_person")
def invite_person(user, person: Person) -> bool:
    """A contact person with an email and no usable login yet may be invited by their manager."""
    manager = _manager_person(user)
    if manager is None or manager.institution_id != person.institution_id or not person.email:
        return False
    existing = getattr(person, "user", None)
    return existing is None or not existing.has_usable_password()


@rule("accounts.view_photo")
def view_photo(user, person: Person) -> bool:
    if user.person_id == person.pk or user.is_staff:
        return True
    manager = _manager_person(user)
    return bool(manager and manager.institution_id == person.institution_id)


@rule("accounts.report_leave")
def report_leave(user, person: Person) -> bool:
    """ "Uit dienst melden": the account manager of the person's institution, or CBS staff who
    may change persons (the back office)."""
    if not isinstance(person, Person):
        return False
    if user.is_staff and user.is_active and user.has_perm("accounts.change_person"):
        return True
    manager = _manager_person(user)
    return bool(manager and manager.institution_id == person.institution_id)


def get_account_request_for(user, pk: int) -> AccountRequest:
    """An account request of the user's own institution; 404 for anyone else."""
    manager = _manager_person(user)
    if manager is None:
        raise Http404
    account_request = (
        AccountRequest.objects.select_related("institution", "decided_by__person")
        .filter(pk=pk, institution_id=manager.institution_id)
        .first()
    )
    if account_request is None or not has_permission(
        user, "accounts.decide_request", account_request
    ):
        raise Http404
    return account_request


def get_contact_person_for(user, pk: int) -> Person:
    """A person of the manager's own institution; 404 for anyone else."""
    manager = _manager_person(user)
    if manager is None:
        raise Http404
    person = (
        Person.objects.select_related("institution", "user")
        .filter(pk=pk, institution_id=manager.institution_id)
        .first()
    )
    if person is None:
        raise Http404
    return person
