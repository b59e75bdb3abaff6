"""The agreement's PDF, printed in the background (issue 10: no reader waits for a first
render). Until the worker has printed it for the agreement as it stands, the PDF link
answers a page saying it is being prepared (202, a refresh button, no JavaScript); a PDF
printed from content that has since changed is never served; the sign-off steps that fix
the content ask the worker for it once committed; and the database backend's own worker
command runs what was enqueued."""

from __future__ import annotations

import logging
import re
import zlib

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from laa.accounts.models import User
from laa.agreements import actions, printing
from laa.agreements.models import Agreement, DocumentPdf
from laa.agreements.tasks import print_document
from laa.domain.signoff import SignOffState as S

from .signoff_support import advance, make_agreement, step
from .test_agreement_document import import_draft, small_draft

PDF = "/agreements/E2221/document.pdf"


@pytest.fixture
def small(db) -> Agreement:
    """Kent's small draft (five targets); nothing asked of the worker yet."""
    agreement = import_draft(small_draft())
    cache.clear()
    return agreement


def queued() -> list[dict]:
    """What is waiting for the worker: each printing's arguments."""
    return [r.args_kwargs for r in DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by("enqueued_at")]


@pytest.mark.django_db
def test_the_first_reader_is_told_the_pdf_is_being_prepared_and_the_worker_is_asked_once(small, client_for, caplog):
    client = client_for("go-manager")
    response = client.get(PDF + "?round=2008")
    assert response.status_code == 202 and response["Retry-After"] == "10"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<h1 class=\"govuk-heading-xl\">The PDF is being prepared</h1>" in html
    assert f"as it stands now (Draft, version {small.version})" in html
    assert "This usually takes less than a minute. Refresh this page to get the PDF when it is ready." in html
    assert f'href="{PDF}?round=2008" role="button" draggable="false" class="govuk-button"' in html
    assert "Refresh to get the PDF" in html
    assert '<a class="govuk-link" href="/agreements/E2221/document?round=2008">Read the agreement on screen</a>' in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]  # nothing to run: the reader refreshes
    assert queued() == [{"args": [small.pk, None], "kwargs": {}}]  # the whole agreement: the GO sees it all

    assert client.get(PDF).status_code == 202
    assert len(queued()) == 1  # a refresh does not ask again

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        print_document.call(small.pk)  # what the worker does
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]  # every chart drawn
    response = client.get(PDF)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert client_for("officer").get(PDF).content == response.content  # every reader of the whole: the same PDF
    kept = DocumentPdf.objects.get(agreement=small)
    assert kept.pages >= 5 and kept.seconds > 0


@pytest.mark.django_db
def test_a_pdf_of_changed_content_is_never_served(small, client_for, user_for):
    print_document.call(small.pk)
    client = client_for("officer")
    old = client.get(PDF)
    assert old.status_code == 200
    actions.update_agreement(actor=user_for("partnership_officer"), agreement=small, version=small.version,
                             fields={"story_of_place": "Kent changed its story after the PDF was printed."})
    cache.clear()
    response = client.get(PDF)
    assert response.status_code == 202 and "The PDF is being prepared" in response.content.decode()
    assert f"version {small.version + 1}" in response.content.decode()
    print_document.call(small.pk)
    new = client.get(PDF)
    assert new.status_code == 200 and new.content != old.content


@pytest.mark.django_db
def test_a_department_gets_its_own_targets_printed_for_it(small, client_for, user_for):
    department = client_for("department")
    response = department.get(PDF)
    assert response.status_code == 202
    assert "with the 3 of its 5 targets you can see" in response.content.decode()
    lead = user_for("department_lead")
    assert queued() == [{"args": [small.pk, lead.pk], "kwargs": {}}]
    print_document.call(small.pk, lead.pk)
    assert department.get(PDF).status_code == 200
    assert client_for("go-manager").get(PDF).status_code == 202  # the whole agreement is another PDF


@pytest.mark.django_db
def test_with_the_immediate_backend_the_first_reader_gets_the_pdf_at_once(small, client_for, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = client_for("officer").get(PDF)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


@pytest.mark.django_db
def test_submission_and_approval_ask_the_worker_for_the_pdf_once_committed(django_capture_on_commit_callbacks):
    agreement = make_agreement()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        step(agreement, "submit", "officer")
    assert len(callbacks) == 1 and queued() == [{"args": [agreement.pk], "kwargs": {}}]
    agreement = advance(agreement, S.RECOMMENDED)
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        step(agreement, "approve", "clg")  # the content is frozen for good
    assert queued() == [{"args": [agreement.pk], "kwargs": {}}]


@pytest.mark.django_db
def test_a_step_that_leaves_the_content_editable_asks_for_nothing(django_capture_on_commit_callbacks):
    agreement = advance(make_agreement(), S.SUBMITTED)
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        step(agreement, "return_to_draft", "go-manager", reason="NI 116 needs rework.")
    assert queued() == []


def test_the_database_worker_runs_what_was_enqueued(committed_db):
    """The real worker command (`laa db-worker`, here once with --batch: run what is
    queued, then stop) prints the PDF; the reader then gets it."""
    agreement = import_draft(small_draft())
    cache.clear()
    result = print_document.enqueue(agreement.pk)
    assert result.status == TaskResultStatus.READY and not DocumentPdf.objects.exists()
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    kept = DocumentPdf.objects.get(agreement=agreement)
    assert result.return_value == kept.fingerprint
    # No test transaction around this one: the worker closes the connection after its task.
    reader = Client()
    reader.force_login(User.objects.get(username="officer"))
    response = reader.get(PDF)
    assert response.status_code == 200 and bytes(kept.pdf) == response.content
    assert Agreement.objects.get(pk=agreement.pk).pdfs.count() == 1


@pytest.mark.django_db
def test_the_printed_agreement_has_its_pages_sections_targets_and_charts(small, caplog):
    """What the reader of the PDF gets, read from WeasyPrint's pages (their bookmarks,
    the PDF's outline, and their anchors): a title page and contents, then each section
    on a page of its own in order, each target's heading on the page of its facts, and
    every chart drawn."""
    printed = printing.print_html(printing.agreement_for_printing(small.pk))
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = printing.render_document(printed.html)
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]
    pages = document.pages
    assert len(pages) >= 9
    outline = [label for page in pages for _level, label, _at, _state in page.bookmarks]
    assert outline[:3] == ["Kent", "Contents", "Story of place"]
    targets = printed.context["memorandum"]  # every target, in the order of the document
    assert len(targets) == 5
    for heading in ("Outcomes framework", "Reward element", "Signatures",
                    "Memorandum: the targets and who must have regard to them",
                    *(f"{t.key}: {t.indicator_title}" for t in targets)):
        assert any(label.endswith(heading) for label in outline), (heading, outline)
    page_of = {anchor: number for number, page in enumerate(pages) for anchor in page.anchors}
    sections = ["title-page", "story-of-place", "outcomes", "reward", "memorandum", "consultation", "signatures"]
    assert [page_of[s] for s in sections] == sorted({page_of[s] for s in sections})  # in order, a page each
    assert all(page_of["outcomes"] < page_of[t.anchor] < page_of["reward"] for t in targets)
    pdf, _ = printing.render_pdf(printed.html)
    drawn = b"".join(zlib.decompress(s) for s in re.findall(rb"stream\n(.*?)\nendstream", pdf, re.S))
    assert len([t for t in targets if t.chart]) == 4  # NI 32, a placeholder, has no chart
    assert drawn.count(b"0.113725 0.439216 0.721569 RG") >= 4  # each chart's trajectory, stroked in blue
