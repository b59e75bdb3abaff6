"""What the MAAs' pages and API show (ADR 0028): state tags, the targets by kind with their
definitions and origin, the signatories and their signatures. Templates hold no logic."""

from __future__ import annotations

from django.urls import reverse

from laa.catalogue.models import IndicatorDefinition
from laa.domain.maa import GOVERNMENT, KIND_LABELS, State, TargetKind
from laa.domain.revisions import RevisionState
from laa.maa.models import MaaTarget, MultiAreaAgreement
from laa.presentation.presenters import figure, govuk_date

STATE_TAGS = {State.DRAFT: "govuk-tag--grey", State.SUBMITTED: "govuk-tag--blue",
              State.AGREED: "govuk-tag--yellow", State.PUBLISHED: "govuk-tag--green"}
POLARITY_WORDS = {"higher": "higher is better", "lower": "lower is better", "neither": "neither"}


def state_tag(maa: MultiAreaAgreement) -> dict[str, str]:
    s = State(maa.state)
    return {"text": s.label, "classes": STATE_TAGS[s]}


def origin(target: MaaTarget) -> dict[str, str] | None:
    """Where an un-designated target came from: the LAA, its revision and where it stands."""
    item = target.moved_by
    if item is None:
        return None
    revision = item.revision
    area = revision.agreement.area
    state = RevisionState(revision.state)
    at = f" at its {revision.review.year} annual review" if revision.review_id else ""
    if state is RevisionState.APPROVED and revision.made is not None:
        words = (f"Un-designated from {area.name}'s agreement{at} (designated in version {revision.based_on.number}; "
                 f"local from version {revision.made.number}, in force from {govuk_date(revision.made.in_force_from)})")
    elif state in {RevisionState.PROPOSED, RevisionState.CONSENTED}:
        words = (f"Moving from {area.name}'s agreement{at}: revision {revision.number}, "
                 "waiting for the Secretary of State")
    else:
        words = f"Not moved: revision {revision.number} of {area.name}'s agreement was {state.value}"
    return {"text": words, "area": area.name, "revision": str(revision.number), "state": state.value,
            "review_year": revision.review.year if revision.review_id else "",
            "href": reverse("revisions:revision", args=[area.code, revision.number])}


def counts(target: MaaTarget) -> bool:
    """A moved target is the MAA's once its revision is approved."""
    return target.moved_by is None or target.moved_by.revision.state == RevisionState.APPROVED


def target_row(target: MaaTarget, titles: dict[int, str]) -> dict:
    measure = None
    if target.kind == TargetKind.OTHER:
        measure = {"name": target.measure_name, "unit": target.measure_unit,
                   "polarity": POLARITY_WORDS.get(target.measure_polarity, target.measure_polarity),
                   "source": target.measure_source}
    return {"key": target.key, "kind": target.kind, "kind_label": KIND_LABELS[TargetKind(target.kind)],
            "outcome": target.outcome.title,
            "indicator": target.indicator.code if target.indicator else "",
            "indicator_title": titles.get(target.indicator_id, "") if target.indicator_id else "",
            "measure": measure, "origin": origin(target),
            "yearly": [{"year": y, "value": figure(v)} for y, v in sorted(target.yearly.items())]}


def target_groups(targets, user) -> list[dict]:
    targets = list(targets)
    titles = dict(IndicatorDefinition.objects.visible_to(user).filter(is_current=True, indicator_id__in=[t.indicator_id for t in targets])
                  .values_list("indicator_id", "title"))
    rows = [target_row(t, titles) for t in targets]
    return [{"kind": k.value, "heading": KIND_LABELS[k], "rows": [r for r in rows if r["kind"] == k.value]}
            for k in TargetKind]


def signature_rows(required, signatures) -> list[dict]:
    done = {s.signatory: s for s in signatures}
    rows = []
    for s in required:
        sig = done.get(s.name)
        rows.append({"name": s.name, "kind": s.kind.value,
                     "tag": {"text": "Signed", "classes": "govuk-tag--green"} if sig else
                     {"text": "Not signed yet", "classes": "govuk-tag--grey"},
                     "signed": f"{sig.signed_by}, {govuk_date(sig.signed_on)}" if sig else "",
                     "recorded": f"recorded by {sig.by_name}" if sig else ""})
    return rows


def href(maa: MultiAreaAgreement) -> str:
    return reverse("maa:detail", args=[maa.code])


__all__ = ["GOVERNMENT", "counts", "href", "origin", "signature_rows", "state_tag", "target_groups"]
