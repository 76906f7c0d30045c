"""What Mijn gegevens shows of the apps above accounts (filled from their AppConfig.ready())."""

from portal.registry import Registry

# Templates on Mijn gegevens, by place: {template: place}. The template gets the page's context
# (person, user, request) and loads what it needs with its own app's tags.
#   "top"    - below the Edit button (Remote Access readiness)
#   "column" - panels in the left column, after the declarations (the awareness test)
my_details = Registry()

# What a person's leaving their institution ends beyond accounts ("Uit dienst melden",
# accounts.services.person_leave): {key: hook(*, person, on, by)}, registered by the apps that
# hold something of the person (open actions, team memberships). Hooks run on the day itself
# (at once when the day reported has come), inside the service's transaction, with ``by`` the
# user who reported the leave, and end what they hold through their own services.
leaving = Registry()
