"""The proposal form read into the domain's `Item` (ADR 0021): the change chosen (add a
local target, amend a target's yearly values, drop a target), its target, the new
target's indicator, outcome and partner authorities, and the yearly values, each figure
read by the one parser (`laa.domain.figures.parse_figure`). Problems by field."""

from __future__ import annotations

from decimal import Decimal

from laa.domain.composition import AgreementDraft, agreement_years
from laa.domain.figures import FigureError, parse_figure
from laa.domain.revisions import ChangeKind, Item, partner_authorities
from laa.revisions.changes import new_target

FORM_CHANGES = (ChangeKind.ADD, ChangeKind.AMEND, ChangeKind.DROP)


def year_field(year: str) -> str:
    return "yearly-" + year.replace("/", "-")


def indicator_code(text: str) -> str:
    """An indicator's code as typed ("ni28", " NI  28 ") in the catalogue's form ("NI 28");
    a local code as given, spaces closed up."""
    code = " ".join(text.split())[:40]
    if code.upper().startswith("NI") and code[2:].strip().isdigit():
        code = f"NI {int(code[2:].strip())}"
    return code


def partner_choices(draft: AgreementDraft, area_authorities: list[str]) -> list[str]:
    """The partner authorities a new target may be signed up to: the area's, and those
    signed up anywhere in the agreement."""
    names = set(area_authorities)
    for t in draft.targets:
        names.update(partner_authorities(t))
    return sorted(names)


def _yearly(values, years, problems: dict[str, str]) -> dict[str, Decimal]:
    found = {}
    for year in years:
        try:
            value = parse_figure(values.get(year_field(year), ""))
        except FigureError as bad:
            problems[year_field(year)] = f"The target for {year} {bad}"
            continue
        if value is not None:
            found[year] = value
    return found


def read_item(values, draft: AgreementDraft, choices: list[str]) -> tuple[Item | None, dict[str, str]]:
    """The change the form asks for, or the problems by field (nothing else is checked
    here: the domain's `item_problems` follows). `choices`: the partner authorities a new
    target may be signed up to."""
    problems: dict[str, str] = {}
    try:
        change = ChangeKind(values.get("change", ""))
    except ValueError:
        change = None
    if change not in FORM_CHANGES:
        return None, {"change": "Choose the change: add a local target, amend a target's values or drop a target"}
    years = agreement_years(draft.period_start, draft.period_end)
    yearly = _yearly(values, years, problems) if change is not ChangeKind.DROP else {}
    if change is ChangeKind.ADD:
        code = indicator_code(values.get("indicator", ""))
        outcomes = {o.id for o in draft.outcomes}
        outcome = values.get("outcome", "")
        chosen = values.getlist("partners") if hasattr(values, "getlist") else values.get("partners", [])
        unknown = [p for p in chosen if p not in choices]
        partners = [p for p in chosen if p in choices]
        if not code:
            problems["indicator"] = "Give the new target's indicator, like NI 28"
        if outcomes and outcome not in outcomes:
            problems["outcome"] = "Choose the outcome the target serves"
        if unknown:
            problems["partners"] = f"{unknown[0][:60]} is not a partner authority of the area"
        elif not partners:
            problems["partners"] = "Choose the partner authorities signed up to the target"
        if problems:
            return None, problems
        return Item(change, code, new_target=new_target(key=code, category="local", outcome=outcome, yearly=yearly,
                                                        partners=partners)), {}
    target = values.get("target", "")
    if target not in {t.key for t in draft.targets}:
        problems["target"] = "Choose the target to change"
    if problems:
        return None, problems
    return Item(change, target, yearly), {}
