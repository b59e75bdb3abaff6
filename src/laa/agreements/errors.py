"""Why a write on an agreement saved nothing: bad input named by field, a stale edit, or an
agreement whose content cannot change in its state."""

from __future__ import annotations

from laa.agreements.models import Agreement
from laa.domain.signoff_locks import content_locked_message


class AgreementError(ValueError):
    """Bad input: each problem names the field. Nothing was saved."""

    def __init__(self, problems: dict[str, str] | list[str]):
        if isinstance(problems, list):
            problems = {f"problem {i + 1}": p for i, p in enumerate(problems)}
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


class StaleEdit(Exception):
    """Someone changed the record since the editor loaded it."""

    def __init__(self, record_label: str, seen: int, current: int, changed_by: str = ""):
        self.record_label, self.seen, self.current, self.changed_by = record_label, seen, current, changed_by
        who = f" by {changed_by}" if changed_by else ""
        super().__init__(
            f"{record_label} was changed{who} after you opened it (your version {seen}, now {current}). "
            "Nothing you sent was saved: reload it, check the changes and make your edit again."
        )


class FrozenAgreement(Exception):
    """The agreement's content cannot change in its state: it changes only in draft
    (`laa.domain.signoff_locks.content_editable`); approval freezes it for good."""

    def __init__(self, agreement: Agreement):
        super().__init__(content_locked_message(agreement.state, agreement.area.name))
