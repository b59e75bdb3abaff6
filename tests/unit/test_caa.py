"""The Comprehensive Area Assessment's flags (laa.domain.caa)."""

from __future__ import annotations

import pytest

from laa.domain.caa import (
    MAX_CONCERNS,
    MAX_REASON_CHARS,
    MAX_TITLE_CHARS,
    FlagColour,
    FlagState,
    editable,
    flag_problems,
    parse_colour,
    parse_concerns,
    step_problems,
)
from laa.domain.input_limits import MAX_TEXT_CHARS

KNOWN = ("NI 16", "NI 17", "Local 1")
EVIDENCE = "Burglary rose by a fifth in two years and the partnership has no plan to tackle it."


@pytest.mark.parametrize(("colour", "title", "evidence", "concerns", "fields"), [
    ("red", "Acquisitive crime rising", EVIDENCE, ("NI 16",), set()),
    ("green", "Exceptional work on worklessness", EVIDENCE, (), set()),
    ("Red ", "Crime", EVIDENCE, ("NI 16", "Local 1"), set()),
    ("amber", "Crime", EVIDENCE, (), {"colour"}),
    ("", "Crime", EVIDENCE, (), {"colour"}),
    ("red", "  ", EVIDENCE, (), {"title"}),
    ("red", "x" * (MAX_TITLE_CHARS + 1), EVIDENCE, (), {"title"}),
    ("red", "x" * MAX_TITLE_CHARS, EVIDENCE, (), set()),
    ("red", "Crime", "", (), {"evidence"}),
    ("red", "Crime", "x" * (MAX_TEXT_CHARS + 1), (), {"evidence"}),
    ("red", "Crime", EVIDENCE, ("NI 999",), {"concerns"}),
    ("red", "Crime", EVIDENCE, ("NI 16",) * (MAX_CONCERNS + 1), {"concerns"}),
    ("", "", "", ("nothing",), {"colour", "title", "evidence", "concerns"}),
])
def test_flag_problems(colour, title, evidence, concerns, fields):
    problems = flag_problems(colour=colour, title=title, evidence=evidence, concerns=concerns, known=KNOWN)
    assert set(problems) == fields
    assert all(message.endswith(".") for message in problems.values())


@pytest.mark.parametrize(("step", "state", "reason", "fields"), [
    ("publish", FlagState.DRAFT, "", set()),
    ("publish", FlagState.PUBLISHED, "", {"step"}),
    ("publish", FlagState.WITHDRAWN, "", {"step"}),
    ("withdraw", FlagState.PUBLISHED, "The partnership's new plan answers the concern", set()),
    ("withdraw", FlagState.PUBLISHED, "  ", {"reason"}),
    ("withdraw", FlagState.PUBLISHED, "x" * (MAX_REASON_CHARS + 1), {"reason"}),
    ("withdraw", FlagState.DRAFT, "A reason", {"step"}),
    ("withdraw", FlagState.WITHDRAWN, "A reason", {"step"}),
    ("delete", FlagState.DRAFT, "", {"step"}),
])
def test_step_problems(step, state, reason, fields):
    assert set(step_problems(step=step, state=state, reason=reason)) == fields


def test_a_refused_step_says_the_state():
    assert step_problems(step="publish", state=FlagState.PUBLISHED)["step"] == (
        "The flag is published: it cannot be published.")
    assert step_problems(step="withdraw", state=FlagState.DRAFT)["step"] == (
        "The flag is draft: it cannot be withdrawn.")


@pytest.mark.parametrize(("state", "expected"), [
    (FlagState.DRAFT, True), (FlagState.PUBLISHED, False), (FlagState.WITHDRAWN, False)])
def test_only_a_draft_is_edited(state, expected):
    assert editable(state) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("red", FlagColour.RED), ("GREEN", FlagColour.GREEN), (" red ", FlagColour.RED), ("amber", None), (None, None)])
def test_parse_colour(text, expected):
    assert parse_colour(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("", ()),
    ("NI 16", ("NI 16",)),
    ("NI 16, NI  17\nLocal 1", ("NI 16", "NI 17", "Local 1")),
    ("NI 16,,NI 16, ", ("NI 16",)),
])
def test_parse_concerns(text, expected):
    assert parse_concerns(text) == expected


def test_each_colour_says_what_it_means():
    assert FlagColour.RED.means.startswith("Significant concerns")
    assert FlagColour.GREEN.means == "Exceptional performance or innovation"
