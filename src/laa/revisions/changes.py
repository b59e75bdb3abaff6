"""A revision's changes between the forms (or the API), its stored items, the domain's
`Item`s, and the agreement's live target rows (ADR 0021).

The version an approval writes is the domain's: `apply_items` on the draft of the
version the revision changes, so the diff between the two versions is exactly the
change. The live target rows (what the agreement's pages and its next negotiation read)
are made to match here, in the approval's transaction.
"""

from __future__ import annotations

from decimal import Decimal

from laa.agreements.actions import organisations_named, resolve_indicator, write_partners
from laa.agreements.convert import exact_text, target_fields
from laa.agreements.models import Agreement, Target
from laa.domain.composition import AgreementDraft, Category, PartnerSignUp, TargetDraft
from laa.domain.revisions import ChangeKind, Item
from laa.revisions.models import Revision, RevisionItem


def new_target(*, key: str, category: Category, outcome: str, yearly: dict[str, Decimal],
               partners: list[str]) -> TargetDraft:
    """A target a revision adds: its indicator is its key, the first partner authority leads."""
    return TargetDraft(key=key, indicator=key, category=category, outcome=outcome, yearly=yearly,
                       partners=tuple(PartnerSignUp(p, "have_regard", lead=i == 0) for i, p in enumerate(partners)))


def _target_json(t: TargetDraft) -> dict:
    return {"key": t.key, "indicator": t.indicator, "category": t.category, "outcome": t.outcome,
            "yearly": {y: exact_text(v) for y, v in t.yearly.items()}, "partners": [p.organisation for p in t.partners]}


def _target_from_json(data: dict) -> TargetDraft:
    return new_target(key=data["key"], category=data["category"], outcome=data.get("outcome", ""),
                      yearly={y: Decimal(v) for y, v in data.get("yearly", {}).items()}, partners=data.get("partners", []))


def item_row(revision: Revision, item: Item, position: int) -> RevisionItem:
    return RevisionItem(revision=revision, change=item.kind.value, target_key=item.target, position=position,
                        yearly={y: exact_text(v) for y, v in item.yearly.items()},
                        new_target=_target_json(item.new_target) if item.new_target else None,
                        ground=item.ground, baseline=exact_text(item.baseline) if item.baseline is not None else "",
                        reason=item.reason.strip())


def items_of(revision: Revision) -> list[Item]:
    return [Item(ChangeKind(row.change), row.target_key, {y: Decimal(v) for y, v in row.yearly.items()},
                 _target_from_json(row.new_target) if row.new_target else None, ground=row.ground,
                 baseline=Decimal(row.baseline) if row.baseline else None, reason=row.reason)
            for row in RevisionItem.objects.filter(revision=revision).order_by("position")]


def unknown_indicators(items: list[Item], agreement: Agreement) -> dict[str, str]:
    """An added target's indicator must be in the catalogue or the partnership's local indicators."""
    for item in items:
        if item.new_target is not None and resolve_indicator(item.new_target.indicator, agreement) is None:
            return {"indicator": f"There is no indicator {item.new_target.indicator[:40]} in the catalogue "
                                 "or your local indicators."}
    return {}


def _add(agreement: Agreement, draft: TargetDraft, position: int) -> None:
    indicator = resolve_indicator(draft.indicator, agreement)
    outcome = agreement.outcomes.filter(key=draft.outcome).first() if draft.outcome else None
    row = Target.objects.create(agreement=agreement, indicator=indicator, outcome=outcome, position=position,
                                **target_fields(draft))
    write_partners(row, draft, organisations_named((p.organisation for p in draft.partners), agreement.area))


def apply_to_rows(agreement: Agreement, items: list[Item], revised: AgreementDraft) -> None:
    """Make the agreement's live target rows say what the revised version says."""
    drafts = {t.key: t for t in revised.targets}
    for item in items:
        row = agreement.targets.filter(key=item.target).first()
        if item.kind is ChangeKind.ADD and item.new_target is not None:
            _add(agreement, drafts[item.new_target.key], agreement.targets.count())
        elif row is None:
            continue
        elif item.kind in (ChangeKind.AMEND, ChangeKind.TO_MAA):  # an un-designated target turns local
            for name, value in target_fields(drafts[item.target]).items():
                setattr(row, name, value)
            row.version += 1
            row.save()
        elif item.kind is ChangeKind.DROP:
            row.delete()
        elif item.kind is ChangeKind.EXCHANGE and item.new_target is not None:
            position = row.position
            row.delete()
            _add(agreement, drafts[item.new_target.key], position)
