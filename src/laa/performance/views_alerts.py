"""Alerts' pages (issue 13): what the person follows, with a button to stop each, and the
digests sent to them; following from the progress and hub pages (a POST back to the page
it came from). Anyone signed in; each thing followed is checked against its own reading
permission (laa.performance.alerts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from laa import clock
from laa.domain.alerts import FollowKind
from laa.performance import alert_actions
from laa.performance.alert_models import AlertDigest, Following
from laa.presentation.presenters import error_list, govuk_date, plural


def _what(f: Following) -> str:
    if f.kind == FollowKind.TARGET:
        return f"{f.area.name}: target {f.target}"
    if f.kind == FollowKind.AREA:
        return f"{f.area.name}: every target and value"
    return f"{f.indicator.code}: its values in every area you may read"


def _link(f: Following) -> str:
    if f.kind == FollowKind.INDICATOR:
        return reverse("hub:indicator", args=[f.indicator.code])
    return reverse("performance:area", args=[f.area.code])


def _page(request, errors: dict[str, str] | None = None, status: int = 200):
    """The person's followings; `errors`: why what they asked to follow was not (the forms
    that follow are on other pages, so each error leads to the list here)."""
    followings = list(Following.objects.visible_to(request.user).select_related("area", "indicator"))
    digests = list(AlertDigest.objects.visible_to(request.user).exclude(to="").order_by("-day")[:10])
    return render(request, "performance/alerts.html", {
        "title": "What you follow",
        "followings": [{"id": f.pk, "what": _what(f), "href": _link(f), "since": govuk_date(f.followed_on)}
                       for f in followings],
        "count": plural(len(followings), "thing"),
        "digests": [{"day": govuk_date(d.day), "subject": d.subject, "items": d.items, "to": d.to} for d in digests],
        "errors": errors or {}, "error_list": error_list(errors, dict.fromkeys(errors or {}, "followings")), "has_error": bool(errors),
        "breadcrumbs": [{"text": "Home", "href": reverse("home")}],
    }, status=status)


@login_required
@require_GET
def following(request):
    return _page(request)


@login_required
@require_POST
def follow(request):
    post = request.POST
    try:
        followed = alert_actions.follow(actor=request.user, kind=post.get("kind", ""), area=post.get("area", ""),
                                 indicator=post.get("indicator", ""), target=post.get("target", ""),
                                 day=clock.today())
    except alert_actions.FollowError as exc:
        return _page(request, {exc.field: str(exc)}, status=400)
    messages.success(request, f"You follow {_what(followed)}. Changes come in your daily e-mail digest.")
    back = post.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("alerts:following")


@login_required
@require_POST
def unfollow(request, following_id: int):
    alert_actions.unfollow(actor=request.user, following_id=following_id)
    messages.success(request, "You no longer follow that.")
    return redirect("alerts:following")
