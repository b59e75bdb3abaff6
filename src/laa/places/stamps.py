"""The stamp of the places' kept pages (`laa.presentation.fragments`): changes whenever
anything the regions' and areas' lists show changes. Places are reference data, loaded by
`laa load-reference` and corrected in the admin in place, so their rows themselves go into
the stamp (nine regions and 150 areas: one plain query, hashed). Portable SQL."""

from __future__ import annotations

from laa.places.models import Area, District, Region
from laa.presentation.fragments import as_text, rows_stamp


def places_stamp() -> str:
    regions, areas, districts = Region._meta.db_table, Area._meta.db_table, District._meta.db_table

    return rows_stamp(
        f"SELECT 'r', id, {as_text('code')}, {as_text('name')}, {as_text('government_office')}, NULL, NULL FROM {regions} "
        f"UNION ALL SELECT 'a', id, {as_text('code')}, {as_text('name')}, {as_text('type')}, {as_text('change_note')}, "
        f"{as_text('region_id')} || '/' || {as_text('valid_from')} || '/' || {as_text('valid_to')} FROM {areas} "
        f"UNION ALL SELECT 'd', COUNT(*), {as_text('MAX(id)')}, {as_text('SUM(county_id)')}, NULL, NULL, NULL "
        f"FROM {districts} "
        "ORDER BY 1, 2"
    )
