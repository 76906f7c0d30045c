"""Django messages that its Dutch catalogue lacks (changed msgids in Django 6.1).

Listed here so that ``makemessages`` puts them in accounts' .po, which Django consults before
its own catalogue. Never imported for behaviour.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
