"""The negotiation pages of one agreement: its overview, the thread of each target and
priority outcome (with the forms of the side whose move it is), its meetings, champions
and the area's timetable. The dashboards are their own app (`laa.dashboards`).

Every record is found through the negotiation scopes (`laa.negotiation.scopes`): outside
the reader's scope it is a 404; in scope but not theirs to write, a 403. Permissions are
asked of the rules predicates directly (`rules.has_perm`): an administrator reads every
negotiation but speaks for neither side.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from laa.catalogue.models import Department, IndicatorDefinition, Round
from laa.domain.composition import agreement_years
from laa.domain.negotiation import EntryKind, ThreadKind
from laa.domain.signoff_locks import negotiation_locked_message
from laa.negotiation import actions, entries, presenters, stamps, threads
from laa.negotiation.models import Meeting
from laa.negotiation.scopes import (
    Subject,
    agreements_visible_to,
    outcomes_visible_to,
    reads_advice,
    speaking_side,
    targets_visible_to,
)
from laa.presentation import fragments
from laa.presentation import presenters as web_presenters


class SignInNeeded(Exception):
    pass


def page(view):
    """An anonymous visitor is sent to sign in; nobody else is told a record exists."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except SignInNeeded:
            return redirect_to_login(request.get_full_path())

    return wrapper


def current_round_id(user) -> Subquery:
    """The current round, as a subquery (one query fewer on every page)."""
    return Subquery(Round.objects.visible_to(user).order_by("-year").values("pk")[:1])


def agreement_in_scope(request, area_code: str):
    agreement = (
        agreements_visible_to(request.user)
        .select_related("area", "area__region", "round")
        .filter(area__code=area_code, round=current_round_id(request.user))
        .first()
    )
    if agreement is None:
        raise Http404("No agreement in negotiation that you may see for this area")
    return agreement


def years_of(agreement) -> tuple[str, ...]:
    return agreement_years(agreement.period_start, agreement.period_end) or ("2008/09", "2009/10", "2010/11")


def crumbs(agreement=None, *extra: tuple[str, str]) -> list[dict[str, str]]:
    out = [{"text": "Home", "href": "/"}]
    if agreement is not None:
        out.append({"text": f"Negotiation: {agreement.area.name}",
                    "href": reverse("negotiation:agreement", args=[agreement.area.code])})
    out += [{"text": t, "href": h} for t, h in extra]
    return out


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    return web_presenters.error_list(
        errors, {n: n.replace(".", "-").replace("[", "-").replace("]", "") for n in errors})


def thread_error_list(errors: dict[str, str], form_kind: str) -> list[dict[str, str]]:
    """The thread page's forms share field names (text, on_behalf_of): their ids carry the form."""
    prefixed = {"text", "on_behalf_of", "meeting"}
    return web_presenters.error_list(errors, {n: f"{form_kind}-{n}" for n in prefixed})


_DEPARTMENTS: tuple[float, list] = (0.0, [])


def department_choices(user) -> list[tuple[str, str]]:
    """The departments (reference data), read at most once a minute by each process."""
    global _DEPARTMENTS
    now = time.monotonic()
    if now - _DEPARTMENTS[0] > 60:
        _DEPARTMENTS = (now, list(Department.objects.visible_to(user).order_by("name").values_list("code", "name")))
    return _DEPARTMENTS[1]


def indicator_title(user, indicator_id: int) -> str:
    return (IndicatorDefinition.objects.visible_to(user).filter(indicator_id=indicator_id, is_current=True)
            .values_list("title", flat=True).first() or "")


# ---- a thread ----------------------------------------------------------------------------


@page
@require_http_methods(["GET", "POST"])
def target_thread(request, area_code: str, target_id: int):
    def subject() -> Subject:
        agreement = agreement_in_scope(request, area_code)
        target = (_targets_shown(request.user).select_related("indicator")
                  .filter(pk=target_id, agreement=agreement).first())
        if target is None:
            raise Http404("No target you may see in this agreement")
        return Subject(agreement, target=target)

    key = None
    if request.method == "GET":
        # What the page shows of the target and its agreement, and everything who-may-
        # see-and-write is decided from (the reader is in the kept page's key): one query,
        # scoped as `subject()` is, its SQL built once per reader and target.
        user = request.user
        shown = fragments.first_row(("negotiation-target", fragments.reader(request), area_code, target_id), lambda: (
            _targets_shown(user).filter(
                pk=target_id, agreement__in=agreements_visible_to(user).filter(
                    area__code=area_code, round=current_round_id(user)))
            .values_list("pk", "version", "category", "indicator_id", "indicator_title", "indicator_places", "indicator_department",
                         "agreement_id", "agreement__state", "agreement__period_start", "agreement__period_end",
                         "agreement__area_id", "agreement__area__region_id")))
        if shown is None:
            raise Http404("No target you may see in this agreement")
        key = ("thread", stamps.thread_stamp(target_id=target_id, agreement_id=shown[7]), shown)
    return thread_page(request, subject, key)


def _targets_shown(user):
    """The targets whose thread the user reads, with their indicator's current title,
    decimal places and department (who advises on it)."""
    current = IndicatorDefinition.objects.visible_to(user).filter(indicator_id=OuterRef("indicator_id"), is_current=True)
    return targets_visible_to(user).annotate(
        indicator_title=Subquery(current.values("title")[:1]),
        indicator_places=Subquery(current.values("decimal_places")[:1]),
        indicator_department=Subquery(current.values("department_id")[:1]))


@page
@require_http_methods(["GET", "POST"])
def outcome_thread(request, area_code: str, outcome_id: int):
    agreement = agreement_in_scope(request, area_code)
    outcome = outcomes_visible_to(request.user).filter(pk=outcome_id, agreement=agreement).first()
    if outcome is None:
        raise Http404("No priority outcome you may see in this agreement")
    subject = Subject(agreement, outcome=outcome)
    return thread_page(request, lambda: subject)


def _post_entry(request, subject: Subject) -> tuple[str, dict]:
    """Record the posted move; returns ("done" | "errors" | "refused" | "stale", details)."""
    post = request.POST
    kind = post.get("kind", "")
    if kind == "advice":
        if not rules.has_perm("negotiation.advise", request.user, subject):
            raise PermissionDenied("Only the department whose indicator the target is on advises on it")
        try:
            actions.give_advice(actor=request.user, subject=subject, text=post.get("advice", ""))
        except actions.NegotiationError as exc:
            return "errors", exc.problems
        return "done", {"message": "Your advice was sent to the Government Office.", "anchor": ""}
    if not rules.has_perm("negotiation.speak", request.user, subject):
        raise PermissionDenied("You do not speak for either side in this negotiation")
    try:
        seen = int(post.get("seen", ""))
    except ValueError:
        return "errors", {"seen": "The form is missing the thread's state: reload the page and answer again"}
    proposal = None
    if kind == EntryKind.ACCEPT:
        try:
            proposal = int(post.get("proposal", ""))
        except ValueError:
            return "errors", {"proposal": "Say which proposal is accepted"}
    on_behalf_of = None
    if post.get("on_behalf_of"):
        on_behalf_of = Department.objects.visible_to(request.user).filter(code=post["on_behalf_of"]).first()
        if on_behalf_of is None:
            return "errors", {"on_behalf_of": "Choose a department from the list"}
    try:
        entry = actions.add_entry(
            actor=request.user, subject=subject, kind=kind, seen=seen, proposal=proposal,
            on_behalf_of=on_behalf_of, values=post.dict(), rationale=post.get("rationale", ""),
            challenge_reason=post.get("challenge_reason", ""), level=post.get("level", ""),
            text=post.get("text", ""), meeting=post.get("meeting", "") or None,
        )
    except actions.NegotiationError as exc:
        return "errors", exc.problems
    except actions.Refused as exc:
        return "refused", {"message": str(exc)}
    except actions.StaleAnswer as exc:
        return "stale", {"message": str(exc)}
    return "done", {"message": f"Recorded: {entries.describe(entry)}.", "anchor": f"#entry-{entry.sequence}",
                    "notices": getattr(entry, "notices", [])}


def thread_page(request, load_subject: Callable[[], Subject], key: tuple[object, ...] | None = None):
    """A thread's page; `key`: what a GET of it shows, when the view has read it already
    (laa.presentation.fragments.kept_page), else read here from the subject."""
    subject = functools.cache(load_subject)
    errors: dict[str, str] = {}
    posted = None
    banner = None
    status = 200
    form_kind = ""
    if request.method == "POST":
        outcome, details = _post_entry(request, subject())
        form_kind = request.POST.get("kind", "")
        if outcome == "done":
            messages.success(request, details["message"])
            for notice in details.get("notices", ()):
                messages.warning(request, notice)
            return redirect(request.path + details["anchor"])
        posted = request.POST
        status = 409 if outcome == "stale" else 400
        if outcome == "errors":
            errors = details
        else:
            banner = {"title": "Your answer was not saved" if outcome == "stale" else "This cannot be recorded",
                      "text": details["message"]}
    user = request.user
    if status != 200:
        key = None
    elif key is None:
        # What the content shows: the thread's state, the outcome and its agreement.
        agreement, outcome_record = subject().agreement, subject().outcome
        key = ("thread", stamps.thread_stamp(outcome_id=outcome_record.pk, agreement_id=agreement.pk),
               (outcome_record.pk, outcome_record.title, outcome_record.theme),
               agreement.pk, agreement.state, agreement.period_start, agreement.period_end)

    def context() -> dict:
        return thread_context(request, threads.load(user, subject()), errors, posted, banner, form_kind)

    def page_context() -> dict:
        # The main part is shared by readers with the same side and what they may see and write.
        readers = None if key is None else (*key, str(speaking_side(user, subject()) or ""),
                                            reads_advice(user, subject()),
                                            rules.has_perm("negotiation.advise", user, subject()))
        return {"title": thread_title(user, subject()), "has_error": status != 200,
                "breadcrumbs": crumbs(subject().agreement),
                "main_html": fragments.fragment(request, "negotiation/_thread_main.html", readers, context)}

    if status != 200:
        return render(request, "negotiation/thread.html", page_context(), status=status)
    return fragments.kept_page(request, "negotiation/thread.html", key, page_context)


def thread_title(user, subject: Subject) -> str:
    target = subject.target
    if target is None:
        return subject.outcome.title
    title = getattr(target, "indicator_title", None) or indicator_title(user, target.indicator_id)
    return f"{target.indicator.code}: {title}"


def thread_context(request, view: threads.ThreadView, errors, posted, banner, form_kind) -> dict:
    subject, state, kind = view.subject, view.state, view.kind
    agreement = subject.agreement
    years = years_of(agreement)
    sequence_of = {r.pk: r.sequence for r in view.rows}
    places = getattr(subject.target, "indicator_places", None)  # the indicator's decimal places
    labels = presenters.proposal_labels(view.rows)
    items = [presenters.entry_item(r, kind=kind, years=years, state=state, sequence_of=sequence_of, places=places,
                                   labels=labels)
             for r in view.rows]
    if subject.target is not None:
        decisions = subject.target.meeting_decisions.select_related("meeting")
    else:
        decisions = subject.outcome.meeting_decisions.select_related("meeting")
    items += [presenters.decision_item(d) for d in decisions]
    if view.thread is not None and reads_advice(request.user, subject):
        items += [presenters.advice_item(a) for a in view.thread.advice.select_related("department")]
    items.sort(key=lambda i: i["at_iso"])
    target = subject.target
    title = thread_title(request.user, subject)
    if target is not None:
        current = presenters.values_rows(
            {"baseline": {"value": target.baseline_value, "period": target.baseline_period},
             "targets": target.yearly, "category": target.category,
             "partners": [p.name for p in target.partners.all()]}, kind, years, places)
        base_values = state.open_proposal.values if state.open_proposal else {
            "baseline": {"value": target.baseline_value, "period": target.baseline_period},
            "targets": target.yearly, "category": target.category,
            "partners": [p.name for p in target.partners.all()]}
    else:
        current = presenters.values_rows({"title": subject.outcome.title, "theme": subject.outcome.theme}, kind, years)
        base_values = state.open_proposal.values if state.open_proposal else {
            "title": subject.outcome.title, "theme": subject.outcome.theme}
    moves = view.moves
    open_sequence = state.open_proposal.entry_id[1:] if state.open_proposal else ""
    open_id = labels.get(state.open_proposal.entry_id, "") if state.open_proposal else ""
    propose_kind = (EntryKind.COUNTER_PROPOSAL if EntryKind.COUNTER_PROPOSAL in moves
                    else EntryKind.PROPOSAL if EntryKind.PROPOSAL in moves else None)
    form = presenters.proposal_form(base_values, kind, years, posted if form_kind in ("proposal", "counter_proposal") else None)
    other_moves = [
        {"kind": k.value, "label": label, "hint": hint}
        for k, label, hint in (
            (EntryKind.MOVE_TO_LOCAL, "Move to the local targets",
             "The target leaves the designated targets and becomes a local target."),
            (EntryKind.PLACEHOLDER, "Agree as a placeholder",
             "The target is set at the first annual review (D5)."),
            (EntryKind.WITHDRAW, "Withdraw from the negotiation", "Only the side that opened it may withdraw it."),
            (EntryKind.REOPEN, "Reopen the negotiation", "Give the reason it must be negotiated again."),
        )
        if k in moves
    ]
    advise = bool(rules.has_perm("negotiation.advise", request.user, subject))
    area = agreement.area
    return {
        "title": title,
        "caption": f"{area.name}: negotiation of a {'priority outcome' if kind is ThreadKind.PRIORITY_OUTCOME else 'target'}",
        "area": area,
        "agreement": agreement,
        "subject_label": subject.label,
        "kind_label": {ThreadKind.TARGET: "Target", ThreadKind.STATUTORY_TARGET: "Statutory education target (DCSF)",
                       ThreadKind.PRIORITY_OUTCOME: "Priority outcome"}[kind],
        "status": presenters.status_tag(state.status.value if state.status else ""),
        "dispute": presenters.dispute_tag(state.escalation_level.value if state.dispute_open and state.escalation_level else ""),
        "turn": presenters.turn_text(state, kind, view.side,
                                     negotiation_locked_message(agreement.state, area.name), labels),
        "dispute_text": presenters.dispute_text(state, state.last_resolution),
        "current": current,
        "current_heading": "The target in the agreement now" if target is not None else "The outcome in the agreement now",
        "items": items,
        "side": view.side.value if view.side else "",
        "seen": view.seen,
        "can_accept": EntryKind.ACCEPT in moves,
        "open_id": open_id,
        "open_sequence": open_sequence,
        "propose_kind": propose_kind.value if propose_kind else "",
        "propose_label": ("Counter-propose" if propose_kind is EntryKind.COUNTER_PROPOSAL
                          else "Revise your proposal" if open_id else "Make a proposal"),
        "form": form,
        "is_outcome": kind is ThreadKind.PRIORITY_OUTCOME,
        "category_items": presenters.category_items(kind, form.get("category", "")),
        "can_challenge": EntryKind.CHALLENGE in moves,
        "challenge_items": presenters.challenge_items(posted.get("challenge_reason", "") if posted and form_kind == "challenge" else ""),
        "can_escalate": EntryKind.ESCALATE in moves,
        "escalation_items": presenters.escalation_items(
            state, posted.get("level", "") if posted and form_kind == "escalate" else "",
            threads.next_level(view.rows, state) if EntryKind.ESCALATE in moves else None),
        "can_resolve": EntryKind.RESOLVE in moves,
        "other_moves": other_moves,
        "departments": department_choices(request.user) if view.side is not None and view.side.value == "government" else [],
        "meetings": ([(m.pk, str(m)) for m in Meeting.objects.visible_to(request.user).filter(agreement=agreement)]
                     if view.side is not None else []),
        "posted_meeting": posted.get("meeting", "") if posted else "",
        "can_advise": advise,
        "form_kind": form_kind,
        "posted_text": posted.get("text", "") if posted else "",
        "posted_advice": posted.get("advice", "") if posted else "",
        "errors": errors,
        "error_list": thread_error_list(errors, form_kind),
        "banner": banner,
        "agreement_href": reverse("agreements:target", args=[area.code, target.pk]) if target is not None else None,
        "signoff_href": reverse("signoff:agreement", args=[area.code]),
        "breadcrumbs": crumbs(agreement),
    }

