"""The audit trail of any record, for administrators and national readers."""

from __future__ import annotations

import json

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from laa.audit.models import AuditEvent


def trail(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("audit.read_trail"):
        raise PermissionDenied
    events = AuditEvent.objects.visible_to(request.user)
    record_type = request.GET.get("record_type", "").strip()
    record_id = request.GET.get("record_id", "").strip()
    if record_type:
        events = events.filter(record_type=record_type)
    if record_id:
        events = events.filter(record_id=record_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "event": e,
            "before": json.dumps(e.before, indent=1, sort_keys=True) if e.before is not None else "",
            "after": json.dumps(e.after, indent=1, sort_keys=True) if e.after is not None else "",
        }
        for e in page.object_list
    ]
    return render(request, "audit/trail.html", {
        "title": "Audit trail", "rows": rows, "page": page,
        "record_type": record_type, "record_id": record_id,
    })
