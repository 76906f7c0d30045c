"""The agreement's PDF, made by portal.pdf (WeasyPrint with the static-only fetcher).

The body (project, team, Bijlagen 1-3 as finalized, the agreed Bijlage 4 and CBS's text) is
rendered once, when sent, and kept: the PDF, the signed PDF and the hash all come from that
frozen body, so a later change to the project never changes what was signed.
"""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from portal.pdf import PDF_LANGUAGE, render_pdf
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.models import BijlageStatus, Role

ROLE_ORDER = [Role.LEADER, Role.SIGNATORY, Role.RESEARCHER_PLUS, Role.RESEARCHER, Role.VIEWER]


def _context(agreement, text) -> dict:
    from agreements.services import agreed_cost_overview

    project = agreement.project
    team = sorted(
        project.team.current().select_related("person__institution"),
        key=lambda m: (ROLE_ORDER.index(m.role), m.person.last_name, m.pk),
    )
    bijlagen = []
    for bijlage in project.bijlagen.filter(status=BijlageStatus.FINAL).order_by("kind"):
        definition = BIJLAGE_DEFINITIONS[bijlage.kind]
        bijlagen.append(
            {
                "title": definition.title,
                "sections": [
                    (section.label, bijlage.sections.get(section.key, ""))
                    for section in definition.sections
                ],
            }
        )
    overview = agreed_cost_overview(project)
    lines = list(overview.lines.all()) if overview else []
    return {
        "agreement": agreement,
        "project": project,
        "text": text,
        "leaders": [m for m in team if m.role == Role.LEADER],
        "team": team,
        "bijlagen": bijlagen,
        "overview": overview,
        "lines": lines,
        "total": sum((line.amount for line in lines), Decimal("0.00")),
    }


def agreement_body(agreement, *, text) -> str:
    """The agreement's body as HTML (what is frozen and hashed when sent)."""
    with translation.override(PDF_LANGUAGE):
        return render_to_string("agreements/pdf/body.html", _context(agreement, text))


def agreement_pdf_from_body(body: str, document_hash: str, *, signatures=None, agreement=None):
    return render_pdf(
        "agreements/pdf/document.html",
        {
            "body": body,
            "document_hash": document_hash,
            "signatures": signatures,
            "agreement": agreement,
        },
    )


def signed_agreement_pdf(agreement, signatures) -> bytes:
    """The frozen document with a signature page: each signature and CBS's countersignature."""
    return agreement_pdf_from_body(
        agreement.document_html,
        agreement.document_hash,
        signatures=signatures,
        agreement=agreement,
    )
