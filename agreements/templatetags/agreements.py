"""What the agreements app shows on other apps' pages: the agreement row of the project page's
agreement attachments (registered in projects.registry)."""

from django import template

from agreements.models import Agreement, AgreementStatus

register = template.Library()


# What the row reads (projects.page keeps the project page's panels until a write changes it).
ROW_READS = {Agreement: lambda agreement: [agreement.project_id]}


@register.simple_tag
def project_agreement(project):
    """The project's latest agreement that was sent (for the documents panel), or None."""
    return (
        Agreement.objects.filter(project=project)
        .exclude(status=AgreementStatus.DRAFT)
        .order_by("-sent_at", "-pk")
        .only("status", "sent_at", "countersigned_at", "signed_pdf", "project_id")
        .first()
    )
