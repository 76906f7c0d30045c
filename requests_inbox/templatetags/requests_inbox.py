"""What the actions inbox shows on other apps' pages (registered in projects.registry)."""

from django import template

from requests_inbox.models import CostOverview, CostOverviewStatus

register = template.Library()


# What the rows read (projects.page keeps the project page's panels until a write changes it).
ROWS_READ = {CostOverview: lambda overview: [overview.project_id]}


@register.simple_tag
def project_cost_overviews(project) -> list[dict]:
    """Bijlage 4 rows of the agreement attachments: the cost overviews CBS has sent (no drafts)."""
    labels = dict(CostOverviewStatus.choices)
    return [
        {"sent_at": sent_at, "status": labels.get(status, status)}
        for sent_at, status in CostOverview.objects.filter(project=project)
        .exclude(status=CostOverviewStatus.DRAFT)
        .values_list("sent_at", "status")
    ]
