"""The hub's registers: who supplies each indicator (collect once), and the burden
register of the other collections departments ask of councils (D22)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from laa import clock
from laa.domain.burdens import totals
from laa.hub.burdens import DataCollection
from laa.hub.models import Supplier
from laa.hub.presenters import progress_row, supplier_row


def burden_register(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("hub.read_burdens"):
        raise PermissionDenied(
            "The burden register is for CLG, national readers and the departments whose collections it lists."
        )
    today = clock.today()
    collections = list(DataCollection.objects.visible_to(request.user).select_related("department"))
    by_department, overall = totals((c.as_collection() for c in collections), today=today)
    names = {c.department.code: c.department.name for c in collections}
    rows = [progress_row(c.name, c.progress(today=today), department=c.department.code,
                         note=c.note, is_demo=c.is_demo) for c in collections]
    return render(request, "hub/burdens.html", {
        "title": "Burden register",
        "today": today,
        "overall": progress_row("All departments", overall) if collections else None,
        "departments": [progress_row(names[code], p, code=code, collections=sum(
            1 for c in collections if c.department.code == code)) for code, p in by_department.items()],
        "rows": rows,
        "any_demo": any(c.is_demo for c in collections),
    })


def supplier_register(request):
    suppliers = (Supplier.objects.visible_to(request.user)
                 .select_related("indicator", "department").order_by("indicator__number", "indicator__code"))
    return render(request, "hub/suppliers.html", {
        "title": "Who supplies each indicator", "rows": [supplier_row(s) for s in suppliers],
        "may_import": request.user.has_perm("hub.import"),
        "reads_ledger": request.user.has_perm("hub.read_ledger"),
        "reads_burdens": request.user.has_perm("hub.read_burdens"),
    })
