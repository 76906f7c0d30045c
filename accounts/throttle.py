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


def consume(kind: str, value: str, limit: tuple[int, int]) -> int | None:
    """Count one use of ``value`` under ``kind`` against ``limit`` (number, window in seconds):
    seconds to wait when it is one too many, else None. The portal's one fixed-window counter
    in the shared cache (the account request form, the institutions' API tokens)."""
    return _consume(kind, value, limit)
