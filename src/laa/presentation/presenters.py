"""Presenters: turn models and values into display values (labels, tag colours).
Templates hold no logic beyond loops and these."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from laa.domain.signoff import STATE_LABELS, SignOffState
from laa.domain.signoff_guards import long_date
from laa.domain.text import plural  # noqa: F401 (the pages' plural: the domain's one)

PROVENANCE_TAGS = {
    "source-checked": ("Source-checked", "govuk-tag--green"),
    "recalled": ("Recalled", "govuk-tag--yellow"),
    "inferred": ("Inferred", "govuk-tag--orange"),
    "local": ("Set locally", "govuk-tag--blue"),
}


def provenance_tag(value: str) -> dict[str, str]:
    text, classes = PROVENANCE_TAGS.get(value, (value or "Unknown", "govuk-tag--grey"))
    return {"text": text, "classes": classes}


def yes_no(value: Any) -> str:
    return "Yes" if value else "No"


def govuk_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{long_date(value)} at {value:%H:%M}"
    return long_date(value)


def figure(value: Decimal | str | int | None, places: int | None = None) -> str:
    """A figure as people read it, on every page and in the document: thousands
    separated, to the indicator's decimal places (47 -> "47.0" for one place), never
    hiding places it was given with (39.33 stays "39.33" for one place); None or "" -> "–".
    The one formatter of figures for display (forms keep figures as typed)."""
    if value is None or value == "":
        return "–"
    value = Decimal(str(value))
    exponent = value.normalize().as_tuple().exponent
    given = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    shown = given if places is None else max(places, given)
    return f"{value:,.{shown}f}"


def field_error(errors: Mapping[str, str] | None, name: str, form: str = "", posted: str = "") -> dict[str, str] | None:
    """The `errorMessage` of a GOV.UK field: its message, or None (no error shown).
    Where a page has several forms sharing field names, `form` is this field's form and
    `posted` the form that was sent: only the posted form shows its errors. The one way
    every form of the service shows a field's error (a fresh form shows none)."""
    if not errors or form != posted:
        return None
    message = errors.get(name)
    return {"text": str(message)} if message else None


def error_list(errors: Mapping[str, str] | None, anchors: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """The error summary's items, each linking to its field (`anchors`: field -> the id
    of its first input, where the two differ, as for a date input or a prefixed form)."""
    anchors = anchors or {}
    return [{"text": str(message), "href": f"#{anchors.get(name, name)}"}
            for name, message in (errors or {}).items()]


GLOBALS = {"field_error": field_error}

FILTERS = {
    "provenance_tag": provenance_tag,
    "yes_no": yes_no,
    "govuk_date": govuk_date,
    "figure": figure,
}


def indicator_row(definition, statutory_ids: set[int]) -> dict[str, Any]:
    """One row of the catalogue table."""
    tags = []
    if definition.indicator_id in statutory_ids:
        tags.append({"text": "Statutory", "classes": "govuk-tag--purple"})
    if definition.place_survey:
        tags.append({"text": "Place Survey", "classes": "govuk-tag--turquoise"})
    if definition.deferred:
        tags.append({"text": f"From {definition.first_year}", "classes": "govuk-tag--grey"})
    if definition.indicator.partnership_id:
        tags.append({"text": "Local", "classes": "govuk-tag--blue"})
    return {
        "code": definition.indicator.code,
        "title": definition.title,
        "theme": definition.theme or definition.annex,
        "department": definition.department.code if definition.department else "",
        "department_name": definition.department.name if definition.department else "",
        "polarity": definition.get_polarity_display(),
        "source": definition.get_data_source_display(),
        "tags": tags,
    }


# --- an agreement's sign-off state, one tag everywhere ----------------------------------

STATE_TAG_CLASSES = {
    SignOffState.DRAFT: "govuk-tag--grey",
    SignOffState.SUBMITTED: "govuk-tag--blue",
    SignOffState.AGREED_WITH_GO: "govuk-tag--turquoise",
    SignOffState.COUNCIL_APPROVED: "govuk-tag--purple",
    SignOffState.RECOMMENDED: "govuk-tag--yellow",
    SignOffState.APPROVED: "govuk-tag--green",
    SignOffState.DESIGNATED: "govuk-tag--green",
    SignOffState.PUBLISHED: "govuk-tag--green",
}


def state_tag(state: str) -> dict[str, str]:
    """The tag of an agreement's sign-off state, the same on every page."""
    try:
        s = SignOffState(state)
    except ValueError:
        return {"text": state or "Unknown", "classes": "govuk-tag--grey laa-tag--wide"}
    return {"text": STATE_LABELS[s], "classes": f"{STATE_TAG_CLASSES[s]} laa-tag--wide"}


def date_input(values, name: str) -> str:
    """A GOV.UK date input's three fields (`name-day`, `name-month`, `name-year`) as one ISO
    date's text ("2009-03-31"), or as typed, joined, when one is missing (for the message)."""
    parts = [str(values.get(f"{name}-{p}", "")).strip()[:10] for p in ("year", "month", "day")]
    return "-".join([parts[0], parts[1].zfill(2), parts[2].zfill(2)]) if all(parts) else "-".join(parts)
