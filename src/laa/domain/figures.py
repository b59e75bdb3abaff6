"""One way to read a figure, however it comes in: the target form, the agreement's
actions, a negotiation proposal, a workbook cell typed as text (and the hub's imports
next). Exact `Decimal`s, never floats.

    parse_figure("1,234.5")    -> Decimal("1234.5")
    parse_figure(" 1 234 ")    -> Decimal("1234")
    parse_figure("17.50000")   -> Decimal("17.50000")   (trailing zeros hold nothing)
    parse_figure("")           -> None
    parse_figure("12abc")      -> FigureError("must be a number, like 17.5")

A figure is stored in a column of `places` decimal places and `integer_digits` digits
before the point; `storable_problem` says, in words, why one does not fit.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_INTEGER_DIGITS = 10
MAX_DECIMAL_PLACES = 4
MAX_FIGURE_LENGTH = 40

# Spaces people and spreadsheets put between groups of digits: space, no-break space,
# thin space, narrow no-break space.
_GROUP_SPACES = re.compile("[ \u00a0\u2009\u202f]")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([, \u00a0\u2009\u202f]\d{3})+(\.\d*)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class FigureError(ValueError):
    """The text is not a figure, or one that cannot be stored exactly; the message
    completes a sentence that starts with the field's label."""


def parse_figure(
    raw: object, *, places: int = MAX_DECIMAL_PLACES, integer_digits: int = MAX_INTEGER_DIGITS,
) -> Decimal | None:
    """The figure in `raw` (text as typed, or a number), None if blank. Groups of three
    digits may be separated by commas or spaces; no exponents, no "NaN"."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise FigureError("must be a number, like 17.5")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    else:
        text = str(raw).strip()
        if not text:
            return None
        if len(text) > MAX_FIGURE_LENGTH:
            raise FigureError(f"must be a number of at most {MAX_FIGURE_LENGTH} characters")
        if _GROUPED.match(text):
            text = _GROUP_SPACES.sub("", text.replace(",", ""))
        if not _PLAIN.match(text):
            raise FigureError("must be a number, like 17.5")
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            raise FigureError("must be a number, like 17.5") from None
    problem = storable_problem(value, places=places, integer_digits=integer_digits)
    if problem:
        raise FigureError(problem)
    return value


def storable_problem(
    value: Decimal, *, places: int = MAX_DECIMAL_PLACES, integer_digits: int = MAX_INTEGER_DIGITS,
) -> str | None:
    """Why a column of `places` decimal places and `integer_digits` digits before the
    point cannot hold `value` exactly, or None. Trailing zeros hold nothing (17.50000 is
    17.5), and a positive exponent adds integer digits (1E+10 has 11)."""
    if not value.is_finite():
        return "must be a number, like 17.5"
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return None
    while exponent < 0 and digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    if -exponent > places:
        return f"has more than {places} decimal places"
    if len(digits) + exponent > integer_digits:
        return f"is too large to store (at most {integer_digits} digits before the decimal point)"
    return None


def figure_as_typed(value: Decimal | int | str | None) -> str:
    """A stored figure as a person would type it back into a form: no separators, no
    trailing zeros (17.5000 -> "17.5", 1E+3 -> "1000"), "" for none. `parse_figure` reads
    it back to the same value. Pages show figures with `figure` (laa.presentation)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
