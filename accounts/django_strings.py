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
