"""The admin writes the audit trail for every change, including "Delete selected"."""

from __future__ import annotations

import pytest

from laa.audit.models import AuditEvent
from laa.catalogue.models import Department

pytestmark = pytest.mark.django_db


def test_delete_selected_records_each_deletion(client_for):
    first = Department.objects.create(code="TST1", name="Test Department One", provenance="recalled")
    second = Department.objects.create(code="TST2", name="Test Department Two", provenance="recalled")
    ids = [first.pk, second.pk]
    client = client_for("admin")
    response = client.post(
        "/admin/catalogue/department/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not Department.objects.filter(pk__in=ids).exists()
    events = AuditEvent.objects.filter(record_type="catalogue.department", action="delete").order_by("record_id")
    assert [(e.record_id, e.actor.username, e.before["name"], e.after) for e in events] == [
        (str(first.pk), "admin", "Test Department One", None),
        (str(second.pk), "admin", "Test Department Two", None),
    ]


def test_delete_selected_that_is_refused_leaves_no_event(client_for):
    # A department referenced by indicator definitions is protected: nothing is deleted
    # and no deletion is recorded.
    used = Department.objects.get(code="HO")
    before = AuditEvent.objects.count()
    response = client_for("admin").post(
        "/admin/catalogue/department/",
        {"action": "delete_selected", "_selected_action": [used.pk], "post": "yes"},
    )
    assert response.status_code in {200, 302}
    assert Department.objects.filter(pk=used.pk).exists()
    assert AuditEvent.objects.count() == before
