"""Rate limits for the public account request form, kept in the cache (shared by app servers).

A fixed window per client IP and per email address. Only submissions count; a throttled
visitor gets the form back with everything typed and a message saying when to try again.
"""

import hashlib
import math
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache

# (number of submissions, window in seconds)
PER_IP = (20, 3600)
PER_EMAIL = (3, 3600)


def _key(kind: str, value: str, window: int) -> tuple[str, int]:
    now = int(time.time())
    start = now - now % window
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"accounts:request:{kind}:{digest}:{start}", start + window - now


def _consume(kind: str, value: str, limit: tuple[int, int]) -> int | None:
    """Count one submission; seconds to wait when over the limit, else None."""
    allowed, window = limit
    key, remaining = _key(kind, value, window)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return remaining if count > allowed else None


def client_address(request) -> str:
    """THE client address of every rate limit: allauth's, so that ours key on the same one.

    Behind ALLAUTH_TRUSTED_PROXY_COUNT proxies of ours it is the address the outermost of them
    put in X-Forwarded-For (not the proxy's own, shared by every client); else REMOTE_ADDR.
    """
    return get_adapter(request).get_client_ip(request)


def account_request_wait_minutes(request, email: str) -> int | None:
    """Count this submission; minutes to wait if it is one too many, else None."""
    ip = client_address(request)
    waits = [_consume("ip", ip, PER_IP)]
    if email:
        waits.append(_consume("email", email, PER_EMAIL))
    waits = [wait for wait in waits if wait is not None]
    if not waits:
        return None
    return max(1, math.ceil(max(waits) / 60))


# --- Wrong passwords for one account (the login and every re-authentication) ------------------
# From one address, allauth's "login_failed" limit per key (ACCOUNT_RATE_LIMITS: 5 a minute)
# pauses that account for that address only (accounts.adapters makes the key account+address),
# so nobody can keep the owner out from elsewhere. The whole account pauses only when wrong
# passwords come from several addresses: ACCOUNT_LOCK_FAILURES within ACCOUNT_LOCK_WINDOW
# seconds from at least ACCOUNT_LOCK_ADDRESSES addresses; it opens again as they age out.
ACCOUNT_LOCK_FAILURES = 10
ACCOUNT_LOCK_ADDRESSES = 3
ACCOUNT_LOCK_WINDOW = 15 * 60
# The owner is mailed when a pause begins, at most once in this many seconds.
LOCKOUT_MAIL_INTERVAL = 3600


def _account_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _recent_failures(email: str) -> list[tuple[float, str]]:
    since = time.time() - ACCOUNT_LOCK_WINDOW
    history = cache.get(f"accounts:login-failures:{_account_digest(email)}", [])
    return [(at, address) for at, address in history if at > since]


def account_locked(email: str) -> bool:
    """Is sign-in to this account paused for every address (failures from several)?"""
    failures = _recent_failures(email)
    addresses = {address for _at, address in failures}
    return len(failures) >= ACCOUNT_LOCK_FAILURES and len(addresses) >= ACCOUNT_LOCK_ADDRESSES


def login_failure_record(request, email: str) -> None:
    """Count a wrong password for ``email`` from this request's client address."""
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:16]
    failures = [*_recent_failures(email), (time.time(), address)]
    key = f"accounts:login-failures:{_account_digest(email)}"
    cache.set(key, failures[-4 * ACCOUNT_LOCK_FAILURES :], timeout=ACCOUNT_LOCK_WINDOW)


def lockout_mail_due(email: str) -> bool:
    """True once per LOCKOUT_MAIL_INTERVAL for an account: may its owner be told now?"""
    key = f"accounts:lockout-mail:{_account_digest(email)}"
    return cache.add(key, 1, timeout=LOCKOUT_MAIL_INTERVAL)


def personal_download_wait_minutes(user) -> int | None:
    """ "Mijn gegevens downloaden": count this download; minutes to wait if it is one too many
    (``PERSONAL_DOWNLOADS_PER_HOUR`` per account), else None."""
    from django.conf import settings

    wait = _consume("download", str(user.pk), (settings.PERSONAL_DOWNLOADS_PER_HOUR, 3600))
    return None if wait is None else max(1, math.ceil(wait / 60))


def consume(kind: str, value: str, limit: tuple[int, int]) -> int | None:
    """Count one use of ``value`` under ``kind`` against ``limit`` (number, window in seconds):
    seconds to wait when it is one too many, else None. The portal's one fixed-window counter
    in the shared cache (the account request form, the institutions' API tokens)."""
    return _consume(kind, value, limit)
