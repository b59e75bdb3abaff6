"""Content changes only in draft (ADR 0005, `laa.domain.signoff_locks.content_editable`): once
submitted the agreement is locked (it must be referred back to draft to change), once
approved by the Secretary of State it is frozen with its content hash. For a submitted
and an approved agreement, every write path (the import page and the command line, the
edit pages, the agreements API, the negotiation moves that write content, by action,
API and page) is refused, with the documented status and message, and changes nothing:
the agreement's version, targets, outcomes, consultations, content hash, negotiation
entries and audit trail are as they were."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from laa.accounts.models import ApiToken, User
from laa.agreements import actions as agreement_actions
from laa.agreements.convert import agreement_to_draft
from laa.agreements.models import Agreement, Consultation, Outcome, Target
from laa.audit.models import AuditEvent
from laa.domain.agreement_file import agreement_to_data, dump_yaml
from laa.negotiation import actions as negotiation
from laa.negotiation.models import NegotiationEntry
from laa.negotiation.scopes import Subject
from laa.signoff.checks import content_hash_of

from .matrix_negotiation import proposal_values
from .signoff_support import S, advance, make_agreement, small_draft

pytestmark = pytest.mark.django_db

KENT = "E2221"
STATES = [S.SUBMITTED, S.APPROVED]
# What the refusal says, by state: submitted -> referred back to draft; approved -> frozen.
LOCKED = {
    S.SUBMITTED: "must be referred back to draft to change it",
    S.APPROVED: "only through a revision",
}


# --- the agreement under test ------------------------------------------------------------


@dataclass
class World:
    agreement: Agreement
    state: S
    target: Target  # its negotiation has the partnership's open proposal (#1)
    outcome: Outcome  # its negotiation has the Government Office's open proposal (#1)
    spare: Outcome  # an outcome no target drives (removable in draft)
    consultation: Consultation
    tmp_path: object

    def client(self, username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    def api(self, username: str) -> Client:
        _, key = ApiToken.issue(user=User.objects.get(username=username), name="council system")
        return Client(headers={"Authorization": f"Bearer {key}"})


def _open_proposals(agreement: Agreement, target: Target, outcome: Outcome) -> None:
    """An open proposal on a target (by the partnership) and on an outcome (by the GO).
    An approved agreement's negotiation is closed, and the GO cannot agree while one is
    open, so they are planted with the state set to draft for the moment: proposals
    write no content, so the content hash stays as approval recorded it."""
    state = Agreement.objects.get(pk=agreement.pk).state
    Agreement.objects.filter(pk=agreement.pk).update(state=S.DRAFT)
    try:
        negotiation.add_entry(actor=User.objects.get(username="officer"), subject=Subject(agreement, target=target),
                              kind="proposal", seen=0, values=proposal_values(), rationale="Our evidence.")
        negotiation.add_entry(actor=User.objects.get(username="go-manager"),
                              subject=Subject(agreement, outcome=outcome), kind="proposal", seen=0,
                              values={"title": "Safer, stronger and more cohesive communities", "theme": "Safer"},
                              rationale="The wording the region uses.")
    finally:
        Agreement.objects.filter(pk=agreement.pk).update(state=state)


def build_world(state: S, tmp_path) -> World:
    agreement = make_agreement(small_draft())
    officer = User.objects.get(username="officer")
    if not agreement.consultations.exists():
        agreement_actions.add_consultation(actor=officer, agreement=agreement, version=agreement.version,
                                           consultee="Kent Youth County Council", held_on=None,
                                           summary="Asked for a target on NI 110.")
    agreement.refresh_from_db()
    spare = agreement_actions.save_outcome(actor=officer, agreement=agreement, version=agreement.version,
                                           key="spare", title="Cohesive communities", theme="Safer")
    agreement = advance(agreement, state)
    target = agreement.targets.order_by("position", "id").first()
    outcome = agreement.outcomes.order_by("position", "id").first()
    _open_proposals(agreement, target, outcome)
    agreement.refresh_from_db()
    assert agreement.state == state
    if state == S.APPROVED:
        assert agreement.content_hash and agreement.content_hash == content_hash_of(agreement)
    return World(agreement, state, target, outcome, spare, agreement.consultations.order_by("id").first(),
                 tmp_path)


@pytest.fixture(params=STATES, ids=[s.value for s in STATES])
def world(request, demo_users, tmp_path) -> World:
    return build_world(request.param, tmp_path)


@pytest.fixture
def draft_world(demo_users, tmp_path) -> World:
    return build_world(S.DRAFT, tmp_path)


def snapshot(agreement: Agreement) -> dict:
    """Everything a refused write must leave as it was."""
    agreement.refresh_from_db()
    return {
        "version": agreement.version,
        "state": agreement.state,
        "stored_hash": agreement.content_hash,
        "content_hash": content_hash_of(agreement),
        "content": agreement_to_data(agreement_to_draft(agreement)),
        "fields": (agreement.story_of_place, agreement.evidence, agreement.updated_at),
        "targets": list(Target.objects.filter(agreement=agreement).order_by("pk").values_list(
            "pk", "key", "version", "category", "yearly", "baseline_value", "placeholder_reason", "outcome_id")),
        "outcomes": list(Outcome.objects.filter(agreement=agreement).order_by("pk").values_list(
            "pk", "key", "title", "theme", "evidence", "position")),
        "consultations": list(Consultation.objects.filter(agreement=agreement).order_by("pk").values_list(
            "pk", "consultee", "held_on", "summary", "position")),
        "negotiation_entries": NegotiationEntry.objects.filter(thread__agreement=agreement).count(),
        "audit_events": AuditEvent.objects.count(),
    }


# --- the write paths ---------------------------------------------------------------------

# What each path answers when refused:
PAGE_403 = "page 403"  # the edit pages: `editable` refuses the permission (403, never 500)
API_409 = "api 409"  # the agreements API to the area's own officer: 409 with the locked message
API_403 = "api 403"  # the agreements API to anyone else: 403 with a message
API_405 = "api 405"  # no such method on the path: nothing to write through
REFUSED = "refused"  # an action raises, with the locked message
NEGOTIATION_API_400 = "negotiation api 400"  # the negotiation API: 400, the rules' refusal, with the message
NEGOTIATION_PAGE_400 = "negotiation page 400"  # the thread page: 400 with the message in its banner


def _page(path: str) -> str:
    return f"/agreements/{KENT}/{path}"


def _yaml_upload(w: World) -> SimpleUploadedFile:
    draft = replace(agreement_to_draft(w.agreement), story_of_place="Rewritten by an uploaded file.")
    return SimpleUploadedFile("kent.yaml", dump_yaml(draft).encode(), content_type="application/yaml")


def _target_form(w: World, **changes) -> dict:
    t = w.target
    years = {f"year_{y.replace('/', '_')}": "1" for y in t.yearly}
    return {"indicator": t.indicator.code, "category": t.category, "outcome": t.outcome.key, "baseline_value": "1",
            "baseline_period": "2007/08", "baseline_source": "Changed", **years, "version": t.version, **changes}


def _json(client: Client, method: str, path: str, body: dict):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _target_api_body(w: World) -> dict:
    body = w.api("officer").get(f"/api/v1/agreements/{KENT}/targets/{w.target.pk}").json()
    changed = dict(body["target"])
    changed["targets"] = {y: 1 for y in changed["targets"]}
    return {"version": body["version"], "target": changed}


def _agreement_api_body(w: World) -> dict:
    body = w.api("officer").get(f"/api/v1/agreements/{KENT}").json()
    return {"version": body["version"], "agreement": {**body["agreement"], "story_of_place": "Rewritten by the API."}}


def _import_command(w: World) -> None:
    path = w.tmp_path / "kent.yaml"
    draft = replace(agreement_to_draft(w.agreement), story_of_place="Rewritten on the command line.")
    path.write_text(dump_yaml(draft), encoding="utf-8")
    call_command("agreement", "import", str(path))


def _action(who: str, kind: str, *, outcome: bool = False, **fields) -> Callable[[World], object]:
    def call(w: World):
        subject = Subject(w.agreement, outcome=w.outcome) if outcome else Subject(w.agreement, target=w.target)
        return negotiation.add_entry(actor=User.objects.get(username=who), subject=subject, kind=kind, seen=1,
                                     **fields)
    return call


def _negotiation_api(who: str, step: str, body: dict, *, outcome: bool = False) -> Callable[[World], object]:
    def call(w: World):
        subject = f"outcomes/{w.outcome.pk}" if outcome else f"targets/{w.target.pk}"
        return _json(w.api(who), "post", f"/api/v1/negotiation/agreements/{KENT}/{subject}/{step}",
                     {"expected_sequence": 1, **body})
    return call


def _negotiation_page(who: str, data: dict, *, outcome: bool = False) -> Callable[[World], object]:
    def call(w: World):
        subject = f"outcomes/{w.outcome.pk}" if outcome else f"targets/{w.target.pk}"
        return w.client(who).post(f"/negotiation/areas/{KENT}/{subject}", {"seen": 1, **data})
    return call


@dataclass(frozen=True)
class Case:
    name: str
    expect: str
    call: Callable[[World], object]


CASES = [
    # The agreement file: the import page and the command line.
    Case("import page: upload a file", PAGE_403, lambda w: w.client("officer").post(
        _page("import"), {"agreement_file": _yaml_upload(w), "version": w.agreement.version})),
    Case("command line: laa agreement import", REFUSED, _import_command),
    # The edit pages.
    Case("story of place and agreement details", PAGE_403, lambda w: w.client("officer").post(_page("edit"), {
        "version": w.agreement.version, "story_of_place": "Rewritten on the page.", "evidence": "JSNA 2008",
        "education_responsibility": "yes", "assessments": ["equality"]})),
    Case("add a target", PAGE_403, lambda w: w.client("officer").post(
        _page("targets/new"), _target_form(w, indicator="NI 20"))),
    Case("edit a target", PAGE_403, lambda w: w.client("officer").post(
        _page(f"targets/{w.target.pk}/edit"), _target_form(w))),
    Case("delete a target", PAGE_403, lambda w: w.client("officer").post(
        _page(f"targets/{w.target.pk}/delete"), {"version": w.target.version})),
    Case("add an outcome", PAGE_403, lambda w: w.client("officer").post(_page("outcomes/new"), {
        "version": w.agreement.version, "key": "new", "title": "A new outcome", "theme": "Safer"})),
    Case("edit an outcome", PAGE_403, lambda w: w.client("officer").post(
        _page(f"outcomes/{w.outcome.pk}/edit"), {
            "version": w.agreement.version, "key": w.outcome.key, "title": "Retitled", "theme": "Safer"})),
    Case("delete an outcome", PAGE_403, lambda w: w.client("officer").post(
        _page(f"outcomes/{w.spare.pk}/delete"), {"version": w.agreement.version})),
    Case("record a consultation", PAGE_403, lambda w: w.client("officer").post(_page("consultations/new"), {
        "version": w.agreement.version, "consultee": "Kent Fire and Rescue", "held_on-day": "1",
        "held_on-month": "3", "held_on-year": "2008", "summary": "Asked for NI 49."})),
    Case("remove a consultation", PAGE_403, lambda w: w.client("officer").post(
        _page(f"consultations/{w.consultation.pk}/delete"), {"version": w.agreement.version})),
    # The agreements API.
    Case("API: PUT the agreement", API_409, lambda w: _json(
        w.api("officer"), "put", f"/api/v1/agreements/{KENT}", _agreement_api_body(w))),
    Case("API: PUT the agreement, not its officer", API_403, lambda w: _json(
        w.api("go-manager"), "put", f"/api/v1/agreements/{KENT}", _agreement_api_body(w))),
    Case("API: POST a new target", API_409, lambda w: _json(
        w.api("officer"), "post", f"/api/v1/agreements/{KENT}/targets",
        {"target": {**_target_api_body(w)["target"], "key": "NI 20", "indicator": "NI 20"}})),
    Case("API: PUT a target", API_409, lambda w: _json(
        w.api("officer"), "put", f"/api/v1/agreements/{KENT}/targets/{w.target.pk}", _target_api_body(w))),
    Case("API: PATCH a target", API_405, lambda w: _json(
        w.api("officer"), "patch", f"/api/v1/agreements/{KENT}/targets/{w.target.pk}", _target_api_body(w))),
    Case("API: DELETE a target", API_409, lambda w: w.api("officer").delete(
        f"/api/v1/agreements/{KENT}/targets/{w.target.pk}?version={w.target.version}")),
    # Negotiation moves that write into the agreement: the action, the API, the page.
    Case("negotiation action: accept a target proposal", REFUSED, _action("go-manager", "accept", proposal=1)),
    Case("negotiation action: accept an outcome proposal", REFUSED,
         _action("officer", "accept", outcome=True, proposal=1)),
    Case("negotiation action: move to local", REFUSED, _action("officer", "move_to_local", text="Local target.")),
    Case("negotiation action: placeholder", REFUSED,
         _action("go-manager", "placeholder", text="Set at the first annual review.")),
    Case("negotiation API: accept a target proposal", NEGOTIATION_API_400,
         _negotiation_api("go-manager", "acceptances", {"proposal": 1})),
    Case("negotiation API: accept an outcome proposal", NEGOTIATION_API_400,
         _negotiation_api("officer", "acceptances", {"proposal": 1}, outcome=True)),
    Case("negotiation API: move to local", NEGOTIATION_API_400,
         _negotiation_api("officer", "decisions", {"kind": "move_to_local", "text": "Local target."})),
    Case("negotiation API: placeholder", NEGOTIATION_API_400,
         _negotiation_api("go-manager", "decisions", {"kind": "placeholder", "text": "Set at the review."})),
    Case("negotiation page: accept a target proposal", NEGOTIATION_PAGE_400,
         _negotiation_page("go-manager", {"kind": "accept", "proposal": 1})),
    Case("negotiation page: accept an outcome proposal", NEGOTIATION_PAGE_400,
         _negotiation_page("officer", {"kind": "accept", "proposal": 1}, outcome=True)),
    Case("negotiation page: move to local", NEGOTIATION_PAGE_400,
         _negotiation_page("officer", {"kind": "move_to_local", "text": "Local target."})),
    Case("negotiation page: placeholder", NEGOTIATION_PAGE_400,
         _negotiation_page("go-manager", {"kind": "placeholder", "text": "Set at the review."})),
]


def _page_text(response) -> str:
    import html
    import re

    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def _assert_refused(case: Case, w: World) -> None:
    message = LOCKED[w.state]
    if case.expect == REFUSED:
        with pytest.raises((agreement_actions.FrozenAgreement, negotiation.Refused, CommandError)) as caught:
            case.call(w)
        assert message in str(caught.value), str(caught.value)
        return
    response = case.call(w)
    assert response.status_code != 500, response.content[:2000]
    if case.expect == PAGE_403:
        assert response.status_code == 403, response.content[:2000]
        page = _page_text(response)
        assert "You cannot see this page" in page and message in page, page[:2000]
    elif case.expect == API_409:
        assert response.status_code == 409, response.content
        assert message in response.json()["detail"]
    elif case.expect == API_403:
        assert response.status_code == 403, response.content
        assert "Only a partnership officer of Kent may change its agreement" in response.json()["detail"]
    elif case.expect == API_405:
        assert response.status_code == 405, response.content
    elif case.expect == NEGOTIATION_API_400:
        assert response.status_code == 400, response.content
        assert message in response.json()["detail"]
    elif case.expect == NEGOTIATION_PAGE_400:
        assert response.status_code == 400, response.content[:2000]
        page = _page_text(response)
        assert "This cannot be recorded" in page and message in page
    else:  # pragma: no cover
        raise AssertionError(case.expect)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_write_is_refused_and_changes_nothing(world, case):
    before = snapshot(world.agreement)
    _assert_refused(case, world)
    after = snapshot(world.agreement)
    assert after == before
    if world.state == S.APPROVED:
        assert after["stored_hash"] == after["content_hash"]


WRITES = [c for c in CASES if c.expect not in {API_403, API_405}]


@pytest.mark.parametrize("case", WRITES, ids=[c.name for c in WRITES])
def test_in_draft_the_same_request_writes(draft_world, case):
    """The control: each case, made on the same agreement in draft, does change it, so
    its refusal above is the lock's doing and not a bad request."""
    before = snapshot(draft_world.agreement)
    response = case.call(draft_world)
    if case.expect != REFUSED:
        assert response.status_code in {200, 201, 302}, response.content[:2000]
    assert snapshot(draft_world.agreement) != before


def test_the_table_covers_every_write_path():
    """Each write path named by the brief, in each channel, is a case."""
    expects = {c.expect for c in CASES}
    assert {PAGE_403, API_409, API_403, REFUSED, NEGOTIATION_API_400, NEGOTIATION_PAGE_400} <= expects
    assert len({c.name for c in CASES}) == len(CASES)
