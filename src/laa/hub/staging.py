"""The staging table of an import: checked rows are copied in (COPY through psycopg 3 on
PostgreSQL, batched inserts on SQLite), then compared with the hub's current values and
written in set-based SQL, so a million rows never sit in Python's memory.

A temporary table, created inside the import's transaction and dropped before it ends:
a dry run or a refused file leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection

from laa.domain.hub.rows import CheckedRow

TABLE = "hub_import_staging"
COLUMNS = (
    "row_number", "definition_id", "indicator_id", "area_id", "district_id", "grp", "period",
    "period_kind", "period_start", "period_end", "value", "numerator", "denominator", "ci_lower",
    "ci_upper", "sample_size", "status", "supplier", "reason",
)
_CREATE = f"""
CREATE TEMPORARY TABLE {TABLE} (
    row_number integer NOT NULL, definition_id integer NOT NULL, indicator_id integer NOT NULL,
    area_id integer NOT NULL, district_id integer NOT NULL, grp varchar(40) NOT NULL,
    period varchar(24) NOT NULL, period_kind varchar(16) NOT NULL, period_start date NOT NULL,
    period_end date NOT NULL, value numeric(14, 4), numerator numeric(14, 0),
    denominator numeric(14, 0), ci_lower numeric(14, 4), ci_upper numeric(14, 4),
    sample_size bigint, status varchar(12) NOT NULL, supplier varchar(80) NOT NULL,
    reason varchar(300) NOT NULL, current_id integer, outcome varchar(10)
)"""
_BATCH = 5000


def staged(row: CheckedRow) -> tuple:
    definition, area, district, group, period = row.key
    v = row.value
    return (
        row.row, definition, row.indicator_id, area, district or 0, group, period, row.period.kind.value,
        row.period.start, row.period.end, v.value, v.numerator, v.denominator, v.ci_lower, v.ci_upper,
        v.sample_size, v.status.value, row.supplier, row.reason[:300],
    )


class Staging:
    """Opened inside a transaction: `add` checked rows, then compare and write."""

    def __init__(self) -> None:
        self.cursor = connection.cursor()
        self.postgres = connection.vendor == "postgresql"
        self.cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        self.cursor.execute(_CREATE)
        self._batch: list[tuple] = []
        self._copy = None
        self._copy_context = None

    def add(self, row: CheckedRow) -> None:
        if self.postgres:
            if self._copy is None:
                self._copy_context = self.cursor.copy(f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN")
                self._copy = self._copy_context.__enter__()
            self._copy.write_row(staged(row))
            return
        self._batch.append(_sqlite(staged(row)))
        if len(self._batch) >= _BATCH:
            self._flush()

    def finish_loading(self) -> None:
        if self._copy_context is not None:
            self._copy_context.__exit__(None, None, None)
            self._copy = self._copy_context = None
        self._flush()
        self.cursor.execute(
            f"CREATE INDEX {TABLE}_key ON {TABLE} (definition_id, area_id, district_id, grp, period, row_number)"
        )

    def abandon(self) -> None:
        if self._copy_context is not None:
            try:
                self._copy_context.__exit__(RuntimeError, RuntimeError("abandoned"), None)
            except Exception:  # noqa: BLE001, S110 - the transaction is being rolled back anyway
                pass
            self._copy = self._copy_context = None

    def _flush(self) -> None:
        if self._batch:
            marks = ", ".join(["%s"] * len(COLUMNS))
            self.cursor.executemany(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})", self._batch)
            self._batch = []

    def duplicates(self, most: int) -> tuple[int, list[tuple[int, int]]]:
        """How many rows repeat an earlier row's key, and the first `most` (row, earlier row)."""
        join = (
            f"FROM {TABLE} s JOIN {TABLE} t ON t.definition_id = s.definition_id AND t.area_id = s.area_id "
            "AND t.district_id = s.district_id AND t.grp = s.grp AND t.period = s.period "
            "AND t.row_number < s.row_number"
        )
        self.cursor.execute(f"SELECT COUNT(DISTINCT s.row_number) {join}")
        (count,) = self.cursor.fetchone()
        if not count:
            return 0, []
        self.cursor.execute(
            f"SELECT s.row_number, MIN(t.row_number) {join} GROUP BY s.row_number ORDER BY s.row_number LIMIT %s",
            [most],
        )
        return count, [(r, first) for r, first in self.cursor.fetchall()]

    def compare(self) -> dict[str, int]:
        """Each staged row's outcome against the current values: new, changed or unchanged."""
        group = connection.ops.quote_name("group")
        same = " AND ".join(
            f"(o.{c} = {TABLE}.{c} OR (o.{c} IS NULL AND {TABLE}.{c} IS NULL))"
            for c in ("value", "numerator", "denominator", "ci_lower", "ci_upper", "sample_size")
        )
        self.cursor.execute(
            f"UPDATE {TABLE} SET current_id = o.id, "
            f"outcome = CASE WHEN {same} AND o.status = {TABLE}.status THEN 'unchanged' ELSE 'changed' END "
            f"FROM hub_observation o WHERE o.definition_id = {TABLE}.definition_id "
            f"AND o.area_id = {TABLE}.area_id AND COALESCE(o.district_id, 0) = {TABLE}.district_id "
            f"AND o.{group} = {TABLE}.grp AND o.period = {TABLE}.period "
            "AND NOT EXISTS (SELECT 1 FROM hub_observation r WHERE r.replaces_id = o.id)"
        )
        self.cursor.execute(f"UPDATE {TABLE} SET outcome = 'new' WHERE outcome IS NULL")
        self.cursor.execute(f"SELECT outcome, COUNT(*) FROM {TABLE} GROUP BY outcome")
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        counts.update(dict(self.cursor.fetchall()))
        return counts

    def write(self, *, ledger_id: int, supplied_at: dt.datetime, by_id: int | None, by_label: str,
              default_reason: str) -> None:
        """The new and changed rows as observations; a changed row replaces the current one."""
        group = connection.ops.quote_name("group")
        at = connection.ops.adapt_datetimefield_value(supplied_at)
        self.cursor.execute(
            f"INSERT INTO hub_observation (definition_id, indicator_id, area_id, district_id, {group}, "
            "period, period_kind, period_start, period_end, value, numerator, denominator, ci_lower, "
            "ci_upper, sample_size, status, supplier, supplied_at, supplied_by_id, supplied_by_label, "
            "ledger_id, replaces_id, reason) "
            "SELECT definition_id, indicator_id, area_id, NULLIF(district_id, 0), grp, period, period_kind, "
            "period_start, period_end, value, numerator, denominator, ci_lower, ci_upper, sample_size, "
            "status, supplier, %s, %s, %s, %s, current_id, "
            "CASE WHEN outcome = 'changed' AND reason = '' THEN %s ELSE reason END "
            f"FROM {TABLE} WHERE outcome IN ('new', 'changed') ORDER BY row_number",
            [at, by_id, by_label, ledger_id, default_reason[:300]],
        )

    def close(self) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        self.cursor.close()


def _sqlite(values: Iterable) -> tuple:
    return tuple(
        v.isoformat() if isinstance(v, dt.date) else str(v) if v is not None and not isinstance(v, int | str) else v
        for v in values
    )
