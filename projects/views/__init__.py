"""The project pages, one module per page (or family of pages).

- ``common``: loading a project for a person (404 for others), its URL, breadcrumbs, helpers;
- ``listing``: Projecten (the list) and a new project;
- ``detail``: the project page, its Geschiedenis and the Projectkaart (PDF);
- ``settings_status``: the project's settings and its status changes;
- ``bijlagen``: the attachments of the request (view, save as draft, make final);
- ``team``: adding, changing and removing team members;
- ``files``: files, services and publications;
- ``catalogue``: the public Dienstencatalogus;
- ``closure``: Afsluiting (timeline context, Afsluiting aanvragen, Kopiëren als nieuw project).
"""

from projects.views.common import crumbs, get_project_for, project_url

__all__ = ["crumbs", "get_project_for", "project_url"]
