"""JSON read within bounds: nesting no deeper than `MAX_DEPTH`, numbers no longer than
`MAX_NUMBER_CHARS`, so hostile text is refused with its line instead of exhausting the
stack (3,000 nested lists) or the CPU (an integer of a million digits).

    data = loads(text)                      # floats as float
    data = loads(text, decimals=True)       # floats as exact Decimal (agreement data)

Raises `LimitExceeded` (with the line) for a bound passed and `json.JSONDecodeError` for
text that is not JSON. The depth is measured before parsing, in one pass over the text.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from itertools import accumulate
from typing import Any

from laa.domain.input_limits import (
    MAX_DEPTH,
    MAX_NUMBER_CHARS,
    NUMBER_REFUSED,
    LimitExceeded,
    number_in_bounds,
)

__all__ = ["depth_problem", "loads"]

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = str.maketrans({"[": "[", "{": "[", "]": "]", "}": "]"})
_KEEP = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "]": -1}


def loads(
    text: str | bytes,
    *,
    decimals: bool = False,
    object_pairs_hook: Any = None,
    most_depth: int = MAX_DEPTH,
) -> Any:
    """The data of a JSON text, refused with `LimitExceeded` past the bounds."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8-sig")
    problem = depth_problem(text, most_depth)
    if problem is not None:
        raise problem
    try:
        return json.loads(
            text,
            parse_int=_integer,
            parse_float=_decimal if decimals else _float,
            parse_constant=Decimal if decimals else float,
            object_pairs_hook=object_pairs_hook,
        )
    except _TooLong as number:
        raise LimitExceeded(
            NUMBER_REFUSED, line=_line_of(text, number.text)
        ) from None
    except RecursionError:  # only if the measure above was fooled by broken text
        raise LimitExceeded(f"nested more than {most_depth} levels deep") from None


def depth_problem(text: str, most: int = MAX_DEPTH) -> LimitExceeded | None:
    """The refusal of a text nested deeper than `most` (with the line), or None."""
    bare = _STRING.sub("", text)
    brackets = _KEEP.sub("", bare).translate(_BRACKETS)
    if not brackets or max(accumulate(map(_STEP.__getitem__, brackets))) <= most:
        return None
    depth = 0
    position = 0
    while position < len(text):  # the slow walk, only to name the line
        char = text[position]
        if char == '"':
            match = _STRING.match(text, position)
            position = match.end() if match else position + 1
            continue
        if char in "[{":
            depth += 1
            if depth > most:
                line = text.count("\n", 0, position) + 1
                return LimitExceeded(f"nested more than {most} levels deep", line=line)
        elif char in "]}":
            depth -= 1
        position += 1
    return LimitExceeded(f"nested more than {most} levels deep")


class _TooLong(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text[:20])
        self.text = text


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _TooLong(text)
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS or not number_in_bounds(Decimal(text)):
        raise _TooLong(text)
    return float(text)


def _decimal(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_CHARS:
        raise _TooLong(text)
    number = Decimal(text)
    if not number_in_bounds(number):
        raise _TooLong(text)
    return number


def _line_of(text: str, number: str) -> int | None:
    position = text.find(number)
    return None if position < 0 else text.count("\n", 0, position) + 1
