"""The annual review of an approved agreement (D16; issue 12): the Government Office's
review, per area and per year, of how each target is going, with the actions agreed and
the proposals for the refresh that follows it.

What the sources say, and what this module takes from them:

- DOMAIN.md D16: "Annual review by the GO (autumn/winter), then a refresh (proposals by
  March)". Seed 004 (the Local Performance Framework FAQs) names the annual review as the
  moment for what the agreement left open: Q25, a target set, or a baseline confirmed,
  "at the first annual review"; Q27, designated targets "exceptionally ... exchanged for
  others, although only through negotiations at the annual review"; Q63, designated
  targets moved to an MAA ("un-designating") "most likely ... at the time of LAA annual
  review"; Q30, the first Place Survey in autumn 2008, its data "by around Christmas" and
  weighted by March 2009; Q40, 2008-09's inspections "provide evidence to inform ... the
  first LAA Annual Review".
- The sources name seasons, not days. The review season of year N/N+1 here runs from
  1 September N (autumn) to the last day of February N+1 (winter), and the refresh's
  proposals are due by 31 March N+1 ("by March"). One review per agreement year: an
  agreement of 2008/09 to 2010/11 has reviews 2008/09 (autumn 2008), 2009/10 and 2010/11.

The rules:

- A review is for an approved agreement (approved, designated or published), of a year
  of its period, started on or after its season opens; it reviews the targets of the
  version in force on the day it is started (`laa.domain.versions.version_in_force`).
- Only the Government Office of the agreement's area writes (the apps' permission);
  the partnership reads.
- A review moves by the transition table below: started (in progress), completed,
  reopened (with a reason). "Due" and "not yet due" are what a review not yet started
  is (`standing`).
- Each target has at most one current assessment in a review: a rating (on track, at
  risk, off track) and commentary, required when at risk or off track. A later
  assessment of the same target appends a row that replaces the earlier one; nothing is
  overwritten.
- A review is completed only when every reviewed target has an assessment and each at
  risk or off track has commentary (`completion_problems` names the ones missing).
- Agreed actions (what, who, by when) and refresh proposals (text, for one target or
  the agreement) are added while the review is in progress. The refresh itself is later
  work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

from laa.domain.composition import agreement_years, financial_year_start
from laa.domain.input_limits import MAX_NAME_CHARS, MAX_TEXT_CHARS
from laa.domain.signoff import SignOffState
from laa.domain.signoff_guards import long_date

SEASON_OPENS = (9, 1)  # 1 September of the year's first calendar year (autumn)
PROPOSALS_DUE = (3, 31)  # 31 March of its second (the refresh's proposals, "by March")
APPROVED_STATES = frozenset({SignOffState.APPROVED, SignOffState.DESIGNATED, SignOffState.PUBLISHED})


@dataclass(frozen=True, slots=True)
class ReviewYear:
    """One year's review: its label ("2008/09"), its season and the refresh's deadline."""

    label: str
    opens: date
    closes: date  # the last day of February: the end of winter
    proposals_due: date

    @property
    def slug(self) -> str:
        """The label in an address: "2008-09"."""
        return self.label.replace("/", "-")

    @property
    def season(self) -> str:
        return f"autumn {self.opens.year} and winter {self.opens.year}/{self.closes.year % 100:02d}"


def review_year(label: str) -> ReviewYear | None:
    """The review of a financial year ("2008/09", or "2008-09" as in an address)."""
    start = financial_year_start(label.replace("-", "/"))
    if start is None:
        return None
    closes = date(start + 1, 3, 1) - timedelta(days=1)
    return ReviewYear(label.replace("-", "/"), date(start, *SEASON_OPENS), closes, date(start + 1, *PROPOSALS_DUE))


def review_years(period_start: str, period_end: str) -> tuple[ReviewYear, ...]:
    """The reviews of an agreement's period, one per year: 2008/09 to 2010/11 has three."""
    return tuple(y for y in (review_year(label) for label in agreement_years(period_start, period_end)) if y)


def year_of_day(day: date) -> str:
    """The review year whose season or refresh a day falls in or nearest after: from
    1 September N to 31 August N+1 it is N/N+1 (what a region's list shows by default)."""
    start = day.year if (day.month, day.day) >= SEASON_OPENS else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


class Rating(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        return RATING_LABELS[self]

    @property
    def needs_commentary(self) -> bool:
        return self in {Rating.AT_RISK, Rating.OFF_TRACK}


RATING_LABELS: Mapping[Rating, str] = MappingProxyType(
    {Rating.ON_TRACK: "On track", Rating.AT_RISK: "At risk", Rating.OFF_TRACK: "Off track"}
)


class ReviewState(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class Standing(StrEnum):
    """Where a year's review stands for an agreement, started or not."""

    NOT_YET_DUE = "not_yet_due"
    DUE = "due"
    OVERDUE = "overdue"  # its season has closed and it is not completed
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return STANDING_LABELS[self]


STANDING_LABELS: Mapping[Standing, str] = MappingProxyType({
    Standing.NOT_YET_DUE: "Not yet due", Standing.DUE: "Due", Standing.OVERDUE: "Overdue",
    Standing.IN_PROGRESS: "In progress", Standing.COMPLETED: "Completed",
})


def standing(year: ReviewYear, state: ReviewState | None, today: date) -> Standing:
    """A review not started is not yet due before its season, due in it, overdue after;
    a review started is in progress or completed (in progress past its season: overdue)."""
    if state == ReviewState.COMPLETED:
        return Standing.COMPLETED
    if today > year.closes:
        return Standing.OVERDUE
    if state == ReviewState.IN_PROGRESS:
        return Standing.IN_PROGRESS
    return Standing.DUE if today >= year.opens else Standing.NOT_YET_DUE


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    label: str
    past: str
    from_state: ReviewState | None  # None: the review does not exist yet
    to_state: ReviewState
    needs_reason: bool = False


STEPS: Mapping[str, Step] = MappingProxyType({
    "start": Step("start", "Start the review", "started", None, ReviewState.IN_PROGRESS),
    "complete": Step("complete", "Complete the review", "completed", ReviewState.IN_PROGRESS, ReviewState.COMPLETED),
    "reopen": Step("reopen", "Reopen the review", "reopened", ReviewState.COMPLETED, ReviewState.IN_PROGRESS,
                   needs_reason=True),
})


def refuse_step(step: str, current: ReviewState | None, *, reason: str = "") -> str:
    """Why the step cannot be taken from the review's current state ("" if it can)."""
    found = STEPS.get(step)
    if found is None:
        return f"There is no step '{step[:40]}': the steps are {', '.join(STEPS)}."
    if current != found.from_state:
        now = "not started" if current is None else ("in progress" if current == ReviewState.IN_PROGRESS
                                                       else "completed")
        return f"The review is {now}, so it cannot be {found.past}."
    if found.needs_reason and not reason.strip():
        return "Give the reason for reopening the review."
    if len(reason.strip()) > MAX_TEXT_CHARS:
        return f"The reason must be {MAX_TEXT_CHARS:,} characters or fewer (it has {len(reason.strip()):,})."
    return ""


def refuse_start(*, agreement_state: str, year: ReviewYear | None, period_years: Iterable[str], today: date,
                 version_in_force: int | None, area: str = "the area") -> str:
    """Why a review of the year cannot be started for the agreement today ("" if it can)."""
    if year is None:
        return "Choose a year of the agreement, like 2008/09."
    years = tuple(period_years)
    if year.label not in years:
        return f"{area}'s agreement runs {years[0]} to {years[-1]}: there is no {year.label} review." if years else (
            f"{area}'s agreement has no period, so it has no reviews.")
    if agreement_state not in APPROVED_STATES:
        return f"{area}'s agreement is not approved yet: a review is of an approved agreement."
    if today < year.opens:
        return f"The {year.label} review opens on {long_date(year.opens)}."
    if version_in_force is None:
        return f"No version of {area}'s agreement is in force on {long_date(today)}."
    return ""


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    target: str
    rating: str
    commentary: str


def assessment_problems(given: AssessmentInput, reviewed: Iterable[str]) -> dict[str, str]:
    """Each problem of an assessment, by its field ({} if it can be recorded)."""
    problems: dict[str, str] = {}
    if given.target not in set(reviewed):
        problems["target"] = f"{given.target[:60] or 'That target'} is not one of the targets this review covers."
    try:
        rating = Rating(given.rating)
    except ValueError:
        rating = None
        problems["rating"] = "Choose on track, at risk or off track."
    commentary = given.commentary.strip()
    if len(commentary) > MAX_TEXT_CHARS:
        problems["commentary"] = f"The commentary must be {MAX_TEXT_CHARS:,} characters or fewer (it has {len(commentary):,})."
    elif rating is not None and rating.needs_commentary and not commentary:
        problems["commentary"] = f"Say why the target is {rating.label.lower()}: commentary is needed when it is at risk or off track."
    return problems


def completion_problems(reviewed: Iterable[str], current: Mapping[str, tuple[str, str]]) -> list[str]:
    """What stops a review being completed: each reviewed target (by key, in order) not
    assessed, or at risk or off track without commentary. `current`: target -> (rating,
    commentary) of its current assessment."""
    problems: list[str] = []
    for key in reviewed:
        if key not in current:
            problems.append(f"{key} has no assessment")
            continue
        rating, commentary = current[key]
        if Rating(rating).needs_commentary and not commentary.strip():
            problems.append(f"{key} is {Rating(rating).label.lower()} but has no commentary")
    return problems


def completion_refusal(problems: list[str]) -> str:
    if not problems:
        return ""
    shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
    return f"The review cannot be completed until every target is assessed: {shown}."


def action_problems(*, text: str, owner: str, due: date | None, due_text: str = "") -> dict[str, str]:
    """An agreed action: what is to be done, by whom, by when. Problems by field."""
    problems: dict[str, str] = {}
    if not text.strip():
        problems["text"] = "Say what action was agreed."
    elif len(text.strip()) > MAX_TEXT_CHARS:
        problems["text"] = f"The action must be {MAX_TEXT_CHARS:,} characters or fewer."
    if not owner.strip():
        problems["owner"] = "Say who owns the action (a person, an organisation or a partnership group)."
    elif len(owner.strip()) > MAX_NAME_CHARS:
        problems["owner"] = f"The owner must be {MAX_NAME_CHARS} characters or fewer."
    if due is None:
        problems["due"] = (f"The due date must be a real date, like 31 3 2009: not '{due_text[:30]}'."
                           if due_text.strip("- ") else "Enter the date the action is due.")
    return problems


def proposal_problems(*, text: str, target: str, reviewed: Iterable[str]) -> dict[str, str]:
    """A refresh proposal: text, for one reviewed target or ("") the agreement as a whole."""
    problems: dict[str, str] = {}
    if target and target not in set(reviewed):
        problems["target"] = f"{target[:60]} is not one of the targets this review covers."
    if not text.strip():
        problems["text"] = "Say what the refresh should change."
    elif len(text.strip()) > MAX_TEXT_CHARS:
        problems["text"] = f"The proposal must be {MAX_TEXT_CHARS:,} characters or fewer."
    return problems


@dataclass(frozen=True, slots=True)
class Milestone:
    """A review or refresh milestone of an agreement year, for the timetable."""

    day: date
    title: str


def milestones(period_start: str, period_end: str) -> tuple[Milestone, ...]:
    """The review and refresh milestones of each year of the agreement's period."""
    out: list[Milestone] = []
    for y in review_years(period_start, period_end):
        out += [Milestone(y.opens, f"The {y.label} annual review opens (autumn)"),
                Milestone(y.closes, f"The {y.label} annual review closes (end of winter)"),
                Milestone(y.proposals_due, f"The {y.label} refresh proposals are due")]
    return tuple(out)


class ReminderKind(StrEnum):
    REVIEW = "review"  # the Government Office completes the year's review by the end of winter
    REFRESH = "refresh"  # the partnership proposes the refresh by 31 March


class Urgency(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Reminder:
    """A review or refresh of an agreement year that is due soon or overdue on a day."""

    kind: ReminderKind
    year: ReviewYear
    urgency: Urgency

    @property
    def due(self) -> date:
        return self.year.closes if self.kind is ReminderKind.REVIEW else self.year.proposals_due

    @property
    def title(self) -> str:
        if self.kind is ReminderKind.REVIEW:
            return f"The {self.year.label} annual review, to be completed by {long_date(self.due)} (Government Office)"
        return f"The {self.year.label} refresh proposals, due by {long_date(self.due)} (the partnership)"


def reminders(years: Iterable[ReviewYear], states: Mapping[str, ReviewState], refreshed: Iterable[str],
              today: date, *, due_soon_days: int) -> tuple[Reminder, ...]:
    """What an approved agreement's partnership and Government Office are reminded of on a
    day ("reminders as for the 2008 round", issue 12): each year's review once its season
    has opened and until it is completed (due soon in the last `due_soon_days` days of the
    season, overdue after it); each year's refresh once its review is completed and until
    one is proposed, in the `due_soon_days` before 31 March (after that day no refresh of
    the year can be proposed, so it is not chased)."""
    done_refreshes = set(refreshed)
    out: list[Reminder] = []
    for year in years:
        state = states.get(year.label)
        if state != ReviewState.COMPLETED:
            if today < year.opens:
                continue
            if today > year.closes:
                out.append(Reminder(ReminderKind.REVIEW, year, Urgency.OVERDUE))
            elif (year.closes - today).days <= due_soon_days:
                out.append(Reminder(ReminderKind.REVIEW, year, Urgency.DUE_SOON))
        elif year.label not in done_refreshes and 0 <= (year.proposals_due - today).days <= due_soon_days:
            out.append(Reminder(ReminderKind.REFRESH, year, Urgency.DUE_SOON))
    return tuple(out)
