"""Parsing the agreement pages' forms into what the actions take (a `TargetDraft`, the
fields of an agreement, an outcome, a consultation), with one plain-English error per
field, keyed by the id of the field on the page so the error summary can link to it.

Nothing here writes: the views hand the parsed values to `agreements.actions`. The
target form, the largest, is parsed in `forms_targets`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from laa.agreements.models import CRITERIA
from laa.domain.figures import FigureError, parse_figure
from laa.domain.input_limits import MAX_TEXT_CHARS

Errors = dict[str, str]

# --- small parsers ------------------------------------------------------------------------


def text(data, name: str) -> str:
    return (data.get(name) or "").strip()


def check_lengths(data, limits: dict[str, tuple[str, int]], errors: Errors) -> None:
    """Text longer than its column holds: an error naming the field, not a database error."""
    for name, (label, most) in limits.items():
        if len(text(data, name)) > most and name not in errors:
            errors[name] = f"{label} must be {most:,} characters or fewer"


TEXT_HINT = f"Up to {MAX_TEXT_CHARS:,} characters."


def free_text(labels: dict[str, str]) -> dict[str, tuple[str, int]]:
    """Free-text fields {name: label} with the one limit of free text (`MAX_TEXT_CHARS`)."""
    return {name: (label, MAX_TEXT_CHARS) for name, label in labels.items()}


def parse_version(data) -> int:
    """The version the editor saw; -1 (never current) if the form lost it, so the
    action refuses the edit as stale rather than guessing."""
    try:
        return int(text(data, "version"))
    except ValueError:
        return -1


def parse_decimal(raw: str, label: str, example: str, errors: Errors, name: str) -> Decimal | None:
    """A number as typed ("1,234.5", " 18.2 ", "1 234"), or None if blank; an error naming
    the field if not (the one figure parser, `laa.domain.figures`)."""
    try:
        return parse_figure(raw)
    except FigureError as error:
        message = str(error)
        if message.startswith("must be a number,"):
            message = f"must be a number, like {example}"
        errors[name] = f"{label} {message}"
        return None


def parse_whole(raw: str, label: str, example: str, errors: Errors, name: str) -> int | None:
    cleaned = raw.strip().replace(",", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        errors[name] = f"{label} must be a whole number, like {example}"
        return None
    value = int(cleaned)
    if value < 1:
        errors[name] = f"{label} must be at least 1"
        return None
    if value > 2_147_483_647:
        errors[name] = f"{label} is too large"
        return None
    return value


# --- the agreement ------------------------------------------------------------------------

YES_NO = {"yes": True, "no": False}


def parse_agreement_fields(data) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    fields: dict[str, Any] = {
        "story_of_place": text(data, "story_of_place"),
        "evidence": text(data, "evidence"),
        "sustainability_assessed": "sustainability" in data.getlist("assessments"),
        "equality_assessed": "equality" in data.getlist("assessments"),
    }
    check_lengths(data, free_text({"story_of_place": "The story of place", "evidence": "The evidence"}), errors)
    education = text(data, "education_responsibility")
    if education not in YES_NO:
        errors["education_responsibility"] = "Select yes if the council is the local education authority"
    else:
        fields["education_responsibility"] = YES_NO[education]
    return fields, errors


def agreement_values(agreement) -> dict[str, Any]:
    """The agreement's fields as the edit form shows them."""
    return {
        "story_of_place": agreement.story_of_place,
        "evidence": agreement.evidence,
        "education_responsibility": "yes" if agreement.education_responsibility else "no",
        "assessments": [name for name, on in (("sustainability", agreement.sustainability_assessed),
                                              ("equality", agreement.equality_assessed)) if on],
    }


def submitted_agreement_values(data) -> dict[str, Any]:
    return {
        "story_of_place": data.get("story_of_place", ""),
        "evidence": data.get("evidence", ""),
        "education_responsibility": data.get("education_responsibility", ""),
        "assessments": data.getlist("assessments"),
    }


# --- outcomes -----------------------------------------------------------------------------

CRITERIA_KEYS = tuple(key for key, _ in CRITERIA)


def parse_outcome(data) -> tuple[dict[str, Any], Errors]:
    """The keyword arguments of `actions.save_outcome`; the action checks the key and title."""
    chosen = data.getlist("criteria")
    errors: Errors = {}
    unknown = [c for c in chosen if c not in CRITERIA_KEYS]
    if unknown:
        errors["criteria"] = "Select criteria from the list"
    check_lengths(data, {"title": ("The outcome", 300), "theme": ("The theme", 200),
                         **free_text({"evidence": "The evidence", "assessment": "The assessment"})}, errors)
    return {
        "key": text(data, "key"),
        "title": text(data, "title"),
        "theme": text(data, "theme"),
        "evidence": text(data, "evidence"),
        "criteria": {c: True for c in chosen if c in CRITERIA_KEYS},
        "assessment": text(data, "assessment"),
    }, errors


def outcome_values(outcome) -> dict[str, Any]:
    return {
        "key": outcome.key, "title": outcome.title, "theme": outcome.theme, "evidence": outcome.evidence,
        "criteria": [k for k, v in (outcome.criteria or {}).items() if v], "assessment": outcome.assessment,
    }


def submitted_outcome_values(data) -> dict[str, Any]:
    values = {name: data.get(name, "") for name in ("key", "title", "theme", "evidence", "assessment")}
    values["criteria"] = data.getlist("criteria")
    return values


# --- consultations ------------------------------------------------------------------------


def parse_date(data, prefix: str, label: str, errors: Errors, *, today: date) -> date | None:
    """A GOV.UK date input (prefix-day, prefix-month, prefix-year). Blank is allowed."""
    parts = {p: text(data, f"{prefix}-{p}") for p in ("day", "month", "year")}
    if not any(parts.values()):
        return None
    missing = [p for p, v in parts.items() if not v]
    if missing:
        errors[prefix] = f"{label} must include a {' and '.join(missing)}"
        return None
    if not all(v.isdigit() for v in parts.values()) or len(parts["year"]) != 4:
        errors[prefix] = f"{label} must be a real date, like 27 3 2008"
        return None
    try:
        value = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        errors[prefix] = f"{label} must be a real date, like 27 3 2008"
        return None
    if value > today:
        errors[prefix] = f"{label} must be today or in the past"
        return None
    return value


def parse_consultation(data, *, today: date) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    held_on = parse_date(data, "held_on", "The date of the consultation", errors, today=today)
    consultee = text(data, "consultee")
    if not consultee:
        errors["consultee"] = "Enter who was consulted"
    elif len(consultee) > 200:
        errors["consultee"] = "Who was consulted must be 200 characters or fewer"
    check_lengths(data, free_text({"summary": "What they said"}), errors)
    return {"consultee": consultee, "held_on": held_on, "summary": text(data, "summary")}, errors
