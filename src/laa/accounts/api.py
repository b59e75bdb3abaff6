"""A person's own API tokens: create, list, revoke."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status
from pydantic import Field

from laa.accounts import actions
from laa.accounts.api_auth import signed_in
from laa.accounts.models import ApiToken
from laa.presentation.api_schemas import ERRORS

router = Router(tags=["account"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewToken(Schema):
    # The action checks the name (and says what is wrong, 400); the document states the same rule.
    name: str = Field(
        description="A name to tell the token apart: 1 to 100 characters, not only spaces",
        json_schema_extra={"minLength": 1, "maxLength": 100, "pattern": r"\S"},
    )


class IssuedToken(TokenOut):
    key: str


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, auth=signed_in, summary="Your tokens")
def list_tokens(request):
    return list(ApiToken.objects.visible_to(request.user))


@router.post("/tokens", response={201: IssuedToken, **ERRORS}, auth=signed_in, summary="Create a token (its key is shown once)")
def create_token(request, payload: NewToken):
    try:
        token, key = actions.create_token(user=request.user, name=payload.name)
    except actions.TokenError as exc:
        return Status(400, {"detail": str(exc)})
    data = TokenOut.from_orm(token).dict()
    return Status(201, {**data, "key": key})


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, **ERRORS}, auth=signed_in, summary="Revoke a token")
def revoke_token(request, token_id: int):
    try:
        return actions.revoke_token(user=request.user, token_id=token_id)
    except actions.TokenError as exc:
        return Status(404, {"detail": str(exc)})
