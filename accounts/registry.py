"""What Mijn gegevens shows of the apps above accounts (filled from their AppConfig.ready())."""

from portal.registry import Registry

# Templates on Mijn gegevens, by place: {template: place}. The template gets the page's context
# (person, user, request) and loads what it needs with its own app's tags.
#   "top"    - below the Edit button (Remote Access readiness)
#   "column" - panels in the left column, after the declarations (the awareness test)
my_details = Registry()
