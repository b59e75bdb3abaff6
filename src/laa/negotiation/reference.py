"""Loading a round's milestones (D10) from `data/milestones.csv`: read and check every row
first, then write in one transaction; loading twice changes nothing."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from laa.audit.trail import record, snapshot
from laa.catalogue.models import Round
from laa.domain.signoff import SignOffState
from laa.domain.timetable import Milestone, RoundEvent, check_milestones
from laa.negotiation.models import RoundMilestone
from laa.permissions import require

DATA_DIR = Path(__file__).resolve().parent / "data"
MILESTONES_FILE = DATA_DIR / "milestones.csv"
COLUMNS = ("round", "code", "title", "starts", "due", "completed_by", "who", "provisional", "source")
COMPLETED_BY = {s.value for s in SignOffState} | {e.value for e in RoundEvent}


class MilestoneFileError(ValueError):
    """The file is not valid; the message names the line and the column. Nothing was loaded."""


@dataclass(frozen=True)
class MilestoneRow:
    round: int
    code: str
    title: str
    starts: date | None
    due: date
    completed_by: str
    who: str
    provisional: bool
    source: str
    position: int

    def fields(self) -> dict[str, object]:
        return {
            "title": self.title, "starts": self.starts, "due": self.due, "completed_by": self.completed_by,
            "who": self.who, "provisional": self.provisional, "source": self.source, "position": self.position,
        }


def _date(value: str, where: str, *, optional: bool = False) -> date | None:
    value = value.strip()
    if not value and optional:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MilestoneFileError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def read_milestones(path: Path = MILESTONES_FILE) -> list[MilestoneRow]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise MilestoneFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise MilestoneFileError(f"{path.name}: missing columns: {', '.join(missing)}")
    rows: list[MilestoneRow] = []
    for line, raw in enumerate(reader, start=2):
        where = f"{path.name} line {line}"
        try:
            year = int(raw["round"])
        except ValueError:
            raise MilestoneFileError(f"{where}, round: {raw['round']!r} is not a year") from None
        code, title = raw["code"].strip(), raw["title"].strip()
        if not code:
            raise MilestoneFileError(f"{where}, code: empty")
        if not title:
            raise MilestoneFileError(f"{where}, title: empty")
        completed_by = raw["completed_by"].strip()
        if completed_by not in COMPLETED_BY:
            raise MilestoneFileError(
                f"{where}, completed_by: {completed_by!r} is neither a sign-off state nor a round event"
            )
        provisional = raw["provisional"].strip().lower()
        if provisional not in {"yes", "no", ""}:
            raise MilestoneFileError(f"{where}, provisional: {provisional!r} is not yes or no")
        starts = _date(raw["starts"], f"{where}, starts", optional=True)
        due = _date(raw["due"], f"{where}, due")
        assert due is not None
        if starts is not None and starts > due:
            raise MilestoneFileError(f"{where}, starts: {starts} is after the due day {due}")
        rows.append(MilestoneRow(year, code, title, starts, due, completed_by, raw["who"].strip(),
                                 provisional == "yes", raw["source"].strip(), len(rows)))
    # The domain checks codes are unique and in order of due date, per round.
    for year in sorted({r.round for r in rows}):
        mine = [r for r in rows if r.round == year]
        try:
            check_milestones(str(year), (
                Milestone(r.code, r.title, r.due,
                          SignOffState(r.completed_by) if r.completed_by in {s.value for s in SignOffState}
                          else RoundEvent(r.completed_by), starts=r.starts)
                for r in mine
            ))
        except ValueError as exc:
            raise MilestoneFileError(f"{path.name}: {exc}") from None
    return rows


def load_milestones(path: Path = MILESTONES_FILE, *, actor) -> list[str]:
    """Create or update each round's milestones; returns report lines. Rounds must be loaded."""
    require(actor, "negotiation.load_reference", refusal="The reference data is loaded by `laa load-reference`")
    rows = read_milestones(path)
    rounds = {r.year: r for r in Round.objects.filter(year__in={row.round for row in rows})}
    unknown = sorted({row.round for row in rows} - set(rounds))
    if unknown:
        raise MilestoneFileError(f"{path.name}: no round {', '.join(map(str, unknown))} is loaded")
    created = changed = 0
    with transaction.atomic():
        existing = {(m.round_id, m.code): m for m in RoundMilestone.objects.filter(round__in=rounds.values())}
        for row in rows:
            round_ = rounds[row.round]
            current = existing.get((round_.pk, row.code))
            if current is None:
                milestone = RoundMilestone.objects.create(round=round_, code=row.code, **row.fields())
                record(actor=actor, action="load-reference", instance=milestone, before=None)
                created += 1
                continue
            if all(getattr(current, k) == v for k, v in row.fields().items()):
                continue
            before = snapshot(current)
            for k, v in row.fields().items():
                setattr(current, k, v)
            current.save()
            record(actor=actor, action="load-reference", instance=current, before=before)
            changed += 1
    lines = []
    if created:
        lines.append(f"created {created} round milestones")
    if changed:
        lines.append(f"changed {changed} round milestones")
    return lines
