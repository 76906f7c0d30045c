"""Demo data of the portal itself: CBS's digest of what the demo's customers did, sent once, so
the admin's "Verzamelmails aan CBS" shows one without waiting for ``send_cbs_digest``."""

from portal.digest import send_cbs_digest


def load(stdout) -> None:
    """After every app's demo data: the digest run as the scheduler would (idempotent)."""
    sent = send_cbs_digest()
    if sent:
        stdout.write(f"Digest mails to CBS: {sent}.")
