"""Presenters for the agreement pages: models, findings and drafts turned into display
values (labels, tag colours, table rows), so that the templates hold no logic."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.urls import reverse

from laa.agreements.forms_targets import none_field, period_field, year_field
from laa.agreements.intervals import computed_interval_text
from laa.agreements.models import CATEGORY_LABELS, CRITERIA, DUTY_LABELS
from laa.domain.composition import CATEGORIES
from laa.domain.rules import DESIGNATED_LIMIT, RULES, Finding, designated_indicators
from laa.presentation.presenters import error_list, figure, govuk_date, plural, state_tag  # noqa: F401 (error_list: the shared one)

CATEGORY_HEADINGS = {
    "designated": "Designated targets",
    "statutory": "Statutory education and early-years targets",
    "local": "Local targets",
}
CATEGORY_HINTS = {
    "designated": "At most 35, on indicators of the National Indicator Set, agreed with the Government Office (D2).",
    "statutory": "Agreed directly with DCSF; never among the 35 designated targets (D3).",
    "local": "Any number, on national or local indicators; the duty to have regard applies too (D4).",
}
CRITERIA_LABELS = dict(CRITERIA)
SHORT_DUTY = {"have_regard": "Duty to have regard", "voluntary": "Voluntary: no statutory duty"}
SEVERITY_TAGS = {
    "error": {"text": "Must fix", "classes": "govuk-tag--red"},
    "warning": {"text": "Check", "classes": "govuk-tag--yellow"},
}


# --- findings -----------------------------------------------------------------------------


def finding_view(finding: Finding) -> dict[str, Any]:
    return {
        "tag": SEVERITY_TAGS.get(finding.severity, {"text": finding.severity, "classes": "govuk-tag--grey"}),
        "error": finding.severity == "error",
        "message": finding.message,
        "rule": finding.rule,
        "rule_href": reverse("agreements:rules") + f"#rule-{finding.rule}",
    }


def findings_view(findings: list[Finding]) -> dict[str, Any]:
    """Findings split by severity, errors first, with counts in words."""
    errors = [finding_view(f) for f in findings if f.severity == "error"]
    warnings = [finding_view(f) for f in findings if f.severity != "error"]
    return {
        "errors": errors,
        "warnings": warnings,
        "all": errors + warnings,
        "count_text": ", ".join(
            part for part in (
                plural(len(errors), "problem to fix", "problems to fix") if errors else "",
                plural(len(warnings), "warning") if warnings else "",
            ) if part
        ),
        "tags": ([{"text": plural(len(errors), "error"), "classes": "govuk-tag--red"}] if errors else [])
        + ([{"text": plural(len(warnings), "warning"), "classes": "govuk-tag--yellow"}] if warnings else []),
    }


def general_findings_summary(findings: list[Finding]) -> dict[str, Any]:
    """The agreement-wide findings for the error summary at the top of the overview."""
    view = findings_view(findings)
    return {
        "error_list": [{"text": f["message"], "href": f["rule_href"]} for f in view["errors"]],
        "warnings": view["warnings"],
    }


def rules_rows() -> list[dict[str, Any]]:
    return [
        {"id": rule.id, "anchor": f"rule-{rule.id}", "tag": SEVERITY_TAGS[rule.severity],
         "description": rule.description}
        for rule in RULES
    ]


# --- the agreement ------------------------------------------------------------------------


def counts_view(targets, shared: frozenset[str] = frozenset()) -> dict[str, Any]:
    """How many targets of each kind; designated indicators are counted once (D2), with
    those designated in the area's multi-area agreements (`shared`, D17)."""
    designated = designated_indicators(((t.category, t.indicator.code) for t in targets), shared)
    statutory = [t for t in targets if t.category == "statutory"]
    local = [t for t in targets if t.category == "local"]
    over = len(designated) > DESIGNATED_LIMIT
    return {
        "designated": len(designated),
        "designated_text": f"{plural(len(designated), 'designated target')} of at most {DESIGNATED_LIMIT} "
                           "(indicators counted once"
                           + (f"; {len(shared)} designated in a multi-area agreement" if shared else "") + ")",
        "designated_over": over,
        "statutory_text": plural(len(statutory), "statutory education target"),
        "local_text": plural(len(local), "local target"),
    }


def partner_text(partners) -> list[dict[str, str]]:
    return [
        {"name": p.name, "note": ", ".join(n for n in ("lead" if p.lead else "",
                                                       "voluntary" if p.duty == "voluntary" else "") if n)}
        for p in partners
    ]


def target_row(target, years: tuple[str, ...], indicators: dict[int, tuple[str, int]], findings: list[Finding],
               area_code: str) -> dict[str, Any]:
    title, places = indicators.get(target.indicator_id, ("", None))
    scope_parts = []
    if target.sub_areas:
        scope_parts.append(", ".join(target.sub_areas))
    if target.group:
        scope_parts.append(f"group: {target.group}")
    yearly = []
    for year in years:
        value = target.yearly.get(year)
        if value is not None:
            yearly.append(figure(value, places))
        elif target.placeholder_reason:
            yearly.append("to be set")
        else:
            yearly.append("–")
    if target.improvement_percent is not None:
        yearly[-1] = f"+{figure(target.improvement_percent)}% on baseline"  # a percentage, not the unit
    return {
        "id": target.pk,
        "anchor": f"target-{target.pk}",
        "code": target.indicator.code,
        "title": title,
        "key": target.key,
        "scope": "; ".join(scope_parts) or "Whole area",
        "outcome": target.outcome.title if target.outcome_id else "No outcome",
        "baseline": figure(target.baseline_value, places),
        "baseline_period": target.baseline_period,
        "yearly": yearly,
        "placeholder": bool(target.placeholder_reason),
        "relative_to": target.relative_to,
        "partners": partner_text(target.partners.all()),
        "findings": findings_view(findings),
        "href": reverse("agreements:target", args=[area_code, target.pk]),
    }


def target_groups(targets, years, indicators, per_target: dict[str, list[Finding]], area_code: str) -> list[dict]:
    grouped: dict[str, list] = defaultdict(list)
    for t in targets:
        grouped[t.category].append(target_row(t, years, indicators, per_target.get(t.key, []), area_code))
    return [
        {"category": c, "heading": CATEGORY_HEADINGS[c], "hint": CATEGORY_HINTS[c], "rows": grouped.get(c, []),
         "id": f"targets-{c}"}
        for c in CATEGORIES
    ]


def outcome_rows(outcomes, target_counts: dict[int, int]) -> list[dict[str, Any]]:
    return [
        {
            "id": o.pk,
            "key": o.key,
            "title": o.title,
            "theme": o.theme or "–",
            "evidence": o.evidence or "–",
            "criteria": [CRITERIA_LABELS.get(k, k) for k, v in (o.criteria or {}).items() if v],
            "assessment": o.assessment,
            "targets": plural(target_counts.get(o.pk, 0), "target"),
        }
        for o in outcomes
    ]


def consultation_rows(consultations) -> list[dict[str, Any]]:
    return [
        {"id": c.pk, "consultee": c.consultee, "held_on": govuk_date(c.held_on) or "Not recorded",
         "summary": c.summary or "–"}
        for c in consultations
    ]


def paragraphs(text: str) -> list[str]:
    """Text as typed, split into paragraphs at blank lines."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def assessments_text(agreement) -> str:
    done = [label for label, on in (("sustainability appraisal", agreement.sustainability_assessed),
                                    ("equality impact assessment", agreement.equality_assessed)) if on]
    return ("Done: " + " and ".join(done)) if done else "Not recorded yet"


def agreement_summary_rows(agreement) -> list[dict[str, Any]]:
    """The agreement's own fields, for the overview and the stale-edit page."""
    return [
        {"key": {"text": "Period"}, "value": {"text": f"{agreement.period_start} to {agreement.period_end}"}},
        {"key": {"text": "Education responsibility"},
         "value": {"text": "Yes: the council is the local education authority (D3)"
                   if agreement.education_responsibility else "No"}},
        {"key": {"text": "Impact assessments"}, "value": {"text": assessments_text(agreement)}},
        {"key": {"text": "Version"}, "value": {"text": str(agreement.version)}},
    ]


def export_links(area_code: str) -> list[dict[str, str]]:
    labels = {"yaml": "YAML agreement file", "json": "JSON agreement file", "xlsx": "XLSX workbook"}
    return [{"href": reverse("agreements:export", args=[area_code, fmt]), "text": label}
            for fmt, label in labels.items()]


def document_links(area_code: str) -> list[dict[str, str]]:
    """The agreement document and its PDF."""
    return [{"href": reverse(name, args=[area_code]), "text": label}
            for name, label in (("agreements:document", "Read the agreement document"),
                                ("agreements:document_pdf", "Download the agreement document (PDF)"))]


def agreement_list_rows(agreements) -> list[dict[str, Any]]:
    return [
        {"href": reverse("agreements:detail", args=[a.area.code]), "area": a.area.name, "code": a.area.code,
         "region": a.area.region.name, "state": state_tag(a.state), "updated": govuk_date(a.updated_at)}
        for a in agreements
    ]


# --- one target ---------------------------------------------------------------------------


def interval_text(target, places: int | None = None, definition=None) -> str:
    """The baseline's 95% confidence interval (D7): the limits given, else the Wilson
    interval worked out from the baseline's value and sample size (with the indicator's
    `definition`), e.g. "47.05% to 52.95% (Wilson, sample 1,100)"; "–" if neither."""
    if target.ci_lower is not None or target.ci_upper is not None:
        return f"{figure(target.ci_lower, places)} to {figure(target.ci_upper, places)}"
    return computed_interval_text(target, definition) or "–"


def target_summary_rows(target, years: tuple[str, ...], title: str, places: int | None = None,
                        definition=None) -> list[dict[str, Any]]:
    """Every field of a stored target, as a summary list (the target page, the 409 page)."""
    reward = target.reward
    rows = [
        ("Indicator", f"{target.indicator.code}: {title}" if title else target.indicator.code),
        ("Category", CATEGORY_LABELS.get(target.category, target.category)),
        ("Outcome", target.outcome.title if target.outcome_id else "None"),
        ("Sub-areas", ", ".join(target.sub_areas) or "Whole area"),
        ("Client group", target.group or "Everyone"),
        ("Baseline", " ".join(p for p in (figure(target.baseline_value, places),
                                          f"({target.baseline_period})" if target.baseline_period else "") if p)),
        ("Baseline source", target.baseline_source or "–"),
        ("Confidence interval (95%)", interval_text(target, places, definition)),
        ("Sample size", figure(target.sample_size) if target.sample_size else "–"),
    ]
    rows += [(f"Target for {year}", figure(target.yearly.get(year), places)) for year in years]
    rows += [
        ("Placeholder", f"{target.placeholder_reason} (to be set at {target.placeholder_set_at or 'a later review'})"
         if target.placeholder_reason else "No"),
        ("Improvement over a baseline to be confirmed", f"{figure(target.improvement_percent)}%"
         if target.improvement_percent is not None else "–"),
        ("Relative to", target.relative_to or "–"),
        ("Partners signed up", "; ".join(
            f"{p.name} ({DUTY_LABELS.get(p.duty, p.duty).lower()}{', lead' if p.lead else ''})"
            for p in target.partners.all()) or "None"),
        ("Change and delivery plan", target.delivery_plan or "–"),
    ]
    if target.direction_of_travel or getattr(definition, "place_survey", False):
        rows.append(("Direction of travel in the non-survey year", target.direction_of_travel or "Not agreed yet"))
    rows += [
        ("Reward element", f"without reward {figure(reward['without_reward'], places)}, stretched "
         f"{figure(reward['stretched'], places)}, weight {figure(reward.get('weight', '1'))}" if reward else "None"),
        ("Version", str(target.version)),
    ]
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def stale_view(exc, current_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What the 409 page says: who changed the record, and its current values."""
    who = exc.changed_by or "someone else"
    return {
        "heading": f"{exc.record_label} was changed by {who} while you were editing it",
        "body": (f"You opened version {exc.seen}; it is now version {exc.current}. Nothing you sent was saved. "
                 "Its current values are below, and your changes are still in the form: check them "
                 "against the current values, then save again."),
        "rows": current_rows,
    }


# --- the target form ----------------------------------------------------------------------


def target_form_choices(*, years, outcomes, districts, partners, values, errors) -> dict[str, Any]:
    """Items for the target form's radios, select, checkboxes and partner table."""
    category_items = [
        {"value": c, "text": CATEGORY_LABELS[c], "hint": {"text": CATEGORY_HINTS[c]},
         "checked": values.get("category") == c}
        for c in CATEGORIES
    ]
    outcome_items = [{"value": "", "text": "Choose an outcome"}] + [
        {"value": o.key, "text": o.title, "selected": values.get("outcome") == o.key} for o in outcomes
    ]
    district_items = [
        {"value": d, "text": d, "checked": d in values.get("sub_areas", [])} for d in districts
    ]
    chosen, lead = values.get("partners", []), values.get("lead", "")
    partner_rows = [
        {"id": "partners" if i == 0 else f"partners-{i + 1}", "lead_id": f"lead-{i + 1}", "name": p.name,
         "duty": SHORT_DUTY[p.duty], "checked": p.name in chosen, "lead": p.name == lead}
        for i, p in enumerate(partners)
    ]
    year_fields = [
        {"name": year_field(y), "label": f"Target for {y}", "value": values.get(year_field(y), ""),
         "error": errors.get(year_field(y)), "year": y,
         "period_name": period_field(y), "period_value": values.get(period_field(y), ""),
         "period_error": errors.get(period_field(y)),
         "none_name": none_field(y), "none_checked": bool(values.get(none_field(y)))}
        for y in years
    ]
    later = ("placeholder_reason", "placeholder_set_at", "improvement_percent", "relative_to",
             "placeholder_go_agreed")
    reward = ("reward_without", "reward_stretched", "reward_weight")
    return {"category_items": category_items, "outcome_items": outcome_items, "district_items": district_items,
            "partner_rows": partner_rows, "no_lead": not lead, "year_fields": year_fields,
            # the folded sections open when they hold a value or an error
            "later_open": any(values.get(n) or errors.get(n) for n in later),
            "reward_open": any(values.get(n) or errors.get(n) for n in reward)}


def criteria_items(chosen: list[str]) -> list[dict[str, Any]]:
    return [{"value": key, "text": label, "checked": key in chosen} for key, label in CRITERIA]
