"""Project agreements (Voorbereiding): one per project whose costs were agreed."""

from agreements.models import Agreement, AgreementSignature, AgreementStatus, AgreementText
from benchmarks.seed.base import AGREED_STATUSES, SeederBase
from projects.models import Status
from requests_inbox.models import Action, ActionKind
from requests_inbox.services import INITIAL_STATUS


class AgreementSeeder(SeederBase):
    def seed_agreements(self, counts):
        """Awaiting signature in "Overeenkomst ter ondertekening", else signed by a team member
        and countersigned, with the frozen document (a placeholder PDF shared by all rows)."""
        text = AgreementText.objects.filter(version=1).first() or AgreementText.objects.create(
            version=1,
            text="Artikel 1. De microdata alleen voor dit onderzoek.",
            published_at=self.ago(400),
        )
        pdf = self.placeholder("agreements")
        signer = {}
        for member in self.team:
            signer.setdefault(member.project_id, member.person_id)
        agreements = []
        for project in self.projects:
            if project.status not in AGREED_STATUSES:
                continue
            waiting = project.status == Status.AGREEMENT
            agreements.append(
                Agreement(
                    project=project,
                    status=AgreementStatus.TO_SIGN if waiting else AgreementStatus.COUNTERSIGNED,
                    text_version=text,
                    created_by=self.staff,
                    sent_at=self.ago(15),
                    document_html="<p>Projectovereenkomst</p>",
                    document_hash="0" * 64,
                    pdf=pdf,
                    pdf_hash="0" * 64,
                    countersigned_at=None if waiting else self.ago(10),
                    countersigned_by=None if waiting else self.staff,
                    signed_pdf="" if waiting else pdf,
                )
            )
        agreements = self.bulk(Agreement, agreements)
        signatures = self.bulk(
            AgreementSignature,
            [
                AgreementSignature(
                    agreement=agreement,
                    person_id=signer[agreement.project_id],
                    signed_at=self.ago(12),
                    signed_name="Getekend",
                    document_hash="0" * 64,
                    text_version=text,
                    client_address="192.0.2.1",
                )
                for agreement in agreements
                if agreement.status == AgreementStatus.COUNTERSIGNED
                and agreement.project_id in signer
            ],
        )
        # Each agreement awaiting signature waits on an open signing action of its first team
        # member (the benchmark user's own projects in "Overeenkomst ter ondertekening" too).
        to_sign = [
            agreement
            for agreement in agreements
            if agreement.status == AgreementStatus.TO_SIGN and agreement.project_id in signer
        ]
        actions = self.bulk(
            Action,
            [
                Action(
                    person_id=signer[agreement.project_id],
                    kind=ActionKind.AGREEMENT_SIGNING,
                    subject=str(ActionKind.AGREEMENT_SIGNING.label),
                    status=INITIAL_STATUS[ActionKind.AGREEMENT_SIGNING],
                    regarding="Projectovereenkomst",
                    project_id=agreement.project_id,
                    created_at=self.ago(15),
                    created_by=self.staff,
                )
                for agreement in to_sign
            ],
        )
        links = Agreement.actions.through
        self.bulk(
            links,
            [
                links(agreement_id=agreement.pk, action_id=action.pk)
                for agreement, action in zip(to_sign, actions, strict=True)
            ],
        )
        counts["agreement signing actions"] = len(actions)
        counts["agreements"] = len(agreements)
        counts["agreement signatures"] = len(signatures)
