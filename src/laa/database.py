"""The database being busy: another request holds the write lock longer than we wait
(settings.LAA_DB_LOCK_TIMEOUT). Pages and the API answer 503 (laa.web.edge), commands
exit 3; both say nothing was saved and to try again."""

from __future__ import annotations

from django.db import OperationalError

# PostgreSQL: lock_not_available (lock_timeout), deadlock_detected, serialization_failure,
# query_canceled (statement_timeout).
BUSY_SQLSTATES = frozenset({"55P03", "40P01", "40001", "57014"})
# SQLite: a write lock held by another connection (or, in shared-cache mode, a table's).
BUSY_SQLITE = ("database is locked", "database table is locked", "database schema is locked")

BUSY_MESSAGE = (
    "The database is busy with another change. Nothing was saved: wait a few seconds and try again."
)


def is_busy(error: BaseException | None) -> bool:
    """Whether an exception, or one that caused it, says the database is busy."""
    for _ in range(10):
        if error is None:
            return False
        if isinstance(error, OperationalError) or type(error).__module__.startswith(("sqlite3", "psycopg")):
            if getattr(error, "sqlstate", None) in BUSY_SQLSTATES:
                return True
            if any(words in str(error).lower() for words in BUSY_SQLITE):
                return True
        error = error.__cause__ or error.__context__
    return False
