from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from laa.accounts.models import User
from laa.audit.admin import AuditedAdmin


@admin.register(User)
class PersonAdmin(UserAdmin, AuditedAdmin):
    list_display = ["username", "get_full_name", "role", "area", "region", "department", "is_active"]
    list_filter = ["role", "is_active", "is_demo"]
    fieldsets = UserAdmin.fieldsets + (
        ("Role and scope", {"fields": ("role", "area", "region", "department", "organisation", "is_demo")}),
    )
    autocomplete_fields = ["area", "organisation"]
