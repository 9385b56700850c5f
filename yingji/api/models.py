"""API tokens for integrations: only a SHA-256 digest and a short visible prefix are stored."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "yj_"  # noqa: S105 - a public marker, not a secret
# The visible part: "yj_" plus 8 characters of the secret, enough to tell tokens apart in a list.
VISIBLE_LENGTH = len(TOKEN_PREFIX) + 8


def token_digest(raw: str) -> str:
    # Tokens carry ~256 bits of randomness, so an unsalted fast hash is enough and keeps lookup indexed.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token acting as its user; revoked tokens stay for the record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=100, blank=True)
    prefix = models.CharField(_("前缀"), max_length=VISIBLE_LENGTH, db_index=True, editable=False)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最后使用时间"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("访问令牌")
        verbose_name_plural = _("访问令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})" if self.name else f"{self.prefix}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
