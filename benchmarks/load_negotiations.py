"""Load 150 areas' agreements in negotiation into the database DATABASE_URL names, for the
benchmarks (benchmarks/bench_negotiation_pages.py) and for trying the dashboards:

    DATABASE_URL=... .venv/bin/python benchmarks/load_negotiations.py [--seed 2008] [--print-urls N]

The reference data must be loaded first (`laa load-reference`).

BENCHMARK DATA, invented: each area of the round gets an agreement at a stage of sign-off,
5 priority outcomes, 30 designated, 16 statutory and 8 local targets, a negotiation thread
on most targets (proposals, counter-proposals, challenges, acceptances, escalations),
meetings, milestones done and a Whitehall champion in 27 areas. Threads are written in
bulk, each checked by the domain (`derive`) before it is stored. Areas that already have
an agreement (the Kent demo) keep it; their targets get threads. Deterministic (--seed).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import UTC, date, datetime, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laa.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402

from laa.agreements.models import Agreement, Outcome, Target, TargetPartner  # noqa: E402
from laa.catalogue.models import Indicator, StatutoryIndicator  # noqa: E402
from laa.catalogue.queries import current_round  # noqa: E402
from laa.domain.negotiation import (  # noqa: E402
    ChallengeReason,
    Entry,
    EntryKind,
    EscalationLevel,
    Side,
    ThreadKind,
)
from laa.domain.negotiation_thread import derive  # noqa: E402
from laa.negotiation.models import (  # noqa: E402
    Champion,
    Meeting,
    MeetingDecision,
    MilestoneCompletion,
    NegotiationEntry,
    NegotiationThread,
)
from laa.negotiation.progress import milestones_of, round_areas  # noqa: E402

P, G = Side.PARTNERSHIP, Side.GOVERNMENT
K = EntryKind
# Thread shapes: (kind, side, extra) in order; weights by how far the agreement has got.
SHAPES = {
    "proposed": [(K.PROPOSAL, P, {})],
    "countered": [(K.PROPOSAL, P, {}), (K.COUNTER_PROPOSAL, G, {})],
    "challenged": [(K.PROPOSAL, P, {}), (K.CHALLENGE, G, {"reason": ChallengeReason.AMBITION}),
                   (K.PROPOSAL, P, {})],
    "accepted": [(K.PROPOSAL, P, {}), (K.ACCEPT, G, {})],
    "countered_accepted": [(K.PROPOSAL, P, {}), (K.COUNTER_PROPOSAL, G, {}), (K.ACCEPT, P, {})],
    "long_agreed": [(K.PROPOSAL, P, {}), (K.CHALLENGE, G, {"reason": ChallengeReason.EVIDENCE}),
                    (K.PROPOSAL, P, {}), (K.COUNTER_PROPOSAL, G, {}), (K.ACCEPT, P, {})],
    "dispute_go": [(K.PROPOSAL, P, {}), (K.CHALLENGE, G, {"reason": ChallengeReason.AFFORDABILITY}),
                   (K.ESCALATE, P, {"level": EscalationLevel.GO})],
    # One step at a time up the ladder; it stops at the department, whose next step depends
    # on whether the area has a champion (appointed after the threads are written).
    "dispute_high": [(K.PROPOSAL, P, {}), (K.COUNTER_PROPOSAL, G, {}),
                     (K.ESCALATE, P, {"level": EscalationLevel.GO}),
                     (K.ESCALATE, G, {"level": EscalationLevel.DEPARTMENT})],
    "resolved": [(K.PROPOSAL, P, {}), (K.ESCALATE, P, {"level": EscalationLevel.GO}), (K.RESOLVE, G, {}),
                 (K.ACCEPT, G, {})],
    "to_local": [(K.PROPOSAL, P, {}), (K.MOVE_TO_LOCAL, P, {})],
    "placeholder": [(K.PROPOSAL, P, {}), (K.PLACEHOLDER, G, {})],
}
EARLY = {"proposed": 20, "countered": 20, "challenged": 15, "accepted": 10, "countered_accepted": 5,
         "dispute_go": 3, "dispute_high": 1, "to_local": 2, "placeholder": 2, None: 22}
LATE = {"accepted": 40, "countered_accepted": 25, "long_agreed": 20, "resolved": 5, "to_local": 5,
        "placeholder": 5}
STAGES = [("draft", 90), ("submitted", 25), ("agreed_with_go", 15), ("council_approved", 8), ("recommended", 7),
          ("approved", 5)]
OUTCOMES = [("safer", "Safer and stronger communities", "Safer communities"),
            ("children", "Every child achieving their potential", "Children and young people"),
            ("health", "Healthier lives and independent older people", "Adult health and wellbeing"),
            ("economy", "A prosperous area with skilled people in good jobs", "Local economy"),
            ("environment", "A cleaner, greener area", "Environmental sustainability")]
PARTNERS = ["Police Authority", "Primary Care Trust", "Fire and Rescue Service", "Jobcentre Plus",
            "Voluntary Sector Forum"]
CHAMPIONS = 27


def _pick(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _values(rng: random.Random, category: str, years: tuple[str, ...], partners: list[str]) -> dict:
    base = rng.randint(100, 900) / 10
    step = rng.choice([-1, 1]) * rng.randint(2, 15) / 10
    return {
        "baseline": {"value": f"{base:.1f}", "period": "2007/08"},
        "targets": {y: f"{base + step * (i + 1):.1f}" for i, y in enumerate(years)},
        "category": category,
        "partners": partners,
    }


class Loader:
    """Writes the benchmark's agreements, threads, meetings and timetable records."""

    def handle(self, *, seed: int, print_urls: int) -> None:
        round_ = current_round()
        if round_ is None or not milestones_of(round_):
            raise SystemExit("Load the reference data first: `laa load-reference`.")
        rng = random.Random(seed)
        with transaction.atomic():
            counts = self._load(rng, round_)
        print(
            f"Loaded {counts['agreements']} agreements, {counts['targets']} targets, {counts['threads']} threads, "
            f"{counts['entries']} entries, {counts['meetings']} meetings (BENCHMARK DATA).",
            file=sys.stderr,
        )
        if print_urls:
            for path in self._sample_urls(round_, print_urls):
                print(path)

    def _load(self, rng: random.Random, round_) -> dict[str, int]:
        years = round_.years
        areas = list(round_areas(round_).order_by("code"))
        statutory = list(StatutoryIndicator.objects.filter(round=round_).values_list("indicator_id", flat=True))
        national = [i for i in Indicator.objects.filter(partnership__isnull=True).order_by("number")
                    .values_list("pk", "code") if i[0] not in set(statutory)]
        codes = dict(Indicator.objects.values_list("pk", "code"))
        existing = {a.area_id: a for a in Agreement.objects.filter(round=round_, area__in=areas)}
        counts = dict.fromkeys(("agreements", "targets", "threads", "entries", "meetings"), 0)
        new_agreements = []
        for area in areas:
            if area.pk not in existing:
                new_agreements.append(Agreement(area=area, round=round_, period_start=years[0], period_end=years[-1],
                                                state=_pick(rng, dict(STAGES)),
                                                story_of_place=f"BENCHMARK DATA: {area.name}."))
        Agreement.objects.bulk_create(new_agreements, batch_size=500)
        counts["agreements"] = len(new_agreements)
        agreements = {a.area_id: a for a in Agreement.objects.filter(round=round_, area__in=areas)}
        # Outcomes and targets of the new agreements.
        outcomes, targets, partners = [], [], []
        for agreement in new_agreements:
            outcomes += [Outcome(agreement=agreement, key=k, title=t, theme=th, position=i)
                         for i, (k, t, th) in enumerate(OUTCOMES)]
        Outcome.objects.bulk_create(outcomes, batch_size=1000)
        outcome_ids: dict[int, list[int]] = {}
        for o in Outcome.objects.filter(agreement__in=new_agreements).values_list("agreement_id", "pk"):
            outcome_ids.setdefault(o[0], []).append(o[1])
        for agreement in new_agreements:
            chosen = rng.sample(national, 38)
            plan = ([(pk, code, "designated") for pk, code in chosen[:30]]
                    + [(pk, codes[pk], "statutory") for pk in statutory]
                    + [(pk, code, "local") for pk, code in chosen[30:]])
            for position, (pk, code, category) in enumerate(plan):
                values = _values(rng, category, years, [])
                targets.append(Target(
                    agreement=agreement, key=code, indicator_id=pk, category=category,
                    outcome_id=rng.choice(outcome_ids[agreement.pk]), position=position,
                    baseline_value=values["baseline"]["value"], baseline_period="2007/08",
                    yearly=values["targets"],
                ))
        Target.objects.bulk_create(targets, batch_size=1000)
        counts["targets"] = len(targets)
        area_names = {a.pk: a.name for a in areas}
        for t in targets:
            names = [f"{area_names[t.agreement.area_id]} {p}" for p in rng.sample(PARTNERS, 2)]
            partners += [TargetPartner(target=t, name=n, duty="have_regard", lead=i == 0, position=i)
                         for i, n in enumerate(names)]
        TargetPartner.objects.bulk_create(partners, batch_size=2000)
        self._signoff_rows(rng, new_agreements)
        self._threads(rng, round_, agreements, years, counts)
        self._meetings(rng, agreements, counts)
        self._timetable(rng, round_, areas, agreements)
        return counts

    def _signoff_rows(self, rng, agreements) -> None:
        """The sign-off status rows that brought each new agreement to its stage (the stage
        milestones of the timetable are completed by them)."""
        from django.apps import apps

        from laa.domain.signoff import SignOffState
        from laa.domain.signoff_history import transition_between

        model = apps.get_model("signoff", "SignOffStatus")
        chain = list(SignOffState)
        rows = []
        for agreement in agreements:
            reached = chain.index(SignOffState(agreement.state))
            day = date(2008, 5, 8) + timedelta(days=rng.randint(0, 20))  # submitted around 30 May
            for source, target in zip(chain[:reached], chain[1:reached + 1], strict=True):
                transition = transition_between(source, target)
                rows.append(model(
                    agreement=agreement, from_state=source.value, to_state=target.value,
                    transition=transition.name if transition else "", by_name="Benchmark user",
                    at=datetime(day.year, day.month, day.day, 11, tzinfo=UTC), reason="BENCHMARK DATA.",
                    agreement_version=1,
                ))
                day += timedelta(days=rng.randint(1, 6))
        model.objects.bulk_create(rows, batch_size=2000)

    def _threads(self, rng, round_, agreements, years, counts) -> None:
        has_thread = set(NegotiationThread.objects.filter(agreement__round=round_, target__isnull=False)
                         .values_list("target_id", flat=True))
        start = datetime(2008, 1, 28, 9, 0, tzinfo=UTC)
        pending = []  # (thread, rows)
        for target in (Target.objects.filter(agreement__round=round_).select_related("agreement")
                       .order_by("agreement_id", "position").iterator(chunk_size=2000)):
            if target.pk in has_thread:
                continue
            late = target.agreement.state != "draft"
            shape = _pick(rng, LATE if late else EARLY)
            if shape is None:
                continue
            kind = ThreadKind.STATUTORY_TARGET if target.category == "statutory" else ThreadKind.TARGET
            if kind is ThreadKind.STATUTORY_TARGET and shape == "to_local":
                shape = "accepted"
            entries, at = [], start + timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600))
            partners = [f"Partner {i}" for i in range(rng.randint(1, 3))]
            for n, (entry_kind, side, extra) in enumerate(SHAPES[shape], start=1):
                at += timedelta(days=rng.randint(1, 9), minutes=rng.randint(0, 300))
                values = rationale = None
                if entry_kind in (K.PROPOSAL, K.COUNTER_PROPOSAL):
                    values = _values(rng, target.category if kind is ThreadKind.STATUTORY_TARGET else "designated",
                                     years, partners)
                    rationale = "BENCHMARK DATA: the evidence in the story of place."
                open_id = next((e.entry_id for e in reversed(entries) if e.kind in (K.PROPOSAL, K.COUNTER_PROPOSAL)),
                               None)
                entries.append(Entry(
                    entry_id=f"#{n}", kind=entry_kind, side=side, at=at, values=values, rationale=rationale or "",
                    proposal_id=open_id if entry_kind is K.ACCEPT else None,
                    challenge_reason=extra.get("reason"), level=extra.get("level"),
                    text="BENCHMARK DATA." if entry_kind in (K.CHALLENGE, K.ESCALATE, K.RESOLVE, K.REOPEN) else "",
                    by="Benchmark",
                ))
            state = derive(entries, kind=kind)  # raises if a shape broke the rules
            thread = NegotiationThread(
                agreement_id=target.agreement_id, target=target, kind=kind, subject=target.key,
                status=state.status.value if state.status else "", turn=state.turn.value if state.turn else "",
                dispute_open=state.dispute_open,
                escalation_level=state.escalation_level.value if state.escalation_level else "",
                last_sequence=len(entries), last_at=entries[-1].at,
            )
            pending.append((thread, entries))
        NegotiationThread.objects.bulk_create([t for t, _ in pending], batch_size=1000)
        rows = []
        for thread, entries in pending:
            for e in entries:
                rows.append(NegotiationEntry(
                    thread=thread, sequence=int(e.entry_id[1:]), kind=e.kind.value, side=e.side.value,
                    author_name="Benchmark user", at=e.at, values=e.values, rationale=e.rationale,
                    challenge_reason=e.challenge_reason.value if e.challenge_reason else "",
                    escalation_level=e.level.value if e.level else "", text=e.text,
                ))
        NegotiationEntry.objects.bulk_create(rows, batch_size=2000)
        # Link acceptances, counter-proposals and challenges to the proposal they answer.
        by_thread: dict[int, dict[int, NegotiationEntry]] = {}
        for row in rows:
            by_thread.setdefault(row.thread_id, {})[row.sequence] = row
        links = []
        for seqs in by_thread.values():
            open_row = None
            for seq in sorted(seqs):
                row = seqs[seq]
                if row.kind in ("accept", "counter_proposal", "challenge") and open_row is not None:
                    row.refers_to_id = open_row.pk
                    links.append(row)
                if row.kind in ("proposal", "counter_proposal"):
                    open_row = row
        NegotiationEntry._base_manager.bulk_update(links, ["refers_to"], batch_size=2000)
        counts["threads"], counts["entries"] = len(pending), len(rows)

    def _meetings(self, rng, agreements, counts) -> None:
        meetings, decisions = [], []
        targets_of: dict[int, list[tuple[int, str]]] = {}
        for agreement_id, pk, key in Target.objects.filter(agreement__in=agreements.values()).values_list(
                "agreement_id", "pk", "key"):
            targets_of.setdefault(agreement_id, []).append((pk, key))
        for agreement in agreements.values():
            if agreement.meetings.exists():
                continue
            for kind, day in (("case_conference", date(2008, 3, rng.randint(3, 28))),
                              ("bilateral", date(2008, 4, rng.randint(1, 30)))):
                meetings.append(Meeting(
                    agreement=agreement, kind=kind, held_on=day,
                    attendees="Partnership officer, the LSP\nLocality manager, the Government Office",
                    notes="BENCHMARK DATA.", recorded_by_name="Benchmark user",
                    recorded_at=datetime(day.year, day.month, day.day, 17, tzinfo=UTC)))
        Meeting.objects.bulk_create(meetings, batch_size=1000)
        for meeting in meetings:
            for i, (pk, key) in enumerate(rng.sample(targets_of.get(meeting.agreement_id, []),
                                                     min(3, len(targets_of.get(meeting.agreement_id, []))))):
                decisions.append(MeetingDecision(meeting=meeting, target_id=pk, subject=key, position=i,
                                                 text="BENCHMARK DATA: level agreed."))
        MeetingDecision.objects.bulk_create(decisions, batch_size=2000)
        champions = [Champion(agreement=a, name=f"Champion {i + 1}", organisation="Whitehall",
                              appointed_by_name="Benchmark user",
                              appointed_at=datetime(2008, 2, 1, tzinfo=UTC))
                     for i, a in enumerate(rng.sample(list(agreements.values()), CHAMPIONS))
                     if not a.champions.exists()]
        Champion.objects.bulk_create(champions)
        counts["meetings"] = len(meetings)

    def _timetable(self, rng, round_, areas, agreements) -> None:
        from laa.domain.timetable import RoundEvent

        events = [m for m in milestones_of(round_) if m.completed_by in {e.value for e in RoundEvent}]
        done = set(MilestoneCompletion.objects.filter(milestone__round=round_).values_list("area_id", "milestone_id"))
        rows = []
        for area in areas:
            reached = rng.randint(2, len(events))
            for m in events[:reached]:
                if (area.pk, m.pk) in done:
                    continue
                late = rng.random() < 0.15
                rows.append(MilestoneCompletion(
                    area=area, milestone=m, completed_on=m.due + timedelta(days=rng.randint(1, 12) if late else 0),
                    recorded_by_name="Benchmark user",
                    recorded_at=datetime(m.due.year, m.due.month, m.due.day, 12, tzinfo=UTC)))
        MilestoneCompletion.objects.bulk_create(rows, batch_size=2000)

    def _sample_urls(self, round_, n: int) -> list[str]:
        threads = (NegotiationThread.objects.filter(agreement__round=round_, agreement__area__region__code="SE",
                                                    target__isnull=False, last_sequence__gte=3)
                   .select_related("agreement__area").order_by("id")[:n])
        return [reverse("negotiation:target", args=[t.agreement.area.code, t.target_id]) for t in threads]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--print-urls", type=int, default=0, metavar="N",
                        help="print N thread page paths of the South East, for the benchmark")
    args = parser.parse_args()
    Loader().handle(seed=args.seed, print_urls=args.print_urls)


if __name__ == "__main__":
    main()
