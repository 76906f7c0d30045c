"""Results kept in the shared cache until a write forgets them (the unread counts' way, ADR 0022,
for any result computed from what only changes when something is written).

A result is kept under its key together with the *stamps* it was computed under: random values
that live in the cache under stamp keys (one per person, per project, or one for everyone). A
write that changes what the result shows removes the stamps concerned once it has committed
(``forget``); the next read finds another stamp and computes again. A result computed while such
a change commits is kept with the stamp it read, which the change removes: it is never shown.
``also`` adds what else the result depends on (today's date, the language); ``ends`` tells of a
kept value that a moment has passed since (a text published at a set time). With the cache away
every read still answers, computed as if nothing were kept, and a write still stands.
"""

import logging
from collections.abc import Callable, Iterable
from uuid import uuid4

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How long a result is kept at most; the stamps that tell it is still right live longer.
KEEP_SECONDS = 60 * 60
STAMP_SECONDS = 30 * 24 * 60 * 60


def forget(stamp_keys: Iterable[str]) -> None:
    """What was kept under these stamps is computed again on its next read, once the current
    transaction has committed (a read computing before then would keep the old)."""
    keys = sorted(set(stamp_keys))
    if keys:
        # Robust: with the cache away the write stands (Django logs the error), and what the
        # cache kept from before ends within KEEP_SECONDS.
        transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


# A write that changes every person's result forgets this one stamp, beside each person's own.
EVERYONE = "everyone"


def person_stamps(name: str, person_id) -> list[str]:
    """The stamps of a result kept per person under ``name``: the person's and everyone's."""
    return [f"{name}.stamp.{person_id}", f"{name}.stamp.{EVERYONE}"]


def forget_persons(name: str, person_ids) -> None:
    """These persons' results kept under ``name`` (``EVERYONE``: everyone's) are computed again
    on their next read, once the current transaction has committed."""
    if person_ids is EVERYONE:
        forget([f"{name}.stamp.{EVERYONE}"])
    else:
        forget(f"{name}.stamp.{pk}" for pk in person_ids if pk is not None)


def kept(
    key: str,
    compute: Callable[[], object],
    *,
    stamps: Iterable[str],
    also: tuple = (),
    seconds: int = KEEP_SECONDS,
    ends: Callable[[object], bool] | None = None,
):
    """``compute()``, kept under ``key`` with the current values of ``stamps`` and ``also``,
    and computed again when one of them is no longer the same, or ``ends(value)`` is true."""
    stamp_keys = list(stamps)
    try:
        found = cache.get_many([*stamp_keys, key])
        current = []
        for stamp_key in stamp_keys:
            stamp = found.get(stamp_key)
            if stamp is None:
                stamp = uuid4().hex
                if not cache.add(stamp_key, stamp, STAMP_SECONDS):
                    return compute()  # a change came in between: the next read keeps it
            current.append(stamp)
    except RedisError:
        logger.warning("Computed without the cache: it does not answer (%s).", key)
        return compute()
    kept_for = (*current, *also)
    if key in found and found[key][0] == kept_for and not (ends and ends(found[key][1])):
        return found[key][1]
    value = compute()
    try:
        cache.set(key, (kept_for, value), seconds)
    except RedisError:
        logger.warning("Not kept: the cache does not answer (%s).", key)
    return value


def forget_on_writes(models: Iterable, receiver: Callable, dispatch_uid: str) -> None:
    """Call ``receiver(sender=, instance=, **kwargs)`` on each save and delete of a row of these
    models, connected with each model (and its proxies, which send signals as themselves) as the
    sender: every other model keeps Django's fast delete, which a receiver of all senders turns
    off. Not on loaddata's raw saves (a fixture's rows as they are), for every receiver alike.
    From an AppConfig.ready(), when every model is loaded."""

    def written(sender, raw=False, **kwargs):
        if not raw:
            receiver(sender=sender, **kwargs)

    models = set(models)
    for model in apps.get_models():
        if model._meta.concrete_model in models:
            # weak=False: ``written`` lives only in the signals (dispatch_uid: connected once).
            post_save.connect(written, sender=model, dispatch_uid=dispatch_uid, weak=False)
            post_delete.connect(written, sender=model, dispatch_uid=dispatch_uid, weak=False)
