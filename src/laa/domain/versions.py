"""Versions of an approved agreement (D14-D16): which version is in force on a day, and
what changed between two versions, target by target.

Approval, and every later approved change, keeps the whole agreement as an immutable
version numbered 1, 2, ... with the day it is in force from. Two versions are compared
as agreement-file drafts (`laa-agreement/1`, read back from what each version stores):

    diff = compare(older_draft, newer_draft)
    diff.added, diff.removed, diff.changed      # TargetChange, each with its Changes
    version_in_force(versions, on=date(2009, 4, 1))

Targets are matched by their key (unique within an agreement). A change's `before` and
`after` are plain text, figures exactly as written in the file; "" means "none".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from laa.domain.composition import AgreementDraft, PartnerSignUp, TargetDraft

CATEGORY_WORDS = {"designated": "Designated", "statutory": "Statutory (DCSF)", "local": "Local"}
DUTY_WORDS = {"have_regard": "must have regard", "voluntary": "voluntary partner", None: "duty not stated"}


@dataclass(frozen=True, slots=True)
class VersionDate:
    """A version's number and the day it is in force from."""

    number: int
    in_force_from: date


def version_in_force(versions: Iterable[VersionDate], *, on: date) -> int | None:
    """The number of the version in force on the day: the one in force from the latest
    day not after it (of two from the same day, the later number). None before the first."""
    standing = [v for v in versions if v.in_force_from <= on]
    if not standing:
        return None
    return max(standing, key=lambda v: (v.in_force_from, v.number)).number


@dataclass(frozen=True, slots=True)
class Change:
    """One thing that differs: what (e.g. "Target 2009/10"), and its text before and after."""

    what: str
    before: str
    after: str


Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True, slots=True)
class TargetChange:
    key: str
    indicator: str
    kind: Kind
    category: str  # the category in the newer version (the older one if removed)
    changes: tuple[Change, ...]

    @property
    def designation(self) -> str:
        """"designated" or "no longer designated" when that changed between the versions,
        "" otherwise (an added or removed target says so by its kind)."""
        for change in self.changes:
            if change.what == "Designated":
                return "designated" if change.after == "Yes" else "no longer designated"
        return ""


@dataclass(frozen=True, slots=True)
class VersionDiff:
    targets: tuple[TargetChange, ...]
    outcomes: tuple[Change, ...]  # an outcome added (before ""), removed (after "") or retitled
    agreement: tuple[Change, ...]  # the agreement's own fields: period, story of place, ...

    @property
    def added(self) -> tuple[TargetChange, ...]:
        return tuple(t for t in self.targets if t.kind == "added")

    @property
    def removed(self) -> tuple[TargetChange, ...]:
        return tuple(t for t in self.targets if t.kind == "removed")

    @property
    def changed(self) -> tuple[TargetChange, ...]:
        return tuple(t for t in self.targets if t.kind == "changed")

    @property
    def unchanged(self) -> bool:
        return not (self.targets or self.outcomes or self.agreement)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _partner(p: PartnerSignUp) -> str:
    return f"{p.organisation} ({DUTY_WORDS[p.duty]}{', lead' if p.lead else ''})"


def _baseline(t: TargetDraft) -> str:
    b = t.baseline
    if b.value is None:
        return "to be confirmed"
    return f"{b.value} ({b.period})" if b.period else str(b.value)


def _yearly(t: TargetDraft, year: str) -> str:
    if year in t.yearly:
        return str(t.yearly[year])
    return "no target set" if year in t.none_set else ""


# The target's fields compared as text, in the order a reader meets them. Category,
# outcome, yearly values and partners are compared on their own (below).
TARGET_FIELDS: tuple[tuple[str, Callable[[TargetDraft], object]], ...] = (
    ("Indicator", lambda t: t.indicator),
    ("Sub-areas or group", lambda t: t.scope.describe()),
    ("Baseline", _baseline),
    ("Baseline source", lambda t: t.baseline.source),
    ("Placeholder", lambda t: t.placeholder.reason if t.placeholder else ""),
    ("Improvement over a baseline to be confirmed (%)", lambda t: t.improvement_percent),
    ("Relative to", lambda t: t.relative_to),
    ("Stretched target (reward)", lambda t: t.reward.stretched if t.reward else None),
    ("Performance expected without reward", lambda t: t.reward.without_reward if t.reward else None),
    ("Change and delivery plan", lambda t: t.delivery_plan),
    ("Direction of travel in the non-survey year", lambda t: t.direction_of_travel),
    ("Why the target does not improve on its baseline", lambda t: t.direction_reason),
)


def _outcome_titles(draft: AgreementDraft) -> dict[str, str]:
    return {o.id: o.title for o in draft.outcomes}


def _target_changes(old: TargetDraft, new: TargetDraft, old_outcomes: dict[str, str],
                    new_outcomes: dict[str, str]) -> tuple[Change, ...]:
    changes: list[Change] = []
    if old.category != new.category:
        if "designated" in (old.category, new.category):
            changes.append(Change("Designated", _text(old.category == "designated"),
                                  _text(new.category == "designated")))
        changes.append(Change("Category", CATEGORY_WORDS[old.category], CATEGORY_WORDS[new.category]))
    if old.outcome != new.outcome:  # another outcome (a retitled one shows among the outcomes)
        changes.append(Change("Outcome", old_outcomes.get(old.outcome, old.outcome),
                              new_outcomes.get(new.outcome, new.outcome)))
    for label, read in TARGET_FIELDS:
        before, after = _text(read(old)), _text(read(new))
        if before != after:
            changes.append(Change(label, before, after))
    for year in sorted({*old.yearly, *old.none_set, *new.yearly, *new.none_set}):
        before, after = _yearly(old, year), _yearly(new, year)
        if before != after:
            changes.append(Change(f"Target {year}", before, after))
    old_partners = {p.organisation: p for p in old.partners}
    new_partners = {p.organisation: p for p in new.partners}
    for name in sorted({*old_partners, *new_partners}):
        before_p, after_p = old_partners.get(name), new_partners.get(name)
        if before_p != after_p:
            changes.append(Change("Partner signed up", _partner(before_p) if before_p else "",
                                  _partner(after_p) if after_p else ""))
    return tuple(changes)


def _whole_target(t: TargetDraft, outcomes: dict[str, str], *, added: bool) -> tuple[Change, ...]:
    """A target added or removed: what it held, as changes from (or to) nothing."""
    rows = [("Category", CATEGORY_WORDS[t.category]), ("Outcome", outcomes.get(t.outcome, t.outcome))]
    rows += [(label, _text(read(t))) for label, read in TARGET_FIELDS[1:3]]
    rows += [(f"Target {year}", _yearly(t, year)) for year in sorted({*t.yearly, *t.none_set})]
    rows += [("Partner signed up", _partner(p)) for p in t.partners]
    return tuple(Change(what, "", text) if added else Change(what, text, "") for what, text in rows if text)


AGREEMENT_FIELDS: tuple[tuple[str, Callable[[AgreementDraft], object]], ...] = (
    ("Period", lambda d: f"{d.period_start} to {d.period_end}"),
    ("Story of place", lambda d: d.story_of_place),
    ("Evidence", lambda d: d.evidence),
    ("Education responsibility", lambda d: d.education_responsibility),
)


def compare(older: AgreementDraft, newer: AgreementDraft) -> VersionDiff:
    """What changed from the older version to the newer one, target by target (in the
    newer version's order, then the removed ones in the older one's)."""
    old_outcomes, new_outcomes = _outcome_titles(older), _outcome_titles(newer)
    old_targets = {t.key: t for t in older.targets}
    new_keys = {t.key for t in newer.targets}
    targets: list[TargetChange] = []
    for t in newer.targets:
        before = old_targets.get(t.key)
        if before is None:
            targets.append(TargetChange(t.key, t.indicator, "added", t.category,
                                        _whole_target(t, new_outcomes, added=True)))
            continue
        changes = _target_changes(before, t, old_outcomes, new_outcomes)
        if changes:
            targets.append(TargetChange(t.key, t.indicator, "changed", t.category, changes))
    for t in older.targets:
        if t.key not in new_keys:
            targets.append(TargetChange(t.key, t.indicator, "removed", t.category,
                                        _whole_target(t, old_outcomes, added=False)))
    outcomes = [
        Change(f"Outcome {key}", old_outcomes.get(key, ""), new_outcomes.get(key, ""))
        for key in [*new_outcomes, *(k for k in old_outcomes if k not in new_outcomes)]
        if old_outcomes.get(key, "") != new_outcomes.get(key, "")
    ]
    agreement = [
        Change(label, _text(read(older)), _text(read(newer)))
        for label, read in AGREEMENT_FIELDS
        if _text(read(older)) != _text(read(newer))
    ]
    return VersionDiff(tuple(targets), tuple(outcomes), tuple(agreement))
