import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from messaging.unread import project_unread_count

register = template.Library()

_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


@register.filter
def message_text(text) -> str:
    """Plain text with its line breaks kept and its web addresses made links; nothing else:
    everything the author typed is escaped."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    parts, position = [], 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        start = match.start()
        parts.append(escape(text[position:start]))
        parts.append(
            format_html('<a href="{}" rel="noopener noreferrer nofollow">{}</a>', url, url)
        )
        position = start + len(url)
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every part escaped


@register.simple_tag
def unread_on_project(user, project) -> int:
    return project_unread_count(user, project)


@register.simple_tag
def project_messaging_summary(user, project) -> dict:
    """For the project page: unread messages of this user, and whether there are two
    submitted versions to compare. Two queries."""
    from projects.models import BijlageVersion

    return {
        "unread": project_unread_count(user, project),
        "versions": BijlageVersion.objects.filter(project=project, number__gte=2).exists(),
    }


@register.simple_tag
def section_review_comments(bijlage, section_key: str) -> list:
    """CBS's comments on one section of this bijlage in the latest submitted version. One query
    per page: the comments of every section are read once and kept on the bijlage."""
    from messaging.models import ReviewComment
    from projects.models import BijlageVersion

    by_section = getattr(bijlage, "_review_comments_by_section", None)
    if by_section is None:
        latest = (
            BijlageVersion.objects.filter(project_id=bijlage.project_id)
            .order_by("-number")
            .values("pk")[:1]
        )
        by_section = {}
        for comment in ReviewComment.objects.filter(
            project_id=bijlage.project_id, kind=bijlage.kind, version_id__in=latest
        ):
            by_section.setdefault(comment.section, []).append(comment)
        bijlage._review_comments_by_section = by_section
    return by_section.get(section_key, [])
