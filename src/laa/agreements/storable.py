"""What the database cannot hold of an agreement's draft, named by field, never a database error
(the rules of laa.domain judge meaning; these guard against silent rounding and text longer
than its column)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from laa.agreements.convert import target_fields
from laa.agreements.models import Consultation, Outcome, Target, TargetPartner
from laa.domain.composition import SELECTION_CRITERIA, AgreementDraft, TargetDraft
from laa.domain.figures import MAX_DECIMAL_PLACES, MAX_INTEGER_DIGITS, storable_problem
from laa.domain.input_limits import cut, shown


def _check_number(
    problems: dict[str, str], where: str, value: Decimal | None,
    places_limit: int = MAX_DECIMAL_PLACES, integer_limit: int = MAX_INTEGER_DIGITS,
) -> None:
    """Whether the column (decimal_places=places_limit, max_digits=places_limit + integer_limit)
    holds `value` exactly (`laa.domain.figures.storable_problem`)."""
    if value is None:
        return
    problem = storable_problem(value, places=places_limit, integer_digits=integer_limit)
    if problem:
        problems[where] = f"{value} {problem}"


# A target's text columns and where the agreement file holds them.
_TARGET_COLUMNS = {"key": "key", "group": "scope.group", "baseline_period": "baseline.period",
                   "baseline_source": "baseline.source", "placeholder_set_at": "placeholder.set_at",
                   "relative_to": "relative_to"}


def _too_long(problems: dict[str, str], where: str, model, column: str, value: str) -> None:
    """Text longer than its column holds: named by field, never a database error."""
    most = model._meta.get_field(column).max_length
    if most is not None and len(value) > most:
        problems[where] = f"must be {most:,} characters or fewer (it has {len(value):,})"


def storable_problems(draft: TargetDraft, where: str) -> dict[str, str]:
    """What the database cannot hold exactly, named by field (the rules judge meaning;
    this guards against silent rounding and text longer than its column)."""
    problems: dict[str, str] = {}
    stored = target_fields(draft)
    for column, path in _TARGET_COLUMNS.items():
        _too_long(problems, f"{where}.{path}", Target, column, stored[column])
    for j, p in enumerate(draft.partners):
        _too_long(problems, f"{where}.partners[{j}].organisation", TargetPartner, "name", p.organisation)
    b = draft.baseline
    for name, value in (("baseline.value", b.value), ("baseline.ci_lower", b.ci_lower),
                        ("baseline.ci_upper", b.ci_upper)):
        _check_number(problems, f"{where}.{name}", value)
    percent = Target._meta.get_field("improvement_percent")  # a narrower column: (8, 3)
    _check_number(problems, f"{where}.improvement_percent", draft.improvement_percent,
                  percent.decimal_places, percent.max_digits - percent.decimal_places)
    for year, value in draft.yearly.items():
        _check_number(problems, f"{where}.targets.{year}", value)
    if draft.placeholder is not None and not draft.placeholder.reason.strip():
        problems[f"{where}.placeholder.reason"] = "a placeholder needs its reason"
    names = [p.organisation for p in draft.partners]
    if len(set(names)) != len(names):
        problems[f"{where}.partners"] = "an organisation is named twice"
    if any(not n.strip() for n in names):
        problems[f"{where}.partners"] = "a partner has no organisation name"
    return problems


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(text: str) -> date | None:
    """The date of "2008-01-15"; None if the text is not one."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def draft_problems(draft: AgreementDraft) -> dict[str, str]:
    """What the database cannot hold of the outcomes' criteria and the consultations."""
    problems: dict[str, str] = {}
    for i, o in enumerate(draft.outcomes):
        _too_long(problems, f"outcomes[{i}].id", Outcome, "key", o.id)
        _too_long(problems, f"outcomes[{i}].title", Outcome, "title", o.title)
        _too_long(problems, f"outcomes[{i}].theme", Outcome, "theme", o.theme)
        unknown = [c for c in o.criteria if c not in SELECTION_CRITERIA]
        if unknown:
            problems[f"outcomes[{i}].criteria"] = f"unknown criteria: {cut(', '.join(unknown))}"
    limit = Consultation._meta.get_field("consultee").max_length or 0
    for i, c in enumerate(draft.consultations):
        if not c.consultee.strip():
            problems[f"consultations[{i}].consultee"] = "enter who was consulted"
        elif len(c.consultee) > limit:
            problems[f"consultations[{i}].consultee"] = f"longer than {limit} characters"
        if c.held_on is not None and iso_date(c.held_on) is None:
            problems[f"consultations[{i}].held_on"] = f"{shown(c.held_on)} is not a date such as 2008-01-15"
    return problems

def omission_problems(draft: AgreementDraft) -> dict[str, str]:
    """What the database cannot hold of the statutory omissions (D3)."""
    problems: dict[str, str] = {}
    seen: set[str] = set()
    for i, o in enumerate(draft.statutory_omissions):
        if o.indicator in seen:
            problems[f"statutory_omissions[{i}].indicator"] = f"{o.indicator} is left out twice"
        seen.add(o.indicator)
        if o.agreed_on is not None and iso_date(o.agreed_on) is None:
            problems[f"statutory_omissions[{i}].agreed_on"] = f"{o.agreed_on!r} is not a date such as 2008-03-31"
    return problems
