"""What requests_inbox does when a lower app tells it something (Django signals)."""

from django.dispatch import receiver

from accounts.models import ConfidentialityDeclaration
from accounts.services import declaration_reviewed
from requests_inbox import services


@receiver(declaration_reviewed, sender=ConfidentialityDeclaration, dispatch_uid="inbox_reviewed")
def follow_declaration_review(sender, *, declaration, by, approved, **kwargs):
    return services.declaration_reviewed(declaration=declaration, by=by, approved=approved)
