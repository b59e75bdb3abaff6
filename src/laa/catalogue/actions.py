"""Writes on the catalogue: a partnership's local indicator."""

from __future__ import annotations

import hashlib
import json
import re

from django.db import transaction

from laa.accounts.scopes import role_of
from laa.audit.trail import record
from laa.catalogue.datafile import YEARS
from laa.catalogue.models import (
    DataSource,
    Department,
    Frequency,
    Indicator,
    IndicatorDefinition,
    Polarity,
    Unit,
)
from laa.domain.roles import Role
from laa.permissions import require
from laa.places.models import Partnership

# A local code appears in URLs (/indicators/<code>): letters, digits and single
# hyphens between them, like L-STK-01; nothing that needs escaping in a path.
LOCAL_CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")


def _max_length(field: str) -> int:
    return IndicatorDefinition._meta.get_field(field).max_length


class LocalIndicatorError(ValueError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def add_local_indicator(*, actor, data, partnership: Partnership | None = None) -> IndicatorDefinition:
    """A partnership officer adds a local indicator for their own partnership, with
    the same fields as a national one."""
    require(actor, "catalogue.add_local_indicator",
            refusal="Only a partnership officer can add a local indicator for their area")
    errors: dict[str, str] = {}
    if partnership is None:
        if role_of(actor) != Role.PARTNERSHIP_OFFICER or not actor.area_id:
            raise LocalIndicatorError({"code": "Only a partnership officer can add a local indicator for their area"})
        partnership = Partnership.objects.filter(area_id=actor.area_id).first()
        if partnership is None:
            raise LocalIndicatorError({"code": "Your area has no partnership yet"})
    code = (data.get("code") or "").strip().upper()
    title = (data.get("title") or "").strip()
    if not code:
        errors["code"] = "Enter a code for the indicator, for example L-STK-01"
    elif code.startswith("NI"):
        errors["code"] = "A local indicator's code cannot start with NI: those are national indicators"
    elif len(code) > Indicator._meta.get_field("code").max_length:
        errors["code"] = "The code must be 32 characters or fewer"
    elif not LOCAL_CODE.fullmatch(code):
        errors["code"] = (
            "The code can only contain letters, numbers and hyphens between them, for example L-STK-01"
        )
    elif Indicator.objects.filter(code=code).exists():
        errors["code"] = f"There is already an indicator {code}"
    if not title:
        errors["title"] = "Enter the indicator's title"
    elif len(title) > _max_length("title"):
        errors["title"] = f"The title must be {_max_length('title')} characters or fewer"
    theme = (data.get("theme") or "").strip()
    if len(theme) > _max_length("theme"):
        errors["theme"] = f"The theme must be {_max_length('theme')} characters or fewer"
    first_year = (data.get("first_year") or "").strip() or "2008/09"
    if first_year not in YEARS:
        errors["first_year"] = f"The first year must be one of {', '.join(sorted(YEARS))}, for example 2009/10"
    choices = {
        "polarity": {c.value for c in Polarity},
        "unit": {c.value for c in Unit},
        "data_source": {c.value for c in DataSource},
        "frequency": {c.value for c in Frequency},
    }
    for field, allowed in choices.items():
        if data.get(field) not in allowed:
            errors[field] = f"Choose the indicator's {field.replace('_', ' ')}"
    places = (data.get("decimal_places") or "0").strip()
    if not places.isdigit() or int(places) > 6:
        errors["decimal_places"] = "Decimal places must be a whole number from 0 to 6"
    department = None
    if data.get("department"):
        department = Department.objects.filter(code=data.get("department")).first()
        if department is None:
            errors["department"] = "Choose a department from the list, or none"
    if errors:
        raise LocalIndicatorError(errors)
    fields = {
        "title": title,
        "polarity": data["polarity"],
        "unit": data["unit"],
        "decimal_places": int(places),
        "data_source": data["data_source"],
        "frequency": data["frequency"],
        "theme": theme,
        "note": (data.get("note") or "").strip(),
    }
    with transaction.atomic():
        indicator = Indicator.objects.create(code=code, partnership=partnership)
        definition = IndicatorDefinition.objects.create(
            indicator=indicator,
            version=1,
            department=department,
            first_year=first_year,
            # The Place Survey filter (and the survey's confidence intervals) go by these.
            place_survey=fields["data_source"] == DataSource.PLACE_SURVEY,
            tellus_survey=fields["data_source"] == DataSource.TELLUS_SURVEY,
            provenance={k: "local" for k in ("title", "department", "polarity", "unit", "data_source", "frequency")},
            content_hash=hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest(),
            **fields,
        )
        record(actor=actor, action="add-local-indicator", instance=indicator, before=None)
        record(actor=actor, action="add-local-indicator", instance=definition, before=None)
    return definition
