"""What the actions inbox shows of the apps above it (filled from their AppConfig.ready())."""

from portal.registry import Registry

# Each action kind whose page another app owns: {kind: function(action) -> the page's URL}.
# The inbox's link to an action of such a kind leads there (e.g. the awareness test itself).
action_pages = Registry()

# Templates of rows shown above the open actions on Home (first page), with Home's context:
# {template: what it shows}.
home_rows = Registry()
