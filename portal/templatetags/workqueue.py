"""The work queue ("Werkvoorraad") on the admin index: {% load workqueue %}{% work_queue %}.

Staff see the same queue: its HTML is kept (``portal.workqueue.kept_work_queue``) per language,
day and set of permissions, "Mijn werk" per person, until a write of what it shows. Measured
with Django's test client on the scale-1 data (CPU a request, app + db): see benchmarks/README.md.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.admin_site import permissions_key
from portal.workqueue import kept_work_queue
from portal.workqueue import work_queue as collect

register = template.Library()


@register.simple_tag(takes_context=True)
def work_queue(context):
    request = context["request"]
    user = request.user
    mine = request.GET.get("werk") == "mijn"
    today = timezone.localdate()

    def render():
        sections = collect(user=user, mine=mine, today=today)
        html = render_to_string(
            "admin/_work_queue.html",
            {
                "mine": mine,
                "sections": sections,
                "total": sum(section.total for section in sections),
                "overdue": sum(section.overdue_count for section in sections),
            },
        )
        return html, sections

    whose = user.pk if mine else "all"
    key = f"{translation.get_language()}.{permissions_key(user)}.{whose}"
    return kept_work_queue(key, render, today=today)
