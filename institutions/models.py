"""API tokens of an institution and the calls made with them."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_hash(secret: str) -> str:
    """What is stored of a token: its SHA-256 (the secret is shown once, never kept)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Not revoked and not expired: the one definition of a token that opens the API."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A token for the institution's own systems to read its data through ``/api/v1/``."""

    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, to tell tokens apart (not enough to use one).
    prefix = models.CharField(_("starts with"), max_length=12)
    key_hash = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiCall(models.Model):
    """Every call to the API with a token: when, what, and the answer's status."""

    token = models.ForeignKey(
        ApiToken, verbose_name=_("token"), on_delete=models.CASCADE, related_name="calls"
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        indexes = [models.Index(fields=["token", "at"])]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
