"""What messaging does when a lower app tells it something (Django signals)."""

from django.dispatch import receiver

from accounts.models import User
from messaging.unread import forget_unread
from projects.models import Project
from projects.services import team_changed


@receiver(team_changed, sender=Project, dispatch_uid="messaging.team_changed")
def count_unread_again(sender, *, project, person_ids, **kwargs):
    """Who follows the project's conversation changed: its members count their unread again."""
    forget_unread(User.objects.filter(person_id__in=person_ids).values_list("pk", flat=True))
