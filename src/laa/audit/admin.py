from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from laa.audit.models import AuditEvent
from laa.audit.trail import record, snapshot


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every save and delete writes the audit trail."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.filter(pk=obj.pk).first()) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        record(actor=request.user, action="admin-change" if change else "admin-add", instance=obj, before=before)

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = snapshot(obj)
            record(actor=request.user, action="delete", instance=obj, before=before, after=None)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The "Delete selected" action: one audit event per record, and the deletion,
        in one transaction (if the delete is refused, no event is left behind)."""
        with transaction.atomic():
            for obj in queryset:
                record(actor=request.user, action="delete", instance=obj, before=snapshot(obj), after=None)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record(actor=request.user, action="delete", instance=obj, before=snapshot(obj), after=None)
            obj.delete()
        for obj in instances:
            before = snapshot(type(obj).objects.filter(pk=obj.pk).first()) if obj.pk else None
            obj.save()
            record(actor=request.user, action="admin-change" if before else "admin-add", instance=obj, before=before)
        formset.save_m2m()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "record_type", "record_id", "record_label"]
    list_filter = ["action", "record_type"]
    search_fields = ["record_label", "actor_label", "record_id"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
