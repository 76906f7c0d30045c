"""Review rounds: each submission freezes the text of Bijlage 1-3 as a numbered version, and
"Wijzigingen sinds de vorige indiening" shows per section what was removed and added."""

from dataclasses import dataclass

from django.db.models import Max

from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.models import BijlageVersion, Project
from projects.textdiff import has_changes, html_diff


def freeze_submitted_version(*, project: Project, by) -> BijlageVersion:
    """Part of the "submit" move (``project_transition``): the bijlagen's text as submitted.

    No event of its own: the submission is the event. The caller holds the project's row lock,
    so two submissions cannot take the same number.
    """
    last = project.bijlage_versions.aggregate(last=Max("number"))["last"] or 0
    texts = {
        str(bijlage.kind): dict(bijlage.sections)
        for bijlage in project.bijlagen.all()
        if bijlage.kind in BIJLAGE_DEFINITIONS
    }
    return BijlageVersion.objects.create(
        project=project, number=last + 1, texts=texts, submitted_by=by
    )


@dataclass
class SectionChange:
    kind: int
    key: str
    label: str
    pieces: list  # [(op, text)] from projects.textdiff


@dataclass
class BijlageChanges:
    kind: int
    title: str
    sections: list  # [SectionChange], only the sections that changed


def version_changes(old: BijlageVersion | None, new: BijlageVersion) -> list[BijlageChanges]:
    """Per bijlage, the sections whose text differs between ``old`` and ``new`` (all of
    ``new``'s text counts as added when there is no ``old``)."""
    result = []
    for kind, definition in BIJLAGE_DEFINITIONS.items():
        changed = []
        for section in definition.sections:
            before = old.section_text(kind, section.key) if old is not None else ""
            pieces = html_diff(before, new.section_text(kind, section.key))
            if has_changes(pieces):
                changed.append(SectionChange(kind, section.key, str(section.label), pieces))
        result.append(BijlageChanges(kind, str(definition.title), changed))
    return result


def versions_to_compare(project: Project, number: int | None = None):
    """(previous, chosen) versions: ``number`` or the latest, and the one before it."""
    versions = list(
        BijlageVersion.objects.filter(project=project)
        .select_related("submitted_by__person")
        .order_by("number")
    )
    if not versions:
        return None, None, versions
    chosen = next((v for v in versions if v.number == number), versions[-1])
    previous = next((v for v in reversed(versions) if v.number < chosen.number), None)
    return previous, chosen, versions
