"""The work queue ("Werkvoorraad") on the admin index: {% load workqueue %}{% work_queue %}."""

from django import template

from portal.workqueue import work_queue as collect

register = template.Library()


@register.inclusion_tag("admin/_work_queue.html", takes_context=True)
def work_queue(context):
    request = context["request"]
    mine = request.GET.get("werk") == "mijn"
    sections = collect(user=request.user, mine=mine)
    return {
        "request": request,
        "mine": mine,
        "sections": sections,
        "total": sum(section.total for section in sections),
        "overdue": sum(section.overdue_count for section in sections),
    }
