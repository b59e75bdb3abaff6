"""Every query in a page, an API handler, a dashboard or a presenter goes through the model's
one scope, `Model.objects.visible_to(user)` (ADR 0016), or a helper that starts from it
(laa.negotiation.scopes.agreements_visible_to, people_visible_to); never a bare
`Model.objects`. Places and the catalogue are public, so their scopes return every row,
but the query still asks for it through the scope. The role tables below prove what each
role sees."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from laa.accounts.models import ApiToken, User
from laa.accounts.scopes import people_visible_to
from laa.agreements.models import Agreement, Outcome, Target, TargetPartner
from laa.audit.models import AuditEvent
from laa.audit.trail import record
from laa.catalogue.models import Department, IndicatorDefinition, Round, StatutoryIndicator
from laa.negotiation.models import (
    Advice,
    Champion,
    Meeting,
    MeetingDecision,
    MilestoneCompletion,
    NegotiationEntry,
    NegotiationThread,
    RoundMilestone,
)
from laa.places.models import Area, Organisation, Region
from laa.reviews import actions as review_actions
from laa.reviews.models import AgreedAction, Assessment, RefreshProposal, Review, ReviewStatus
from laa.revisions import actions as revision_actions
from laa.revisions.models import Consent, Consultation, Revision, RevisionItem, RevisionStatus
from laa.signoff.models import SignOffStatus

from . import revisions_support
from .conftest import DEMO_USERNAMES
from .matrix_negotiation import build_world
from .reviews_support import assess_all, go, reviewed_kent, start

SRC = Path(__file__).resolve().parents[2] / "src" / "laa"
# The modules that query for a person: each app's pages, API, dashboards and presenters,
# and every module of the dashboards and performance apps.
QUERYING = ("*/views*.py", "*/api*.py", "*/dashboards*.py", "*/presenters*.py", "dashboards/*.py", "performance/*.py")
# A model's scope (`visible_to`); `counted_for` is Target's aggregate-only scope (ADR 0016).
SCOPE_METHODS = {"visible_to", "counted_for"}
ROLES = [*DEMO_USERNAMES, "anonymous"]


# Modules of those apps that write rather than read for a person, as every app's
# actions.py does (not matched above): the reward grant's, alerts' and delivery's actions and the demo's money;
# and the store of results computed once per import for every process (`performance/shared.py`): what it keeps
# was read through the scopes and is keyed by the kind of reader (`comparing.stamps`), and it reads nothing else;
# the board report's printer and the worker's tasks (as agreements/printing.py and tasks.py, not matched).
WRITING = {"performance/reward_actions.py", "performance/reward_steps.py", "performance/demo_money.py",
           "performance/alert_actions.py", "performance/delivery_actions.py", "performance/caa_actions.py",
           "performance/shared.py", "performance/board_printing.py", "performance/tasks.py"}


def querying_modules() -> list[Path]:
    return sorted({p for pattern in QUERYING for p in SRC.glob(pattern)
                   if str(p.relative_to(SRC)) not in WRITING})


def bare_queries(path: Path) -> list[str]:
    """Every `X.objects` not followed by a scope method, every `_default_manager` or
    `_base_manager`, and every `get_object_or_404(Model, ...)`, as "line: what"."""
    tree = ast.parse(path.read_text(), str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager", "_base_manager"}:
            parent = parents.get(node)
            if node.attr == "objects" and isinstance(parent, ast.Attribute) and parent.attr in SCOPE_METHODS:
                continue
            used = f".{parent.attr}" if isinstance(parent, ast.Attribute) else ""
            found.append(f"{node.lineno}: {ast.unparse(node)}{used}")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id in {"get_object_or_404", "get_list_or_404"} and node.args
              and isinstance(node.args[0], ast.Name)):
            found.append(f"{node.lineno}: {node.func.id}({node.args[0].id})")
    return sorted(found)


def test_every_querying_module_of_every_app_is_checked():
    names = {str(p.relative_to(SRC)) for p in querying_modules()}
    apps = {p.parent.name for p in SRC.glob("*/views*.py")}
    assert {"negotiation/views.py", "negotiation/api.py", "agreements/presenters.py", "web/views.py"} <= names
    assert any("dashboards" in n for n in names)
    assert apps <= {n.split("/")[0] for n in names}


@pytest.mark.parametrize("path", querying_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_every_query_goes_through_a_scope(path):
    assert not bare_queries(path), f"{path.relative_to(SRC)} queries without a scope"


def test_the_check_finds_a_bare_query(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "def v(request):\n    return Region.objects.filter(code='SE')\n"
        "def w(request):\n    return Region.objects.visible_to(request.user)\n"
        "def x(request):\n    rows = Region.objects\n    return get_object_or_404(Area, code='E2221')\n"
        "def y(request):\n    return Area._default_manager.all()\n"
    )
    assert bare_queries(view) == [
        "2: Region.objects.filter", "6: Region.objects", "7: get_object_or_404(Area)",
        "9: Area._default_manager.all",
    ]


def person(username: str):
    return AnonymousUser() if username == "anonymous" else User.objects.get(username=username)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_public_reference_data_is_seen_whole(username):
    user = person(username)
    for model in (Region, Area, Organisation, Department, Round, StatutoryIndicator, RoundMilestone):
        assert model.objects.visible_to(user).count() == model.objects.count(), model.__name__
    assert Region.objects.visible_to(user).count() == 9


READS_THE_TRAIL = {"clg", "inspector", "admin"}


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_the_audit_trail_is_seen_only_by_national_readers(username):
    user = person(username)
    region = Region.objects.get(code="SE")
    record(actor=None, action="test", instance=region, before=None, after={"name": region.name})
    seen = AuditEvent.objects.visible_to(user)
    if username in READS_THE_TRAIL:
        assert seen.count() == AuditEvent.objects.count() > 0
    else:
        assert not seen.exists()


PEOPLE_OF = {
    "officer": {"E2221"}, "partner": {"E2221"}, "go-manager": {"E2221"}, "go-director": {"E2221"},
    "department": set(), "dcsf": set(), "anonymous": set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("username", list(PEOPLE_OF))
def test_people_are_seen_within_the_area_scope(username, scoping):
    user = person(username)
    areas = set(people_visible_to(user).filter(area__isnull=False).values_list("area__code", flat=True))
    assert areas == PEOPLE_OF[username]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["clg", "inspector", "admin"])
def test_national_readers_see_everyone(username):
    assert people_visible_to(person(username)).count() == User.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_api_tokens_are_seen_by_their_owner_only(username):
    from laa.accounts.actions import create_token

    create_token(user=person("officer"), name="officer's machine")
    create_token(user=person("clg"), name="CLG's machine")
    seen = set(ApiToken.objects.visible_to(person(username)).values_list("user__username", flat=True))
    assert seen == ({username} if username in {"officer", "clg"} else set())


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_local_indicator_definitions_are_seen_with_their_indicator(username, scoping):
    user = person(username)
    codes = set(IndicatorDefinition.objects.visible_to(user).filter(indicator__partnership__isnull=False)
                .values_list("indicator__code", flat=True))
    expected = {
        "officer": {scoping.kent_code}, "partner": {scoping.kent_code}, "go-manager": {scoping.kent_code},
        "go-director": {scoping.kent_code}, "clg": {scoping.kent_code, scoping.stockton_code},
        "inspector": {scoping.kent_code, scoping.stockton_code}, "admin": {scoping.kent_code, scoping.stockton_code},
    }.get(username, set())
    assert codes == expected
    national = IndicatorDefinition.objects.filter(indicator__partnership__isnull=True).count()
    assert IndicatorDefinition.objects.visible_to(user).filter(indicator__partnership__isnull=True).count() == national


# ---- an agreement and its negotiation: Kent's draft (South East) with NI 16 (Home Office),
# NI 39 (Department of Health), NI 72 (statutory, DCSF), an outcome, a proposal on NI 16 and
# a meeting (tests/integration/matrix_negotiation.py). Who sees what of it, model by model.

KENT = {"officer", "partner", "go-manager", "go-director", "clg", "inspector", "admin"}
ALL_TARGETS = {"NI 16", "NI 39", "NI 72"}
# Targets (and partners' sign-ups to them) each role reads while the agreement is a draft.
TARGETS_SEEN = {**{r: ALL_TARGETS for r in KENT}, "department": {"NI 16"}, "dcsf": {"NI 72"}, "anonymous": set()}
# The agreement's records (outcomes, sign-off rows) follow the agreement.
AGREEMENT_SEEN = {r: r != "anonymous" for r in ROLES}
# Negotiation is private to the parties: threads and their entries as the targets; an
# outcome's thread not for departments; meetings and champions for whoever reads the
# agreement's negotiation; departments' advice for the government side only.
THREADS_SEEN = {**{r: {"NI 16", "NI 39", "safer"} for r in KENT}, "department": {"NI 16"}, "dcsf": set(),
                "anonymous": set()}
ADVICE_SEEN = {r: r in {"go-manager", "go-director", "department", "clg", "inspector", "admin"} for r in ROLES}


@pytest.fixture
def kent_world(db):
    from laa.negotiation import actions
    from laa.negotiation.scopes import Subject

    world = build_world()
    go, officer = person("go-manager"), person("officer")
    ni39 = Subject(world.agreement, target=world.ni39)
    actions.add_entry(actor=officer, subject=ni39, kind="proposal", seen=0, values={
        "baseline_value": "20", "baseline_period": "2007/08", "target_2008_09": "21", "target_2009_10": "22",
        "target_2010_11": "23", "category": "designated", "partners": ""}, rationale="Health first.")
    actions.add_entry(actor=go, subject=ni39, kind="escalate", seen=1, level="go", text="Too low.")
    actions.add_entry(actor=officer, subject=Subject(world.agreement, outcome=world.outcome), kind="proposal",
                      seen=0, values={"title": "Safer and stronger communities", "theme": "Safer"}, rationale="The story of place.")
    actions.give_advice(actor=person("department"), subject=Subject(world.agreement, target=world.ni16),
                        text="Expect 5% stretch.")
    return world


def _subject(thread) -> str:
    return thread.target.key if thread.target_id else thread.outcome.key


@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_its_part_of_an_agreement(kent_world, username):
    user = person(username)
    agreement = kent_world.agreement
    assert Agreement.objects.visible_to(user).filter(pk=agreement.pk).exists() == AGREEMENT_SEEN[username]
    assert set(Target.objects.visible_to(user).filter(agreement=agreement).values_list("key", flat=True)) \
        == TARGETS_SEEN[username]
    partners = TargetPartner.objects.filter(target__agreement=agreement)
    assert set(partners.filter(target__key__in=TARGETS_SEEN[username]).values_list("pk", flat=True)) \
        == set(TargetPartner.objects.visible_to(user).filter(target__agreement=agreement).values_list("pk", flat=True))
    assert Outcome.objects.visible_to(user).filter(agreement=agreement).exists() == AGREEMENT_SEEN[username]
    rows = SignOffStatus.objects.filter(agreement=agreement).count()
    assert SignOffStatus.objects.visible_to(user).filter(agreement=agreement).count() == (
        rows if AGREEMENT_SEEN[username] else 0)


@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_its_part_of_a_negotiation(kent_world, username):
    user = person(username)
    agreement = kent_world.agreement
    threads = NegotiationThread.objects.visible_to(user).filter(agreement=agreement)
    assert {_subject(t) for t in threads.select_related("target", "outcome")} == THREADS_SEEN[username]
    entries = NegotiationEntry.objects.visible_to(user).filter(thread__agreement=agreement)
    assert {_subject(e.thread) for e in entries.select_related("thread__target", "thread__outcome")} \
        == THREADS_SEEN[username]
    parties = username in KENT or username in {"department", "dcsf"}
    assert Meeting.objects.visible_to(user).filter(agreement=agreement).exists() == parties
    assert MeetingDecision.objects.visible_to(user).filter(meeting__agreement=agreement).exists() == parties
    assert Advice.objects.visible_to(user).filter(thread__agreement=agreement).exists() == ADVICE_SEEN[username]


@pytest.mark.parametrize("username", ROLES)
def test_champions_and_the_timetable_follow_the_negotiation(kent_world, username, settings):
    from laa.negotiation import actions_records as records

    settings.LAA_TODAY = "2008-03-20"
    agreement = kent_world.agreement
    records.appoint_champion(actor=person("go-director"), agreement=agreement, name="Sir Humphrey")
    milestone = RoundMilestone.objects.get(round=agreement.round, completed_by="story_of_place_prepared")
    user = person(username)
    parties = username in KENT or username in {"department", "dcsf"}
    assert Champion.objects.visible_to(user).filter(agreement=agreement).exists() == parties
    records.record_milestone(actor=person("officer"), area=agreement.area, milestone=milestone,
                             completed_on="2008-03-01")
    # The area's timetable: its people, its GO, departments and national readers.
    assert MilestoneCompletion.objects.visible_to(user).filter(area=agreement.area).exists() == (username != "anonymous")


def test_a_department_lead_is_not_shown_another_departments_disputes(kent_world, client_for):
    """The agreement's negotiation page counted every thread: the Home Office saw the
    Department of Health's dispute on NI 39 among Kent's open disputes."""
    url = reverse("negotiation:agreement", args=["E2221"])
    assert re.search(r"1 open dispute\b", client_for("go-manager").get(url).content.decode())
    page = client_for("department").get(url).content.decode()
    assert "open dispute" not in page and "NI 39" not in page


def test_the_dashboards_count_through_the_scope(kent_world, client_for):
    """The region dashboard counts Kent's open dispute for its GO; the department view
    lists only the department's own targets, and counts the others' on its themes."""
    region = client_for("go-manager").get(reverse("dashboards:region_dashboard")).content.decode()
    assert "NI 39" in region
    department = client_for("department").get(reverse("dashboards:department_view")).content.decode()
    assert f'href="/negotiation/areas/E2221/targets/{kent_world.ni39.pk}"' not in department


# Annual reviews (ADR 0018): the area's partnership, its Government Office and national
# readers; not departments, not residents. A review's records are seen with it.
REVIEW_SEEN = {r: r in {"officer", "partner", "go-manager", "go-director", "clg", "inspector", "admin"} for r in ROLES}


def test_each_role_sees_an_annual_review_or_not(db, settings):
    """One review, read by every role (the world is built once: it is the slow part)."""
    review = start(reviewed_kent(settings))
    assess_all(review, but=1)
    review_actions.add_action(actor=go(), review=review, text="Plan", owner="Kent Police", due="2009-01-31")
    review_actions.add_proposal(actor=go(), review=review, text="Fill the placeholder")
    wrong = []
    for username in ROLES:
        user = person(username)
        for model, found in ((Review, Review.objects.visible_to(user).filter(pk=review.pk)),
                             *((m, m.objects.visible_to(user).filter(review=review))
                               for m in (Assessment, AgreedAction, RefreshProposal, ReviewStatus))):
            if found.exists() != REVIEW_SEEN[username]:
                wrong.append(f"{username} {'sees' if found.exists() else 'does not see'} {model.__name__}")
    assert not wrong, wrong


# Revisions between reviews (ADR 0021): as the reviews, the area's partnership, its
# Government Office and national readers; not departments, not residents. A revision's
# items, consents, consultations and steps are seen with it.
REVISION_SEEN = REVIEW_SEEN


def test_each_role_sees_a_revision_or_not(db, settings):
    """One revision, read by every role (the world is built once)."""
    revision = revisions_support.propose(revisions_support.approved_kent(settings))
    revision_actions.record_consent(actor=person("partner"), revision=revision, consents=True)
    revisions_support.consulted(revision)
    wrong = []
    for username in ROLES:
        user = person(username)
        for model, found in ((Revision, Revision.objects.visible_to(user).filter(pk=revision.pk)),
                             *((m, m.objects.visible_to(user).filter(revision=revision))
                               for m in (RevisionItem, RevisionStatus, Consent, Consultation))):
            if found.exists() != REVISION_SEEN[username]:
                wrong.append(f"{username} {'sees' if found.exists() else 'does not see'} {model.__name__}")
    assert not wrong, wrong


# Multi-area agreements (ADR 0028): before publication the participating areas' people
# (Kent's), the region's Government Office and national readers; departments and residents
# once published. Its parts and records are seen with it.
MAA_SEEN_DRAFT = {"officer": True, "partner": True, "district": True, "go-manager": True, "go-director": True,
                  "department": False, "dcsf": False, "clg": True, "inspector": True, "admin": True,
                  "anonymous": False}


@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_an_maa_or_not(db, username):
    from laa.maa.models import (
        Contributor,
        MaaStatus,
        MaaTarget,
        MultiAreaAgreement,
        Outcome,
        Participant,
        Signature,
    )

    from .maa_support import agreed_maa, sign_all
    from .maa_support import person as maa_person

    maa = agreed_maa()
    sign_all(maa)
    user = person(username)
    seen = MAA_SEEN_DRAFT.get(username, False)
    assert MultiAreaAgreement.objects.visible_to(user).filter(pk=maa.pk).exists() == seen
    for model in (Participant, Contributor, Outcome, MaaTarget, MaaStatus, Signature):
        assert model.objects.visible_to(user).filter(maa=maa).exists() == seen, model
    maa.refresh_from_db()
    from laa.maa import actions as maa_actions

    maa_actions.take_step(actor=maa_person("clg"), maa=maa, step="publish", expected_state="agreed")
    assert MultiAreaAgreement.objects.visible_to(user).filter(pk=maa.pk).count() == 1
    assert MaaTarget.objects.visible_to(user).filter(maa=maa).count() == 3
