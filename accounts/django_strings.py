"""Django messages that its Dutch catalogue lacks (changed or new msgids in Django 6.1).

Listed here so that ``makemessages`` puts them in accounts' .po, which Django consults before
its own catalogue. Never imported for behaviour.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)

# The empty choice of a model field's select (fields.BLANK_CHOICE_LABEL), e.g. the team's Rol.
BLANK_CHOICE = gettext_lazy("- Select an option -")
# The admin's date hierarchy above a changelist (admin/date_hierarchy.html).
FILTER_BY = gettext_lazy("Filter by %(field_name)s")

# The admin's own strings without Dutch in Django 6.1 (issue 20: the Dutch back office shows no
# English). The time-zone note and the calendar of the admin's JavaScript are in
# locale/nl/LC_MESSAGES/djangojs.po (the JavaScript catalogue also reads LOCALE_PATHS).
PAGINATION = gettext_lazy("Pagination %(name)s")
PAGINATION_ENTRIES = gettext_lazy("Pagination %(name)s entries")
SEARCH = gettext_lazy("Search %(name)s")
LOGOUT = gettext_lazy("Logout")
FORGOTTEN_LOGIN = gettext_lazy("Forgotten your login credentials?")
MORE_OBJECTS = ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count")
DELETE_RELATED_DENIED = gettext_lazy(
    "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related "
    "objects, but your account doesn't have permission to delete the following types of "
    "objects:"
)
DELETE_PROTECTED = gettext_lazy(
    "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following "
    "protected related objects:"
)
DELETE_CONFIRM = gettext_lazy(
    "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the "
    "following related items will be deleted:"
)
