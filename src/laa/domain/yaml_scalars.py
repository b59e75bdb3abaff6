"""YAML 1.1 scalars as the agreement file reads them: numbers (integers in every YAML 1.1
form, floats as exact `Decimal`s as written), booleans (yes/no/on/off...), nulls, and text
for everything else (dates stay text). Used by both YAML readers (libyaml's events and
rapidyaml's quick path), so a scalar reads the same whichever reads the file."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from laa.domain.input_limits import MAX_NUMBER_CHARS, NUMBER_REFUSED, number_in_bounds, shown

TAG = "tag:yaml.org,2002:"
NULLS = {"", "~", "null", "Null", "NULL"}
BOOLEANS = {
    word: value
    for words, value in (("yes Yes YES true True TRUE on On ON", True),
                         ("no No NO false False FALSE off Off OFF", False))
    for word in words.split()
}
_INT = re.compile(
    r"[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)"
)
_NUMBERLIKE = re.compile(r"[-+0-9_.:a-fA-FxXoObB]+|[-+0-9_.]+[eE][-+][0-9]+")
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def refuse(event: yaml.Event | None, problem: str) -> yaml.constructor.ConstructorError:
    mark = event.start_mark if event is not None else None
    return yaml.constructor.ConstructorError(None, None, problem, mark)


def scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        if event.implicit[0]:
            return plain_scalar(event)
        return event.value
    if tag == TAG + "str":
        return event.value
    return tagged_scalar(event)


def plain_scalar(node: yaml.ScalarEvent) -> Any:
    return plain_value(node.value, node)


def plain_value(value: str, node: yaml.ScalarEvent | None = None) -> Any:
    """A plain scalar as YAML 1.1 resolves it (number, boolean, null), else its text."""
    if value[:1] in "0123456789+-.":
        if len(value) > MAX_NUMBER_CHARS and _NUMBERLIKE.fullmatch(value):
            raise refuse(node, NUMBER_REFUSED)
        if _INT.fullmatch(value):
            return integer(value)
        if _FLOAT.fullmatch(value):
            return decimal(value, node)
        return value
    if value in NULLS:
        return None
    boolean = BOOLEANS.get(value)
    return value if boolean is None else boolean


def tagged_scalar(node: yaml.ScalarEvent) -> Any:
    value: str = node.value
    tag = node.tag
    if tag in (TAG + "int", TAG + "float") and len(value) > MAX_NUMBER_CHARS:
        raise refuse(node, NUMBER_REFUSED)
    if tag == TAG + "int" and _INT.fullmatch(value):
        return integer(value)
    if tag == TAG + "float" and (_FLOAT.fullmatch(value) or _INT.fullmatch(value)):
        return decimal(value, node)
    if tag == TAG + "bool" and value in BOOLEANS:
        return BOOLEANS[value]
    if tag == TAG + "null" and value in NULLS:
        return None
    raise refuse(node, f"cannot read {shown(value)} as {shown(tag)}")


def integer(text: str) -> int:
    """A YAML 1.1 integer: 12, 1_000, 0x1F, 017 (octal), 0b101, 1:30 (base 60)."""
    text = text.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    text = text.lstrip("+-")
    if text == "0":
        return 0
    if text.startswith("0b"):
        return sign * int(text[2:], 2)
    if text.startswith("0x"):
        return sign * int(text[2:], 16)
    if text[0] == "0":
        return sign * int(text, 8)
    if ":" in text:
        total = 0
        for part in text.split(":"):
            total = total * 60 + int(part)
        return sign * total
    return sign * int(text)


def decimal(text: str, node: yaml.ScalarEvent | None) -> Decimal:
    clean = text.replace("_", "")
    bare = clean.lstrip("+-").lower()
    if bare in (".inf", ".nan"):
        return Decimal(clean.replace(".", ""))
    try:
        number = Decimal(clean)
    except ArithmeticError:
        raise refuse(node, f"cannot read the number {shown(text)}") from None
    if not number_in_bounds(number):
        raise refuse(node, NUMBER_REFUSED)
    return number
