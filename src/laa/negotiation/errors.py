"""Why a negotiation action saved nothing: bad input, a move the rules refuse, or an answer to
a thread that has moved on."""

from __future__ import annotations

from laa.negotiation.models import NegotiationEntry


class NegotiationError(ValueError):
    """Bad input: each problem names its field. Nothing was saved."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


class Refused(Exception):
    """The negotiation's rules refuse the entry (the reason says why). Nothing was saved."""


class StaleAnswer(Exception):
    """Someone wrote to the thread after the author last read it. Nothing was saved."""

    def __init__(self, message: str, latest: NegotiationEntry | None = None):
        self.latest = latest
        super().__init__(message)
