"""Who may see, sign and download a project agreement.

The signing action belongs to its addressee (requests_inbox.view_action); signing itself needs a
current, entitled Tekenbevoegde of the project's own institution (agreements.services). The
signed agreement is served to the project's team; CBS downloads it in the admin.
"""

from agreements.models import Agreement, AgreementStatus
from portal.permissions import has_permission, rule


@rule("agreements.sign")
def can_sign(user, agreement) -> bool:
    from agreements.services import may_sign

    return isinstance(agreement, Agreement) and may_sign(user, agreement)


@rule("agreements.download_signed")
def can_download_signed(user, agreement) -> bool:
    return (
        isinstance(agreement, Agreement)
        and agreement.status == AgreementStatus.COUNTERSIGNED
        and bool(agreement.signed_pdf)
        and has_permission(user, "projects.view_documents", agreement.project)
    )
