"""Display values for the pages of an agreement's versions (ADR 0020): the list, one
version's summary, and what changed between two. Templates hold no logic beyond loops."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from laa.domain.roles import ROLE_LABELS, Role
from laa.domain.versions import CATEGORY_WORDS, TargetChange, VersionDiff
from laa.presentation.presenters import govuk_date
from laa.signoff.models import AgreementVersion

KIND_TAGS = {
    "added": {"text": "Added", "classes": "govuk-tag--green"},
    "removed": {"text": "Removed", "classes": "govuk-tag--red"},
    "changed": {"text": "Changed", "classes": "govuk-tag--blue"},
}
FORMATS = {"yaml": "application/yaml", "json": "application/json"}


def approved_by(version: AgreementVersion) -> str:
    """Who approved the version: the sign-off step's person, or (an approved revision) the
    approver the version names."""
    status = version.status
    name, code = (status.by_name, status.role) if status is not None else (version.approved_by_name,
                                                                             version.approved_role)
    role = ROLE_LABELS.get(Role(code), code) if code else ""
    return f"{name}, {role}" if role else name


def approved_at(version: AgreementVersion):
    return version.status.at if version.status is not None else version.approved_at


def links(area_code: str, number: int) -> dict[str, str]:
    return {
        "page": reverse("signoff:version", args=[area_code, number]),
        "document": reverse("signoff:version_document", args=[area_code, number]),
        "yaml": reverse("signoff:version_file", args=[area_code, number, "yaml"]),
        "json": reverse("signoff:version_file", args=[area_code, number, "json"]),
    }


def version_rows(area_code: str, versions: list[AgreementVersion], in_force: int | None) -> list[dict]:
    return [
        {
            "number": v.number,
            "in_force_from": govuk_date(v.in_force_from),
            "approved": f"{approved_by(v)} on {govuk_date(approved_at(v))}",
            "hash": v.content_hash,
            "in_force": v.number == in_force,
            "links": links(area_code, v.number),
        }
        for v in versions
    ]


def version_summary(version: AgreementVersion, in_force: int | None, today: date) -> list[dict]:
    """The summary list of one version: number, when in force, who approved it, its fingerprint."""
    standing = (
        f"In force today ({govuk_date(today)})" if version.number == in_force
        else ("Not yet in force" if version.in_force_from > today else "Replaced by a later version")
    )
    return [
        {"key": {"text": "Version"}, "value": {"text": str(version.number)}},
        {"key": {"text": "In force from"}, "value": {"text": govuk_date(version.in_force_from)}},
        {"key": {"text": "Standing"}, "value": {"text": standing}},
        {"key": {"text": "Approved by"}, "value": {"text": f"{approved_by(version)} on {govuk_date(approved_at(version))}"}},
        {"key": {"text": "Fingerprint"}, "value": {"html": f'<code class="laa-hash">{version.content_hash}</code>'}},
    ]


def _target_title(t: TargetChange) -> str:
    return t.indicator if t.key == t.indicator else f"{t.indicator} ({t.key})"


def diff_sections(diff: VersionDiff) -> list[dict]:
    """One section per changed target, with its rows (what, before, after); then the
    outcomes and the agreement's own fields. "" shows as "None"."""
    sections = []
    for t in diff.targets:
        designation = t.designation
        sections.append({
            "id": f"target-{t.key}".replace(" ", "-").lower(),
            "title": _target_title(t),
            "tag": KIND_TAGS[t.kind],
            "note": (f"{CATEGORY_WORDS[t.category]} target"
                     + (f", {designation}" if designation else "")),
            "rows": [{"what": c.what, "before": c.before or "None", "after": c.after or "None"} for c in t.changes],
        })
    return sections


def other_rows(diff: VersionDiff) -> list[dict]:
    return [{"what": c.what, "before": c.before or "None", "after": c.after or "None"}
            for c in (*diff.outcomes, *diff.agreement)]


def diff_counts(diff: VersionDiff) -> list[dict]:
    return [
        {"key": {"text": "Targets added"}, "value": {"text": str(len(diff.added))}},
        {"key": {"text": "Targets removed"}, "value": {"text": str(len(diff.removed))}},
        {"key": {"text": "Targets changed"}, "value": {"text": str(len(diff.changed))}},
        {"key": {"text": "Outcomes and the agreement's own text"},
         "value": {"text": str(len(diff.outcomes) + len(diff.agreement)) + " changes"}},
    ]


def compare_items(numbers: list[int], older: int | None = None, newer: int | None = None) -> tuple[list, list]:
    """The choices of the compare form: from any version but the last (the one before the
    last by default), to any but the first (the last by default). Empty with one version."""
    if len(numbers) < 2:
        return [], []
    older = older if older is not None else numbers[-2]
    newer = newer if newer is not None else numbers[-1]
    return ([{"value": n, "text": f"Version {n}", "selected": n == older} for n in numbers[:-1]],
            [{"value": n, "text": f"Version {n}", "selected": n == newer} for n in reversed(numbers[1:])])
