"""API authentication: a bearer token for machines, or the browser's session."""

from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from laa.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class OptionalAuth:
    """Public endpoints: read as the token's or session's user when there is one,
    else as an anonymous resident."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = ApiToken.authenticate(header[7:].strip())
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
