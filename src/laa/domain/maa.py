"""Multi-area agreements (DOMAIN.md D17; seed 004 Q19, Q53-64; issue 12; ADR 0028).

What the sources say, and what this module takes from them:

- Q53-54: an MAA is voluntary and sub-regional, mainly about economic prosperity; its
  geography is a functional economic area, so it has several participating councils
  (counties, unitaries and, in two-tier areas, districts: Q60).
- Q57: three kinds of target: NIS targets designated in the constituent LAAs (part of the
  "up to 35" of each, so they count there: `laa.domain.rules.check.designated_indicators`),
  NIS targets not designated, and targets on measures outside the NIS (GVA, population),
  each with its own definition here (name, unit, polarity, source).
- Q58: partners who contribute (an RDA, the Learning and Skills Council, Jobcentre Plus,
  private and voluntary partners) are expected to be involved; Q60: "signed off by all the
  local authority participants (including shire districts in two-tier areas) and CLG
  Ministers on behalf of Government"; a partner "agreed to make some contribution" is a
  co-signatory too.
- Q19, Q66: proposals negotiated with the GO and CLG; submitted, agreed, then signed and
  announced (published).
- Q62-63: a designated LAA target may move to the MAA ("un-designating" it) at the annual
  review or by a revision proposal (s111) at any time; the revision's rule is
  `laa.domain.revisions` (kind MAA); the target stays in the LAA as a local one (Q57: a
  non-designated target may "feature in the constituent LAAs as local targets as well as
  in the MAA"), so the LAA's designated count falls by one and its duty to have regard
  stays with the partners signed up. A move proposed once the area's annual review of the
  year is completed (and before the next year's season opens) is made at that review
  (`undesignation_review`): its revision records the review.

States: draft -> submitted -> agreed -> published; submitted may be referred back to
draft; each signature is recorded while the MAA is agreed; publication needs every one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from laa.domain.composition import POLARITIES, UNITS, TargetDraft, agreement_years
from laa.domain.input_limits import MAX_TEXT_CHARS
from laa.domain.reviews import year_of_day
from laa.domain.roles import Role
from laa.domain.text import plural

GOVERNMENT = "CLG Ministers, on behalf of Government"  # Q60: the Government's signatory
MIN_COUNCILS = 2  # "multi-area": a sub-region has more than one council (Q53)
MAX_NAME_CHARS = 200


class TargetKind(StrEnum):
    DESIGNATED = "designated"  # an NIS target designated in each constituent LAA (counts in its 35)
    NATIONAL = "national"  # an NIS target not designated
    OTHER = "other"  # a measure outside the NIS, with its own definition

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = MappingProxyType({
    TargetKind.DESIGNATED: "Designated (National Indicator Set, in the constituent LAAs' up to 35)",
    TargetKind.NATIONAL: "National Indicator Set, not designated",
    TargetKind.OTHER: "Outside the National Indicator Set",
})


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AGREED = "agreed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = MappingProxyType({
    State.DRAFT: "Draft", State.SUBMITTED: "Submitted to the GO and CLG",
    State.AGREED: "Agreed, being signed", State.PUBLISHED: "Signed and published",
})


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    label: str
    past: str
    from_state: State
    to_state: State
    roles: frozenset[Role]
    needs_reason: bool = False


GOVERNMENT_ROLES = frozenset({Role.GO_OFFICER, Role.GO_DIRECTOR, Role.CLG})
STEPS: Mapping[str, Step] = MappingProxyType({
    "submit": Step("submit", "Submit to the GO and CLG", "submitted", State.DRAFT, State.SUBMITTED,
                   frozenset({Role.PARTNERSHIP_OFFICER})),
    "refer_back": Step("refer_back", "Refer back to draft", "referred back", State.SUBMITTED, State.DRAFT,
                       GOVERNMENT_ROLES, needs_reason=True),
    "agree": Step("agree", "Agree the MAA for signature", "agreed", State.SUBMITTED, State.AGREED, GOVERNMENT_ROLES),
    "publish": Step("publish", "Publish the signed MAA", "published", State.AGREED, State.PUBLISHED,
                    frozenset({Role.CLG})),
})


def step_refusal(step: str, current: State, role: Role | None, *, reason: str = "", system: bool = False) -> str:
    """Why the step cannot be taken by the role from the state; "" if it can. The service
    acting for a command (`system`) takes the step for whoever it records (ADR 0016)."""
    found = STEPS.get(step)
    if found is None:
        return f"There is no step '{step[:30]}': choose {', '.join(STEPS)}."
    if role not in found.roles and not system:
        who = ", ".join(sorted(r.label for r in found.roles))
        return f"Only {who} can {found.label[0].lower()}{found.label[1:]}."
    if current is not found.from_state:
        return f"The MAA is {current.label.lower()}: it cannot be {found.past} now."
    if found.needs_reason and not reason.strip():
        return "Give a reason, so the sub-region knows why."
    if len(reason) > MAX_TEXT_CHARS:
        return f"The reason must be {MAX_TEXT_CHARS:,} characters or fewer."
    return ""


def content_editable(state: State) -> bool:
    """Areas, partners, outcomes and targets change only in draft (what is signed is what was agreed)."""
    return state is State.DRAFT


# --- targets ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure outside the NIS, defined by the MAA itself (Q57: GVA, population)."""

    name: str
    unit: str
    polarity: str
    source: str


@dataclass(frozen=True, slots=True)
class TargetIn:
    key: str
    kind: TargetKind
    outcome: str
    indicator: str = ""  # an NIS code ("NI 151") for designated and national targets
    measure: Measure | None = None  # for a target outside the NIS
    yearly: Mapping[str, Decimal] = field(default_factory=dict)


def target_problems(target: TargetIn, *, outcomes: Iterable[str], keys: Iterable[str],
                    national: Mapping[str, bool], years: Sequence[str]) -> dict[str, str]:
    """What is wrong with a target added to an MAA, by field. `national` maps the
    indicator codes known to whether each is in the National Indicator Set."""
    problems: dict[str, str] = {}
    if not target.key.strip():
        problems["key"] = "Give the target a key, like GVA or NI 151"
    elif len(target.key) > MAX_NAME_CHARS:
        problems["key"] = f"The key must be {MAX_NAME_CHARS} characters or fewer"
    elif target.key in set(keys):
        problems["key"] = f"The MAA already has a target {target.key}"
    if target.outcome not in set(outcomes):
        problems["outcome"] = "Choose one of the MAA's outcomes (add the outcome first)"
    if target.kind is TargetKind.OTHER:
        problems.update(measure_problems(target.measure))
        if target.indicator:
            problems["indicator"] = "A target outside the National Indicator Set has its own measure, not an indicator"
    else:
        if target.measure is not None:
            problems["measure_name"] = "A National Indicator Set target is defined by its indicator"
        if not target.indicator:
            problems["indicator"] = "Give the national indicator, like NI 151"
        elif national.get(target.indicator) is not True:
            problems["indicator"] = (f"{target.indicator[:40]} is not in the National Indicator Set: "
                                     "a measure of your own is a target outside the NIS")
    unknown = sorted(set(target.yearly) - set(years))
    if unknown:
        problems["yearly"] = f"{', '.join(unknown)} is not a year of the MAA ({', '.join(years)})"
    elif not target.yearly:
        problems["yearly"] = "Give the target a value for at least one year"
    return problems


def measure_problems(measure: Measure | None) -> dict[str, str]:
    if measure is None:
        return {"measure_name": "Define the measure: its name, unit, polarity and source"}
    problems = {}
    if not measure.name.strip():
        problems["measure_name"] = "Give the measure's name, like Gross value added per head"
    elif len(measure.name) > MAX_NAME_CHARS:
        problems["measure_name"] = f"The name must be {MAX_NAME_CHARS} characters or fewer"
    if measure.unit not in UNITS:
        problems["measure_unit"] = f"Choose the unit: {', '.join(UNITS)}"
    if measure.polarity not in POLARITIES:
        problems["measure_polarity"] = "Choose whether higher or lower is better (or neither)"
    if not measure.source.strip():
        problems["measure_source"] = "Give the measure's source, like ONS regional accounts"
    elif len(measure.source) > MAX_TEXT_CHARS:
        problems["measure_source"] = f"The source must be {MAX_TEXT_CHARS:,} characters or fewer"
    return problems


def years(period_start: str, period_end: str) -> tuple[str, ...]:
    return agreement_years(period_start, period_end)


def designated_indicators(kinds_and_indicators: Iterable[tuple[TargetKind, str]]) -> frozenset[str]:
    """The NIS indicators an MAA designates: they count in each constituent LAA's 35."""
    return frozenset(code for kind, code in kinds_and_indicators if kind is TargetKind.DESIGNATED)


# --- signatories --------------------------------------------------------------------------


class SignatoryKind(StrEnum):
    COUNCIL = "council"
    GOVERNMENT = "government"
    PARTNER = "partner"


@dataclass(frozen=True, slots=True)
class Signatory:
    name: str
    kind: SignatoryKind


@dataclass(frozen=True, slots=True)
class Contributor:
    """A partner and what it contributes ("" if it only takes part: not a co-signatory)."""

    name: str
    contribution: str = ""


def signatories(councils: Iterable[str], partners: Iterable[Contributor]) -> tuple[Signatory, ...]:
    """Who signs the MAA (Q60): every participating council (districts included), CLG
    Ministers on behalf of Government, and each partner who contributes."""
    out = [Signatory(name, SignatoryKind.COUNCIL) for name in dict.fromkeys(councils)]
    out.append(Signatory(GOVERNMENT, SignatoryKind.GOVERNMENT))
    out += [Signatory(p.name, SignatoryKind.PARTNER) for p in partners if p.contribution.strip()]
    return tuple(out)


def sign_refusal(signatory: str, required: Sequence[Signatory], signed: Iterable[str], state: State) -> str:
    """Why the signature cannot be recorded; "" if it can."""
    if state is not State.AGREED:
        return f"The MAA is {state.label.lower()}: it is signed once the GO and CLG have agreed it."
    if signatory not in {s.name for s in required}:
        return (f"{signatory[:MAX_NAME_CHARS]} is not a signatory of this MAA: the signatories are "
                f"{', '.join(s.name for s in required)}.")
    if signatory in set(signed):
        return f"{signatory} has signed the MAA already."
    return ""


def missing_signatures(required: Sequence[Signatory], signed: Iterable[str]) -> tuple[str, ...]:
    done = set(signed)
    return tuple(s.name for s in required if s.name not in done)


def publish_refusal(required: Sequence[Signatory], signed: Iterable[str]) -> str:
    """The MAA is published once every signatory has signed; the refusal names who has not."""
    missing = missing_signatures(required, signed)
    if not missing:
        return ""
    return (f"The MAA cannot be published: {plural(len(missing), 'signature')} missing "
            f"({', '.join(missing)}).")


def submit_refusal(*, councils: int, outcomes: int, targets: int) -> str:
    """What an MAA needs before it goes to the GO and CLG; the refusal names what is missing."""
    missing = []
    if councils < MIN_COUNCILS:
        missing.append(f"at least {MIN_COUNCILS} participating councils (it has {councils})")
    if outcomes == 0:
        missing.append("an outcome")
    if targets == 0:
        missing.append("a target")
    return f"The MAA cannot be submitted yet: it needs {'; '.join(missing)}." if missing else ""


# --- un-designating ------------------------------------------------------------------------


def undesignation_problems(*, key: str, target: TargetDraft | None, area: str, participating: Iterable[str],
                           maa_state: State, moving: Iterable[str]) -> dict[str, str]:
    """Whether the LAA target `key` of the area may move to the MAA (Q63): the area takes
    part in the MAA, the MAA is signed and published, the target is designated in the LAA's version in force, and it is not
    already moving there. By field."""
    if area not in set(participating):
        return {"area": f"{area} does not take part in this MAA: only a participating area's targets move to it"}
    if maa_state is not State.PUBLISHED:
        return {"target": "The MAA is not signed and published yet: a target moves to an MAA once it is ready (Q63)"}
    if target is None:
        return {"target": f"The agreement has no target {key[:60]}"}
    if target.category != "designated":
        return {"target": f"{target.label} is not designated: only a designated target is un-designated"}
    if key in set(moving):
        return {"target": f"{target.label} is already moving to this MAA"}
    return {}


def undesignation_reason(target: TargetDraft, maa_name: str) -> str:
    return f"{target.label} moves to the {maa_name} multi-area agreement (un-designated, Q63)."


def undesignation_review(today: date, completed: Iterable[str]) -> str:
    """The year of the annual review an un-designation proposed today is made at (Q63: "at
    the annual review"): the area's review of the year the day falls in (`year_of_day`:
    September to August), if it is completed; "" otherwise (a revision proposal between
    reviews, s111). `completed` are the years of the agreement's completed reviews."""
    year = year_of_day(today)
    return year if year in set(completed) else ""
