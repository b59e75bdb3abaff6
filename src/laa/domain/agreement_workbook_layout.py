"""The layout of the agreement workbook: sheets, columns and their headers."""

from __future__ import annotations

import re
from typing import Any

from laa.domain.agreement_file_schema import AgreementFileError

AGREEMENT, OUTCOMES, TARGETS, SUB_TARGETS = "Agreement", "Outcomes", "Targets", "RewardSubTargets"
CONSULTATIONS = "Consultations"
OMISSIONS = "StatutoryOmissions"
NONE_SET = "none set"  # a year cell saying explicitly that no target is set

# (field name, header) of each column, in order; year columns go after "sample_size".
OUTCOME_COLUMNS = [
    ("id", "Id"), ("title", "Title"), ("theme", "Theme"), ("evidence", "Evidence"),
    ("criteria", "Criteria"), ("assessment", "Assessment"),
]
TARGET_COLUMNS_BEFORE_YEARS = [
    ("key", "Key"), ("indicator", "Indicator"), ("category", "Category"),
    ("outcome", "Outcome"), ("sub_areas", "Sub-areas"), ("group", "Group"),
    ("baseline_value", "Baseline value"), ("baseline_period", "Baseline period"),
    ("baseline_source", "Baseline source"), ("ci_lower", "CI lower"), ("ci_upper", "CI upper"),
    ("sample_size", "Sample size"),
]
TARGET_COLUMNS_AFTER_YEARS = [
    ("placeholder_reason", "Placeholder reason"), ("placeholder_set_at", "Placeholder set at"),
    ("improvement_percent", "Improvement percent"), ("relative_to", "Relative to"),
    ("partners", "Partners"), ("reward_without_reward", "Reward without reward"),
    ("reward_stretched", "Reward stretched"), ("reward_weight", "Reward weight"),
    ("delivery_plan", "Delivery plan"), ("direction_of_travel", "Direction of travel"),
    ("placeholder_go_agreed", "Placeholder agreed by GO"),
    ("target_periods", "Target periods"), ("direction_reason", "Direction reason"),
]
SUB_TARGET_COLUMNS = [
    ("target", "Target key"), ("label", "Label"), ("without_reward", "Without reward"),
    ("stretched", "Stretched"), ("share", "Share"),
]
CONSULTATION_COLUMNS = [("consultee", "Consultee"), ("held_on", "Held on"), ("summary", "Summary")]
OMISSION_COLUMNS = [("indicator", "Indicator"), ("agreed_on", "Agreed with DCSF on"), ("reason", "Reason")]
AGREEMENT_FIELDS = [
    "format", "area", "round", "education_responsibility", "period_start", "period_end",
    "story_of_place", "evidence", "sustainability_assessed", "equality_assessed",
]
BOOLEAN_FIELDS = ("education_responsibility", "sustainability_assessed", "equality_assessed")
YEAR = re.compile(r"^\d{4}/\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTNER = re.compile(r"^(.*?)\s*\(([^()]*)\)$", re.DOTALL)


class AgreementWorkbookError(AgreementFileError):
    """A workbook that cannot be read as an agreement; each problem names sheet, row, column."""


def normal_header(header: Any) -> str:
    """ "Baseline value" -> "baseline_value": how headers are matched to fields."""
    return re.sub(r"[^a-z0-9/]+", "_", str(header).strip().lower()).strip("_")
