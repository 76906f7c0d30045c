"""What the project's pages, mails and checks show of the apps above projects.

Each registry is filled by the higher apps from their ``AppConfig.ready()`` (``portal.registry``).
"""

from portal.registry import Registry

# Templates on the project page, by place: {template: place}. The template gets the page's
# context (project, user, request, may, ...) and loads what it needs with its own app's tags.
#   "actions"   - buttons beside Projectkaart and Geschiedenis (Berichten, Wijzigingen)
#   "panels"    - panels below Diensten en bestanden (change requests, output checks)
#   "documents" - rows of the agreement attachments' table (cost overviews, the agreement)
project_page = Registry()

# What the apps' templates on the project page read, for keeping the page's panels until a write
# changes them (projects.page): {name: {model: function(row) -> the ids of the projects whose
# page shows the row, or EVERY_PAGE}}. Filled with ``projects.page.page_reads_declare``.
project_page_reads = Registry()

# Templates beside each section of a bijlage (CBS's review comments): {template: what it shows}.
# The template gets the page's context plus ``section_key``.
bijlage_section = Registry()

# Checks of "Afsluiting aanvragen": {name: function(project) -> [OpenItem]}.
closure_checks = Registry()

# More places to act in the mail "project ends soon": {name in the mail: function(project) ->
# path}, reversed in the leader's language (e.g. "extend_path", Einddatum verlengen).
ending_links = Registry()

# Whose turn it is on the project's timeline before the lifecycle is asked: {name:
# function(project, user) -> (label, url) or None}; the first answer counts (e.g. the person's
# own open action on the project).
timeline_turns = Registry()

# The steps of Remote Access readiness (projects.readiness): {key: ReadinessStep}. projects
# declares the declarations' and CBS's steps; awareness adds the awareness test.
readiness_steps = Registry()

# Where a person completes a step they miss: {name: function(person_ids, step_keys) ->
# {(person id, step key): URL}} in one query (e.g. their open action for it).
readiness_links = Registry()

# What the steps and links of readiness read, for keeping a person's readiness until a write
# changes it (projects.readiness.kept_readiness): {name: {model: function(row) -> the ids of
# the persons whose readiness a saved or deleted row changes, or EVERYONE}}.
readiness_reads = Registry()

# The documents a project holds, per app, for the project's total (MAX_PROJECT_UPLOAD_SIZE):
# {name: function(project_id) -> bytes}. projects counts its files' attachments; the apps
# above add theirs (message attachments, output control forms). ``project_stored_bytes``.
project_documents = Registry()
