"""The check of one observed value against its indicator's definition.

    check_value(RawValue(value="17.5", status="final"), definition)
        -> CheckedValue(value=Decimal("17.5"), ..., status="final")
    check_value(RawValue(value="117"), percentage_definition)
        -> ValueProblems([Problem("value", "117 is not a possible percentage (0 to 100)")])

Figures are read by the one figure parser (laa.domain.figures); the value has at most
the definition's decimal places; numerator and denominator only for a rate or
proportion (and then both, with the value they give); a confidence interval and sample
size only for a survey; a suppressed value (small numbers) carries no figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from laa.domain.figures import FigureError, parse_figure
from laa.domain.hub.reporting import Definition
from laa.domain.input_limits import shown
from laa.domain.rules.values import NON_NEGATIVE_UNITS

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
# Numerators, denominators and sample sizes are whole counts of people or things.
MAX_COUNT_DIGITS = 12


class Status(StrEnum):
    PROVISIONAL = "provisional"
    FINAL = "final"
    SUPPRESSED = "suppressed"

    @property
    def label(self) -> str:
        return {"provisional": "Provisional", "final": "Final",
                "suppressed": "Suppressed (small numbers)"}[self.value]


@dataclass(frozen=True, slots=True)
class RawValue:
    """The figures of one value as they came in (text or numbers; blank is None or "")."""

    value: object = None
    numerator: object = None
    denominator: object = None
    ci_lower: object = None
    ci_upper: object = None
    sample_size: object = None
    status: object = None


@dataclass(frozen=True, slots=True)
class CheckedValue:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    ci_lower: Decimal | None
    ci_upper: Decimal | None
    sample_size: int | None
    status: Status


@dataclass(frozen=True, slots=True)
class Problem:
    column: str
    reason: str


class ValueProblems(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.column}: {p.reason}" for p in problems))


def parse_status(raw: object) -> Status:
    text = "" if raw is None else str(raw).strip().lower()
    if not text:
        return Status.FINAL
    try:
        return Status(text)
    except ValueError:
        raise FigureError("must be provisional, final or suppressed") from None


def check_value(raw: RawValue, d: Definition) -> CheckedValue:
    """The value as stored; ValueProblems naming each column that is wrong."""
    problems: list[Problem] = []

    def figure(column: str, text: object, places: int, integer_digits: int = 10) -> Decimal | None:
        try:
            return parse_figure(text, places=places, integer_digits=integer_digits)
        except FigureError as exc:
            problems.append(Problem(column, f"{shown(text)} {exc}"))
            return None

    try:
        status = parse_status(raw.status)
    except FigureError as exc:
        problems.append(Problem("status", f"{shown(raw.status)} {exc}"))
        status = Status.FINAL
    value = figure("value", raw.value, d.decimal_places)
    numerator = figure("numerator", raw.numerator, 0, MAX_COUNT_DIGITS)
    denominator = figure("denominator", raw.denominator, 0, MAX_COUNT_DIGITS)
    ci_lower = figure("ci_lower", raw.ci_lower, 4)
    ci_upper = figure("ci_upper", raw.ci_upper, 4)
    sample = figure("sample_size", raw.sample_size, 0, MAX_COUNT_DIGITS)
    if problems:
        raise ValueProblems(problems)

    if status == Status.SUPPRESSED:
        for column, given in (("value", value), ("numerator", numerator), ("ci_lower", ci_lower),
                              ("ci_upper", ci_upper)):
            if given is not None:
                problems.append(Problem(column, "must be blank for a suppressed value (small numbers)"))
    elif value is None:
        problems.append(Problem("value", "is missing (a value withheld for small numbers has "
                                         "the status suppressed)"))
    for column, given in (("value", value), ("ci_lower", ci_lower), ("ci_upper", ci_upper)):
        if given is not None and (problem := unit_problem(given, d.unit)):
            problems.append(Problem(column, problem))
    problems += _rate_problems(d, value, numerator, denominator)
    problems += _survey_problems(d, value, ci_lower, ci_upper, sample)
    if problems:
        raise ValueProblems(problems)
    return CheckedValue(
        value=value, numerator=numerator, denominator=denominator, ci_lower=ci_lower,
        ci_upper=ci_upper, sample_size=int(sample) if sample is not None else None, status=status,
    )


def unit_problem(value: Decimal, unit: str) -> str | None:
    """Why `value` is not possible in `unit`, or None."""
    if unit == "percentage" and not _ZERO <= value <= _HUNDRED:
        return f"{value} is not a possible percentage (0 to 100)"
    if unit in NON_NEGATIVE_UNITS and value < _ZERO:
        return f"{value} cannot be negative for an indicator measured in {unit}"
    return None


def _rate_problems(
    d: Definition, value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None
) -> list[Problem]:
    if numerator is None and denominator is None:
        return []
    if not d.is_rate:
        return [Problem("numerator" if numerator is not None else "denominator",
                        f"is given, but {d.code} is a {d.unit}, not a rate or proportion")]
    if numerator is None or denominator is None:
        missing = "numerator" if numerator is None else "denominator"
        return [Problem(missing, "is missing: a numerator and a denominator come together")]
    problems = []
    if numerator < _ZERO:
        problems.append(Problem("numerator", "cannot be negative"))
    if denominator <= _ZERO:
        problems.append(Problem("denominator", "must be more than 0"))
    elif d.unit == "percentage" and numerator > denominator:
        problems.append(Problem("numerator", f"{numerator} is more than the denominator {denominator}"))
    elif d.unit == "percentage" and value is not None and not problems:
        exact = numerator * _HUNDRED / denominator
        # The value is the exact percentage rounded to the definition's places.
        if abs(exact - value) > Decimal(1).scaleb(-d.decimal_places) / 2 + Decimal("1e-9"):
            problems.append(Problem(
                "value", f"{value} is not {numerator} out of {denominator} "
                f"({exact.quantize(Decimal(1).scaleb(-d.decimal_places))}%)"))
    return problems


def _survey_problems(
    d: Definition, value: Decimal | None, lower: Decimal | None, upper: Decimal | None, sample: Decimal | None
) -> list[Problem]:
    if lower is None and upper is None and sample is None:
        return []
    if not d.is_survey:
        column = "sample_size" if sample is not None else ("ci_lower" if lower is not None else "ci_upper")
        return [Problem(column, f"is given, but {d.code} is not measured by a survey")]
    problems = []
    if (lower is None) != (upper is None):
        problems.append(Problem("ci_lower" if lower is None else "ci_upper",
                                "is missing: a confidence interval has a lower and an upper limit"))
    elif lower is not None and upper is not None:
        if lower > upper:
            problems.append(Problem("ci_lower", f"{lower} is above the upper limit {upper}"))
        elif value is not None and not lower <= value <= upper:
            problems.append(Problem("value", f"{value} is outside its confidence interval "
                                             f"{lower} to {upper}"))
    if sample is not None and sample <= _ZERO:
        problems.append(Problem("sample_size", "must be more than 0"))
    return problems
