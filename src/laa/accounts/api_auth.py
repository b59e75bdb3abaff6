"""API authentication: a bearer token for machines, or the browser's session."""

from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from laa.accounts.models import ApiToken


def bearer_token(request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, read the same way by every
    endpoint, public or signed in: the scheme in any case, then one or more spaces (RFC
    6750), the token without surrounding spaces ("" if there is none). None when there is
    no such header or it names another scheme."""
    parts = request.headers.get("Authorization", "").split(maxsplit=1)
    if not parts or parts[0].lower() != "bearer":
        return None
    return parts[1].strip() if len(parts) == 2 else ""


class TokenAuth(HttpBearer):
    def __call__(self, request):
        token = bearer_token(request)
        return None if token is None else self.authenticate(request, token)

    def authenticate(self, request, token: str):
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class OptionalAuth:
    """Public endpoints: read as the token's or session's user when there is one,
    else as an anonymous resident."""

    def __call__(self, request):
        token = bearer_token(request)
        if token is not None:
            user = ApiToken.authenticate(token)
            if user is None:
                return None  # a wrong token is refused, not read as anonymous
            request.user = user
        return True


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser's session (with its CSRF token on writes). Only when the
    request carries no bearer token and the session is signed in: a machine with a
    wrong or revoked token gets 401, not a CSRF 403, and is not read as the session."""

    def _get_key(self, request):
        if "Authorization" in request.headers or not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        return request.user if key is not None else None


token_auth = TokenAuth()
session_auth = BrowserSessionAuth()
signed_in = [token_auth, session_auth]
public = [OptionalAuth()]
