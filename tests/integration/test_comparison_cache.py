"""Comparisons and progress are computed once per hub import and kept (ADR 0026): the next
read after an import that supersedes a value answers with the new value; without an
import the kept answer is read again without computing."""

from __future__ import annotations

import io

import pytest

from laa import clock
from laa.accounts.models import User
from laa.hub import actions as hub
from laa.performance import comparing
from laa.performance.reading import area_progress, progress_agreement
from laa.permissions import SystemActor

from .reviews_support import reviewed_kent

pytestmark = pytest.mark.django_db


def send(rows: str) -> None:
    body = ("indicator,area,period,value,status,reason\n" + rows).encode()
    report = hub.import_values(actor=SystemActor("a test"), name="values.csv", stream=io.BytesIO(body), size=len(body))
    assert not report.rejected, report


def test_a_superseded_value_changes_the_comparison_on_the_next_read(client_for, monkeypatch):
    send("NI 16,E2221,2008/09,30.0,final,\nNI 16,E0101,2008/09,40.0,final,\nNI 16,E0102,2008/09,50.0,final,\n")
    reader = User.objects.get(username="clg")
    first = comparing.indicator_comparison(reader, "NI 16")
    assert [c.area for c in first.comparison.areas[:3]] == ["E2221", "E0101", "E0102"]  # lower is better
    computed = []
    monkeypatch.setattr(comparing, "compare", lambda *a, **k: computed.append(1) or comparing.compare(*a, **k))
    again = comparing.indicator_comparison(reader, "NI 16")
    assert computed == [] and again.comparison == first.comparison  # kept: nothing computed
    monkeypatch.undo()
    send("NI 16,E2221,2008/09,60.0,final,Corrected by the department\n")  # supersedes Kent's value
    after = comparing.indicator_comparison(reader, "NI 16")
    assert [c.area for c in after.comparison.areas[:3]] == ["E0101", "E0102", "E2221"]
    assert next(c for c in after.comparison.areas if c.area == "E2221").value.value == 60


def test_a_superseded_value_changes_progress_on_the_next_read(settings):
    reviewed_kent(settings)
    settings.LAA_TODAY = "2009-06-30"
    officer = User.objects.get(username="officer")
    agreement = progress_agreement(officer, "E2221")

    def ni16():
        found = area_progress(officer, agreement, clock.today())
        return next(t.progress.latest for t in found.targets if t.target.key == "NI 16")

    send("NI 16,E2221,2008/09 Q4,38.00,final,\n")  # target 35.40: off track
    assert ni16().judgement.value == "off_track"
    assert ni16().judgement.value == "off_track"  # kept
    send("NI 16,E2221,2008/09 Q4,35.00,final,A late return\n")  # superseded: met
    assert ni16().judgement.value == "on_track"


def test_a_superseded_value_changes_the_caa_standings_and_the_residents_page(settings, client_for):
    from django.test import Client

    from laa.performance.caa import area_standings

    reviewed_kent(settings)
    settings.LAA_TODAY = "2009-06-30"
    send("NI 16,E2221,2008/09,30.0,final,\nNI 16,E0101,2008/09,40.0,final,\nNI 16,E0102,2008/09,50.0,final,\n"
         "NI 16,E2221,2008/09 Q4,38.00,final,\n")
    inspector = User.objects.get(username="inspector")

    def kent_on_ni16():
        row = next(s for s in area_standings(inspector, "E2221") if s.code == "NI 16").row
        return row.value.value, row.england.rank

    assert kent_on_ni16() == (30, 1)
    assert "The latest figure: 38.00 (2008/09 Q4)" in Client().get("/progress/E2221/public").content.decode()
    send("NI 16,E2221,2008/09,60.0,final,Corrected by the department\n"
         "NI 16,E2221,2008/09 Q4,35.00,final,A late return\n")
    assert kent_on_ni16() == (60, 3)
    assert "The latest figure: 35.00 (2008/09 Q4)" in Client().get("/progress/E2221/public").content.decode()
    page = client_for("inspector").get("/progress/E2221/assessment").content.decode()
    assert "3 of 3" in page


def test_an_import_asks_the_worker_to_compare_and_other_processes_read_what_it_kept(
        django_capture_on_commit_callbacks, monkeypatch):
    """ADR 0026, "Later": an import's commit queues `compare_after_import`; the task keeps
    every indicator's comparison for residents and for those signed in, in the database;
    a process that has kept nothing itself (its cache empty) then reads them without
    computing."""
    from django.core.cache import cache
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from laa.performance.models import SharedComputation
    from laa.performance.tasks import compare_now

    areas = ["E2221", "E0101", "E0102", "E0103", "E0104", "E0201", "E0301", "E0302"]
    rows = "".join(f"NI 16,{a},2008/09,{30 + i},{'provisional' if a == 'E0101' else 'final'},\n"
                   for i, a in enumerate(areas))
    with django_capture_on_commit_callbacks(execute=True):
        send(rows)
    queued = [r.task_path for r in DBTaskResult.objects.filter(status=TaskResultStatus.READY)]
    assert queued == ["laa.performance.tasks.compare_after_import"]
    assert compare_now() == 2 and SharedComputation.objects.count() == 4  # placings and rows, two readers
    assert compare_now() == 0  # safe to run twice: nothing computed again

    cache.clear()  # another process: nothing in its own cache
    monkeypatch.setattr(comparing, "compare", lambda *a, **k: pytest.fail("computed again"))
    signed_in = comparing.national_placings(User.objects.get(username="go-manager"))
    resident = comparing.national_placings(None)
    assert {p.area for p in signed_in.placings} == set(areas)
    assert {p.area for p in resident.placings} == set(areas) - {"E0101"}  # final values only
    found, rows = comparing.area_compared(None, "E2221")
    assert rows["NI 16"].value.value == 30


def test_a_kept_comparison_is_written_once_when_two_processes_compute_it(monkeypatch):
    from laa.performance.models import SharedComputation
    from laa.performance.shared import keep, shared

    assert keep(("test", 1), {"a": 1}) is True
    assert keep(("test", 1), {"a": 2}) is False  # another process wrote it first
    monkeypatch.setattr("django.core.cache.cache.get", lambda *a, **k: None)
    assert shared(("test", 1), lambda: pytest.fail("computed again")) == {"a": 1}
    assert SharedComputation.objects.count() == 1
