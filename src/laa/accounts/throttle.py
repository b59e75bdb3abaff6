"""Sign-in throttling, with django-axes: the client's address, the lockout page and its
audit event. The limits are settings (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME, from
LAA_SIGN_IN_FAILURES and LAA_SIGN_IN_LOCKOUT_MINUTES); a lockout counts failures per
user name and, separately, per address."""

from __future__ import annotations

import math
from datetime import datetime

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Max, Q
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from laa.accounts.models import User
from laa.audit.trail import record


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from. Behind LAA_PROXY_COUNT reverse proxies it is the
    entry of X-Forwarded-For the outermost of them wrote; anything further left was
    written by the client and is not believed. Without proxies, the connection's own."""
    proxies = settings.LAA_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote  # fewer hops than proxies: the header was not written by them
    return forwarded[-proxies]


def locked_until(username: str | None, address: str | None) -> datetime:
    """When sign-in opens again: the lockout time after the last failure counted."""
    where = Q(ip_address=address) if address else Q()
    if username:
        where |= Q(username=username)
    last = AccessAttempt.objects.filter(where).aggregate(last=Max("attempt_time"))["last"] if where else None
    return (last or timezone.now()) + settings.AXES_COOLOFF_TIME


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials: dict | None = None):
    """The answer to a sign-in while locked out: 429, when to try again, Retry-After."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    until = locked_until(username, getattr(request, "axes_ip_address", None))
    seconds = max(60, math.ceil((until - timezone.now()).total_seconds()))
    minutes = math.ceil(seconds / 60)
    local = timezone.localtime(until)
    when = f"{local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"  # GOV.UK style: 5:30pm
    if request.path.startswith("/api/"):
        answer: HttpResponse = JsonResponse(
            {"detail": f"Too many failed sign-ins. Try again after {when}."}, status=429)
    else:
        answer = render(request, "accounts/locked_out.html", {
            "title": "You cannot sign in at the moment",
            "when": when,
            "minutes": minutes,
            "failures": settings.AXES_FAILURE_LIMIT,
        }, status=429)
    answer["Retry-After"] = str(seconds)
    return answer


@receiver(user_locked_out)
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """Each refused sign-in of a locked-out user name or address goes on the audit trail,
    against the account when there is one, else against the failed attempts' record."""
    instance = User.objects.filter(username=username).first() if username else None
    if instance is None:
        instance = (
            AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=ip_address))
            .order_by("-attempt_time").first()
        )
    if instance is None:
        return
    record(
        actor=f"sign-in from {ip_address or 'an unknown address'}",
        action="sign-in-locked-out",
        instance=instance,
        before=None,
        after={"username": username, "address": ip_address},
        reason=(
            f"{settings.AXES_FAILURE_LIMIT} or more failed sign-ins for this user name or from "
            f"this address: sign-in refused for {int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} minutes"
        ),
    )
