"""The sections of the checklist attachments (Bijlagen 1, 2 and 3)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    help_text: str = ""
    required: bool = True


@dataclass(frozen=True)
class BijlageDefinition:
    kind: int
    title: str
    short_title: str
    sections: tuple[Section, ...]


BIJLAGE_DEFINITIONS: dict[int, BijlageDefinition] = {
    1: BijlageDefinition(
        kind=1,
        title=_("Appendix 1. Research proposal"),
        short_title=_("Appendix 1 - Research proposal"),
        sections=(
            Section("goal", _("Goal of the microdata project")),
            Section("questions", _("Problem statement / research questions")),
            Section(
                "data",
                _("Data needed and linking"),
                _("Which CBS microdata and own data you need, and how they are linked."),
            ),
            Section("methods", _("Methods of analysis")),
            Section("planning", _("Planning"), required=False),
        ),
    ),
    2: BijlageDefinition(
        kind=2,
        title=_("Appendix 2. Publication plan"),
        short_title=_("Appendix 2 - Publication plan"),
        sections=(
            Section(
                "publications",
                _("Intended publications"),
                _("Articles, reports, theses or presentations you expect to publish."),
            ),
            Section("dates", _("Expected dates"), _("When you expect to publish each of them.")),
            Section("audience", _("Audience and channels"), required=False),
        ),
    ),
    3: BijlageDefinition(
        kind=3,
        title=_("Appendix 3. GDPR legal basis and purpose"),
        short_title=_("Appendix 3 - GDPR legal basis"),
        sections=(
            Section(
                "legal_basis",
                _("Legal basis for processing"),
                _("The basis under Article 6 GDPR (and Article 9 for special categories)."),
            ),
            Section(
                "purpose",
                _("Purpose of processing"),
                _("The specific, explicit and legitimate purpose of this research."),
            ),
            Section("own_data", _("Own data brought into the RA environment"), required=False),
            Section("safeguards", _("Safeguards and data minimisation")),
        ),
    ),
}
