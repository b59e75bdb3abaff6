"""People, their scoped role, and their API tokens."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from laa.domain.roles import ROLE_LABELS, Role, required_scope

logger = logging.getLogger(__name__)

# How exactly a token's last use is kept.
LAST_USED_PRECISION = timedelta(hours=1)

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


class User(AbstractUser):
    """A person who signs in. One role, with the scope the role needs."""

    role = models.CharField(max_length=24, choices=ROLE_CHOICES, blank=True)
    area = models.ForeignKey(
        "places.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    region = models.ForeignKey(
        "places.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    department = models.ForeignKey(
        "catalogue.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    organisation = models.ForeignKey(
        "places.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["username"]

    @property
    def role_enum(self) -> Role | None:
        return Role(self.role) if self.role else None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)] if self.role else "No role"

    def clean(self) -> None:
        super().clean()
        if not self.role:
            return
        scope = required_scope(Role(self.role))
        errors = {}
        if scope == "area" and not self.area_id:
            errors["area"] = "A partnership officer or partner must be given an area."
        if scope == "region" and not self.region_id:
            errors["region"] = "A Government Office user must be given a region."
        if scope == "department" and not self.department_id:
            errors["department"] = "A department lead must be given a department."
        if Role(self.role) == Role.PARTNER_AUTHORITY and not self.organisation_id:
            errors["organisation"] = "A partner authority user must be given their organisation."
        if errors:
            raise ValidationError(errors)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def visible_to(self, user) -> ApiTokenQuerySet:
        """A person sees (and revokes) only their own tokens."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user_id=user.pk)

    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A token a machine uses for the API. Only its digest is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        key = "laa_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[4:12], digest=_digest(key))
        return token, key

    @classmethod
    def authenticate(cls, key: str) -> User | None:
        token = cls.objects.active().select_related("user").filter(digest=_digest(key)).first()
        if token is None or not token.user.is_active:
            return None
        token.note_use()
        return token.user

    def note_use(self) -> None:
        """Keep `last_used_at` to the hour. Reading with a token is a read: the write is
        made at most once an hour, and a read never fails because it could not be made
        (the database busy with another's write, say)."""
        now = timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < LAST_USED_PRECISION:
            return
        try:
            with transaction.atomic():  # a savepoint when already in a transaction
                ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
        except DatabaseError:
            logger.warning("API token %s: last use not recorded (database busy)", self.prefix)
