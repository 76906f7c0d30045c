"""What agreements holds about people (the register of personal data, ``portal.privacy``): the
project agreement with its signatures. A signed agreement is a contract CBS keeps
``AGREEMENT_YEARS`` after the project's end; one never signed goes with the archive."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementSignature, AgreementStatus
from portal.privacy import (
    Export,
    Kind,
    Removal,
    delete_files_on_commit,
    record_removal,
    register,
    rows,
)
from projects.models import Project

SIGNED = (AgreementStatus.SIGNED, AgreementStatus.COUNTERSIGNED)


def _remove(agreements) -> Removal:
    files = [f for a in agreements.only("pdf", "signed_pdf") for f in (a.pdf, a.signed_pdf)]
    count = AgreementSignature.objects.filter(agreement__in=agreements).delete()[0]
    for agreement in agreements:
        agreement.actions.clear()
    count += agreements.delete()[0]
    return Removal(count, files)


def _unsigned_archive_end(project) -> Removal:
    return _remove(Agreement.objects.filter(project=project).exclude(status__in=SIGNED))


def _contracts_expire(today) -> int:
    """Signed agreements of projects that closed more than ``AGREEMENT_YEARS`` ago: one
    transaction and one event per project."""
    years = settings.AGREEMENT_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    due = Agreement.objects.filter(status__in=SIGNED, project__closed_on__lt=cutoff)
    count = 0
    for project_id in sorted(set(due.values_list("project_id", flat=True))):
        with transaction.atomic():
            removal = _remove(due.filter(project_id=project_id))
            delete_files_on_commit(removal.files)
            record_removal(
                what="agreements", count=removal.count, project=Project.objects.get(pk=project_id)
            )
            count += removal.count
    return count


def _signatures_export(person) -> Export:
    signatures = AgreementSignature.objects.filter(person=person).order_by("signed_at")
    data = rows(
        signatures, "agreement__project__number", "agreement__status", "signed_at",
        "signed_name", "document_hash", "client_address",
    )  # fmt: skip
    files = []
    for signature in signatures.select_related("agreement"):
        agreement = signature.agreement
        document = agreement.signed_pdf or agreement.pdf
        if document:
            files.append(
                (f"agreements/{agreement.pk}-{document.name.rsplit('/', 1)[-1]}", document)
            )
    return Export(data, files)


register(
    Kind(
        key="agreements",
        models=("agreements.Agreement", "agreements.AgreementSignature"),
        what=_(
            "Project agreements and their signatures: the name you signed with, when, and the "
            "address you signed from"
        ),
        purpose=_("The contract between CBS and the institution about the project"),
        retention=_(
            "A signed agreement is a contract, kept %(period)s years after the project's end; "
            "an agreement never signed is removed at the end of the archive period."
        ),
        period="AGREEMENT_YEARS",
        recipients=_("The project's team and the signatories of the institution"),
        order=500,
        archive_end=_unsigned_archive_end,
        expire=_contracts_expire,
        export=_signatures_export,
    )
)

register.no_personal_data("agreements.AgreementText", why="The texts of the agreement.")
