"""The shapes of the agreements API (`agreements.api`).

An agreement's and a target's content travel as the agreement file's data
(`laa-agreement/1`, docs/agreement-file/): `agreement` is a whole file, `target` one item
of its `targets`. Numbers are JSON numbers, read exactly (never through a float).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from laa.domain.input_limits import MAX_DEPTH, MAX_NAME_CHARS, MAX_NUMBER_CHARS, MAX_TEXT_CHARS
from laa.presentation.api_lists import Limit, Offset, Page
from laa.presentation.api_schemas import ERRORS, Error

TARGET = (
    "One item of laa-agreement/1 `targets` (docs/agreement-file/README.md): `indicator`, "
    "`category`, `outcome`, `scope`, `baseline`, `targets`, `placeholder`, `improvement_percent`, "
    "`relative_to`, `partners`, `reward`, `delivery_plan` and, for a Place Survey indicator, "
    "`direction_of_travel`: how the GO and partnership agreed to gauge direction of travel in "
    "the non-survey year (D7)."
)


class AgreementSummary(Schema):
    id: int
    area: str
    area_name: str
    region: str
    round: int
    period_start: str
    period_end: str
    state: str
    version: int
    designated: int
    statutory: int
    local: int
    published_at: datetime | None
    updated_at: datetime


SUMMARY_COLUMNS = list(AgreementSummary.model_fields)


class AgreementPage(Page):
    items: list[AgreementSummary]


class AgreementQuery(Schema):
    region: str = ""
    state: str = ""
    round: int | None = None
    offset: Offset = 0
    limit: Limit = 100
    format: Literal["json", "csv"] | None = None


class RoundQuery(Schema):
    round: int | None = None


class VersionQuery(Schema):
    version: int  # the target's version you read
    round: int | None = None


class AgreementOut(Schema):
    id: int
    area: str
    area_name: str
    round: int
    version: int
    state: str
    state_label: str
    published_at: datetime | None
    updated_at: datetime
    complete: bool  # false: the reader's scope shows only some targets (a department)
    agreement: dict[str, Any]  # laa-agreement/1


LIMITS = (
    f"Free text at most {MAX_TEXT_CHARS:,} characters, names at most {MAX_NAME_CHARS}; no control "
    f"characters or lone surrogates; nesting at most {MAX_DEPTH} levels; numbers at most "
    f"{MAX_NUMBER_CHARS} characters (docs/agreement-file/README.md, Limits). The request body "
    "may be 2.5 MB at most (413 beyond)."
)


class AgreementIn(Schema):
    version: int  # the version you read; a stale one gets 409 and nothing is saved
    agreement: dict[str, Any] = Field(
        description="laa-agreement/1 data: replaces the agreement's content. " + LIMITS
    )


class TargetOut(Schema):
    id: int
    key: str
    version: int
    category: str
    indicator: str
    agreement_version: int
    target: dict[str, Any] = Field(description=TARGET)
    notices: list[str] = Field(
        default_factory=list,
        description="After a write that changed the target's values: what must be restated, naming the "
                    "target (e.g. a reward element that no longer fits the new values, D20).",
    )


class TargetPage(Page):
    items: list[TargetOut]


class TargetQuery(Schema):
    round: int | None = None
    category: Literal["", "designated", "statutory", "local"] = ""
    offset: Offset = 0
    limit: Limit = 100
    format: Literal["json", "csv"] | None = None


class TargetIn(Schema):
    target: dict[str, Any] = Field(description=TARGET + " " + LIMITS)


class TargetUpdate(Schema):
    version: int  # the target's version you read
    target: dict[str, Any] = Field(description=TARGET + " " + LIMITS)


class Deleted(Schema):
    detail: str
    agreement_version: int


class FindingOut(Schema):
    rule: str
    severity: str
    target: str | None
    message: str


class Change(Schema):
    at: datetime
    by: str
    action: str
    record: str
    fields: list[str]


class Conflict(Error):
    """409: a stale edit (what changed since your version, and by whom) or a frozen agreement."""

    your_version: int | None = None
    current_version: int | None = None
    changed_by: str = ""
    changes: list[Change] = []


RESPONSES = {**ERRORS, 409: Conflict, 413: Error}  # 413: a body over the size limit
