"""The Comprehensive Area Assessment's flags (DOMAIN.md D19; issue 13; seed 004 Q44-45).

An inspector flags an area **red** where there are significant concerns about outcomes
or prospects that are not being tackled, or **green** where its performance or
innovation is exceptional. A flag has a title, the inspector's evidence and, optionally,
the indicators or targets it concerns. It is recorded as a draft (changed only while a
draft), then published; a published flag may be withdrawn, with the reason. Each step
is a row added, never changed: draft -> published -> withdrawn.

    flag_problems(colour, title, evidence, concerns, known) -> {field: message}
    step_problems(step, state, reason) -> {field: message}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType

from laa.domain.input_limits import MAX_TEXT_CHARS

MAX_TITLE_CHARS = 200
MAX_CONCERNS = 20  # indicators or targets a flag names
MAX_REASON_CHARS = 2_000


class FlagColour(StrEnum):
    RED = "red"
    GREEN = "green"

    @property
    def means(self) -> str:
        return COLOUR_MEANS[self]


COLOUR_MEANS: Mapping[FlagColour, str] = MappingProxyType({
    FlagColour.RED: "Significant concerns about outcomes or prospects that are not being tackled",
    FlagColour.GREEN: "Exceptional performance or innovation",
})


class FlagState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


# step -> (the state it starts from, the state it reaches)
STEPS: Mapping[str, tuple[FlagState, FlagState]] = MappingProxyType({
    "publish": (FlagState.DRAFT, FlagState.PUBLISHED),
    "withdraw": (FlagState.PUBLISHED, FlagState.WITHDRAWN),
})


def parse_colour(text: str | None) -> FlagColour | None:
    words = (text or "").strip().lower()
    return next((c for c in FlagColour if c.value == words), None)


def parse_concerns(text: str) -> tuple[str, ...]:
    """The indicators or targets named, one a line or separated by commas ("NI 16, NI 17"),
    in order, each once."""
    found: list[str] = []
    for part in text.replace("\n", ",").split(","):
        name = " ".join(part.split())
        if name and name not in found:
            found.append(name)
    return tuple(found)


def editable(state: FlagState) -> bool:
    """Only a draft is changed; a published flag is withdrawn, never edited."""
    return state == FlagState.DRAFT


def flag_problems(*, colour: str, title: str, evidence: str, concerns: Iterable[str],
                  known: Iterable[str]) -> dict[str, str]:
    """A flag's problems by field ({} if it can be recorded). `known`: the indicators and
    targets of the area it may name."""
    problems: dict[str, str] = {}
    if parse_colour(colour) is None:
        problems["colour"] = "Choose whether the flag is red or green."
    if not title.strip():
        problems["title"] = "Give the flag a title."
    elif len(title.strip()) > MAX_TITLE_CHARS:
        problems["title"] = f"The title must be {MAX_TITLE_CHARS} characters or fewer (it has {len(title.strip())})."
    if not evidence.strip():
        problems["evidence"] = "Give the evidence for the flag."
    elif len(evidence.strip()) > MAX_TEXT_CHARS:
        problems["evidence"] = (f"The evidence must be {MAX_TEXT_CHARS:,} characters or fewer "
                                f"(it has {len(evidence.strip()):,}).")
    named = list(concerns)
    allowed = set(known)
    unknown = [n for n in named if n not in allowed]
    if len(named) > MAX_CONCERNS:
        problems["concerns"] = f"Name at most {MAX_CONCERNS} indicators or targets (you named {len(named)})."
    elif unknown:
        problems["concerns"] = f"'{unknown[0][:40]}' is not an indicator or target of the area."
    return problems


def step_problems(*, step: str, state: FlagState, reason: str = "") -> dict[str, str]:
    """Whether the flag may take the step from its state: a draft is published, a
    published flag withdrawn with its reason."""
    if step not in STEPS:
        return {"step": "A flag is published or withdrawn."}
    start, _ = STEPS[step]
    if state != start:
        return {"step": f"The flag is {state.value}: it cannot be {step}{'ed' if step == 'publish' else 'n'}."}
    if step == "withdraw":
        if not reason.strip():
            return {"reason": "Say why the flag is withdrawn."}
        if len(reason.strip()) > MAX_REASON_CHARS:
            return {"reason": f"The reason must be {MAX_REASON_CHARS:,} characters or fewer."}
    return {}
