"""Demo data of this app (idempotent). Extended by the issue that builds the app."""


def load(stdout) -> None:
    return None
