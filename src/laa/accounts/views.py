"""Sign in, sign out, and a person's API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from laa.accounts import actions
from laa.accounts.models import ApiToken


@require_http_methods(["GET", "POST"])
def sign_in(request):
    errors: dict[str, str] = {}
    username = ""
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        if not username:
            errors["username"] = "Enter your user name"
        if not password:
            errors["password"] = "Enter your password"
        if not errors:
            user = authenticate(request, username=username, password=password)
            if user is None:
                errors["username"] = "The user name or password is not right"
            else:
                login(request, user)
                if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
                    next_url = ""
                return redirect(next_url or "home")
    status = 400 if errors else 200
    return render(request, "accounts/sign_in.html",
                  {"title": "Sign in", "errors": errors,
                   "error_list": [{"text": v, "href": f"#{k}"} for k, v in errors.items()], "username": username, "next": next_url}, status=status)


@require_POST
def sign_out(request):
    logout(request)
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    error = ""
    new_key = None
    if request.method == "POST":
        try:
            token, new_key = actions.create_token(user=request.user, name=request.POST.get("name", ""))
        except actions.TokenError as exc:
            error = str(exc)
    context = {
        "title": "API tokens",
        "tokens": ApiToken.objects.visible_to(request.user),
        "error": error,
        "new_key": new_key,
    }
    return render(request, "accounts/tokens.html", context, status=400 if error else 200)


@login_required
@require_POST
def revoke_token(request, token_id: int):
    try:
        token = actions.revoke_token(user=request.user, token_id=token_id)
    except actions.TokenError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:tokens")
    messages.success(request, f"Token “{token.name}” revoked")
    return redirect("accounts:tokens")
