"""The stamp of the places' kept pages (`laa.presentation.fragments`): changes whenever
anything the regions' and areas' lists show changes. Places are reference data, loaded by
`laa load-reference` and corrected in the admin in place, so their rows themselves go into
the stamp (nine regions and 150 areas: one plain query, hashed). Portable SQL."""

from __future__ import annotations

import hashlib

from django.db import connection

from laa.places.models import Area, District, Region


def places_stamp() -> str:
    regions, areas, districts = Region._meta.db_table, Area._meta.db_table, District._meta.db_table

    def text(column: str) -> str:
        return f"COALESCE(CAST({column} AS TEXT), '')"

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 'r', id, {text('code')}, {text('name')}, {text('government_office')}, NULL, NULL FROM {regions} "
            f"UNION ALL SELECT 'a', id, {text('code')}, {text('name')}, {text('type')}, {text('change_note')}, "
            f"{text('region_id')} || '/' || {text('valid_from')} || '/' || {text('valid_to')} FROM {areas} "
            f"UNION ALL SELECT 'd', COUNT(*), {text('MAX(id)')}, {text('SUM(county_id)')}, NULL, NULL, NULL "
            f"FROM {districts} "
            "ORDER BY 1, 2"
        )
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]
