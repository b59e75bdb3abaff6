"""Administration of organisations, partnerships and people, through Django's admin.
Every save and delete writes the audit trail."""

from __future__ import annotations

from django.contrib import admin

from laa.audit.admin import AuditedAdmin
from laa.places.models import (
    Area,
    District,
    Membership,
    Organisation,
    Partnership,
    Region,
    ThematicPartnership,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]


class ThematicInline(admin.TabularInline):
    model = ThematicPartnership
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "area", "accountable_body", "is_demo"]
    search_fields = ["name", "area__name"]
    inlines = [MembershipInline, ThematicInline]
    autocomplete_fields = ["area", "accountable_body"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "area", "is_demo"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["area"]


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ["name", "code", "type", "region", "valid_from", "valid_to"]
    list_filter = ["region", "type"]
    search_fields = ["name", "code"]


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["name", "code", "government_office"]


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["name", "county"]
    search_fields = ["name"]
