"""Writes on people and their tokens, each in one transaction with its audit event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from laa.accounts.models import ApiToken, User
from laa.audit.trail import record, snapshot
from laa.permissions import require


class TokenError(ValueError):
    pass


def create_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    require(user, "accounts.manage_own_tokens", refusal="Sign in to manage your API tokens")
    name = name.strip()
    if not name:
        raise TokenError("Enter a name for the token, so you can tell it apart later")
    if len(name) > 100:
        raise TokenError("The token's name must be 100 characters or fewer")
    with transaction.atomic():
        token, key = ApiToken.issue(user=user, name=name)
        record(actor=user, action="create-token", instance=token, before=None)
    return token, key


def revoke_token(*, user: User, token_id: int) -> ApiToken:
    require(user, "accounts.manage_own_tokens", refusal="Sign in to manage your API tokens")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None:
            raise TokenError("There is no such token of yours")
        if token.revoked_at is None:
            before = snapshot(token)
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record(actor=user, action="revoke-token", instance=token, before=before)
    return token
