"""The stamp of the hub's kept pages (`laa.presentation.fragments.kept_page`): values come
in only by imports, each written with its ledger entry in the same transaction (a
correction too: it adds the value that replaces the old one), so the latest ledger entry
says when anything the hub's pages show has changed."""

from __future__ import annotations

from django.db import connection

from laa.hub.models import LedgerEntry


def hub_stamp() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id), COUNT(*) FROM {LedgerEntry._meta.db_table}")  # noqa: S608 - our own name
        return tuple(cursor.fetchone())
