import io
from decimal import Decimal

import pypdf
import pytest
from django.utils import translation

from portal.templatetags.portal import money
from requests_inbox import pdf
from requests_inbox.models import CostLine, CostOverview
from requests_inbox.services import cost_overview_render_pdf
from tests.factories import ActionFactory, CostLineFactory
from tests.requests_inbox.conftest import add_mockup_lines

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [page.extract_text() for page in reader.pages]


def test_cost_overview_pdf_reads_back(project):
    overview = CostOverview.objects.create(project=project)
    add_mockup_lines(overview)
    content = cost_overview_render_pdf(overview=overview)
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    (text,) = pdf_text(content)
    flat = " ".join(text.split())
    assert "Bijlage 4 Kostenoverzicht" in flat
    assert f"Projectnummer: {project.number}" in flat or (
        "Projectnummer:" in flat and str(project.number) in flat
    )
    assert "Titel van het project:" in flat and "Demo projectaanvraag" in flat
    assert "jaarlijks per 1 januari herzien" in flat
    for header in ("Type", "Omschrijving", "Aantal", "Prijs per eenheid (€)", "Regelbedrag (€)"):
        assert header in flat
    assert "Opstarten nieuw project 1,00 1.850,00 1.850,00" in flat
    assert "Dienst serviceportal 1,00 0,00 0,00" in flat
    assert "Tekst item" in flat
    assert "Ondersteunen lopend project - bestanden 1,00 18,00 18,00" in flat
    assert "4,00 140,00 560,00" in flat
    assert "Totaal (€) 2.428,00" in flat
    assert "1 / 1" in flat


def test_long_overview_numbers_its_pages(project):
    overview = CostOverview.objects.create(project=project)
    for n in range(70):
        CostLineFactory(overview=overview, position=n, description=f"Regel {n}",
                        quantity="1.00", unit_price="10.00")  # fmt: skip
    pages = pdf_text(cost_overview_render_pdf(overview=overview))
    assert len(pages) >= 2
    assert f"1 / {len(pages)}" in pages[0]
    assert f"2 / {len(pages)}" in pages[1]
    assert "700,00" in " ".join(pages[-1].split())


def test_blank_forms_name_the_person(leader):
    for kind, title in (("confidentiality", "Geheimhoudingsverklaring"),
                        ("new_contact_person", "Nieuw contactpersoon")):  # fmt: skip
        action = ActionFactory(person=leader.person, kind=kind)
        flat = " ".join(" ".join(pdf_text(pdf.blank_form_pdf(action))).split())
        assert title in flat
        assert "Piet Bakker" in flat
        assert "Handtekening" in flat


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "price", "amount"),
    [
        ("1", "1850.00", "1850.00"),
        ("4", "140.00", "560.00"),
        ("0.33", "0.05", "0.02"),  # 0.0165 rounds half up
        ("2.50", "0.03", "0.08"),  # 0.075 rounds half up, not to even
        ("0.10", "0.10", "0.01"),
        ("3", "0.10", "0.30"),  # a float would give 0.30000000000000004
    ],
)
def test_line_amount_is_exact(quantity, price, amount):
    line = CostLine(quantity=Decimal(quantity), unit_price=Decimal(price))
    assert isinstance(line.amount, Decimal)
    assert line.amount == Decimal(amount)
    assert str(line.amount) == amount


def test_total_is_the_sum_of_rounded_lines(project):
    overview = CostOverview.objects.create(project=project)
    for _ in range(3):
        CostLineFactory(overview=overview, quantity="0.10", unit_price="0.10")
    add_mockup_lines(overview)
    assert overview.total == Decimal("2428.03")
    assert isinstance(overview.total, Decimal)
    overview.refresh_from_db()
    fresh = CostOverview.objects.get(pk=overview.pk)
    assert fresh.total == Decimal("2428.03")


def test_total_of_an_empty_overview(project):
    assert CostOverview.objects.create(project=project).total == Decimal("0.00")


def test_money_is_dutch_by_default_and_english_in_english():
    assert money(Decimal("1850")) == "1.850,00"
    assert money(Decimal("2428.00")) == "2.428,00"
    assert money(Decimal("0")) == "0,00"
    with translation.override("en"):
        assert money(Decimal("1850")) == "1,850.00"
