"""PDFs of Bijlage 4 Kostenoverzicht and the blank forms of actions (portal.pdf makes them)."""

from decimal import Decimal

from portal.pdf import render_pdf


def cost_overview_pdf(overview) -> bytes:
    lines = list(overview.lines.all())
    return render_pdf(
        "requests_inbox/pdf/cost_overview.html",
        {
            "overview": overview,
            "project": overview.project,
            "lines": lines,
            "total": sum((line.amount for line in lines), Decimal("0.00")),
        },
    )


def blank_form_pdf(action) -> bytes:
    template = {
        "confidentiality": "requests_inbox/pdf/confidentiality_form.html",
        "new_contact_person": "requests_inbox/pdf/contact_person_form.html",
    }[action.kind]
    return render_pdf(template, {"action": action, "person": action.person}, language="nl")
