from __future__ import annotations

from django.contrib import admin

from laa.audit.admin import AuditedAdmin
from laa.catalogue.models import Department, Round, StatutoryIndicator


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["code", "name", "provenance"]


@admin.register(Round)
class RoundAdmin(AuditedAdmin):
    list_display = ["name", "year", "period_start", "period_end", "approval_opens"]


@admin.register(StatutoryIndicator)
class StatutoryIndicatorAdmin(AuditedAdmin):
    """The statutory education targets of each round: data an administrator changes."""

    list_display = ["round", "indicator", "provenance"]
    list_filter = ["round"]
