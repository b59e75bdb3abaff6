"""The quick YAML reader: rapidyaml for the plain files the service writes
(docs/adr/0011-yaml-reader.md). It returns a file's data only when it can vouch that the
libyaml reader would give the same, and otherwise declines (`DECLINED`): libyaml then
reads the file and gives every refusal with its line."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import ryml
import yaml

from laa.domain.input_limits import MAX_DEPTH, MAX_NUMBER_CHARS
from laa.domain.yaml_scalars import BOOLEANS, NULLS, plain_value

DECLINED: Any = object()
# Declined before parsing: anything that could be an anchor, alias or tag (the JSON that
# rapidyaml writes drops them), characters libyaml refuses or reads as line breaks (NEL,
# LS, PS), tabs, carriage returns, byte order marks and directives (a line starting "%").
_PROPERTY = re.compile(r"(?:^|(?<=[\s,\[\]{}:?\"'-]))(?:[&*]\S|!)", re.MULTILINE)
_IRREGULAR_CHARACTER = re.compile(
    "[^\x0A\x20-\x7E\xA0-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010FFFF]"
)
_IRREGULAR_ASCII = re.compile("[^\x0A\x20-\x7E]")  # the same, quicker, for ASCII text


# In the JSON rapidyaml writes (a field name is a string followed by ":"): a string value
# that YAML 1.1 would resolve to a boolean or null had it been plain, and any string value
# that may be a number (resolved by `plain_value` to see).
_RESOLVED_WORD = re.compile(
    '"(?:' + "|".join(sorted(map(re.escape, NULLS | set(BOOLEANS)), key=len, reverse=True))
    + ')"(?!\\s*:)'
)
_NUMBERLIKE_STRING = re.compile(r'"([-+0-9.][^"\\]*)"(?!\s*:)')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_EMPTY_CONTAINER = re.compile(r"\[\]|\{\}")


class _Decline(Exception):
    """The quick reader cannot vouch for this file: libyaml reads it."""


def quick_load(text: str) -> Any:
    """The file's data through rapidyaml (its tree written as JSON, read by the json
    module), or DECLINED. Plain scalars that JSON shows as numbers are resolved as YAML
    1.1 (`plain_value`, exact decimals); a string that YAML 1.1 would resolve to anything
    else (yes, ~, 017, 1_000...) may have been plain or quoted in the file, so it is declined;
    so is a null, which may have been `null` or an empty value. What is declined is found
    in the JSON text by regular expressions, not by walking the data."""
    if _irregular(text):
        return DECLINED
    try:
        tree = ryml.parse_in_arena(text.encode("utf-8"))
        if tree.type(tree.root_id()) & ryml.STREAM:
            return DECLINED  # several documents, or a `---` line
        emitted = ryml.emit_json(tree)
        if emitted is None or not _plain_json(emitted):
            return DECLINED
        data = json.loads(
            emitted,
            object_pairs_hook=_fields,
            parse_int=_json_int,
            parse_float=_json_float,
            parse_constant=_json_constant,
        )
    except (_Decline, yaml.YAMLError, ryml.ExceptionBasic, ValueError, RecursionError):
        return DECLINED
    return DECLINED if data is None else data


def _irregular(text: str) -> bool:
    """Whether the text holds a character, a directive or a property the quick reader declines."""
    irregular = _IRREGULAR_ASCII if text.isascii() else _IRREGULAR_CHARACTER
    if irregular.search(text) or text.startswith("%") or "\n%" in text:
        return True
    return ("&" in text or "*" in text or "!" in text) and _PROPERTY.search(text) is not None


def _plain_json(emitted: str) -> bool:
    """Whether the JSON holds no null, no string value YAML 1.1 could have read as anything
    else, and no nesting of MAX_DEPTH levels or more."""
    if _RESOLVED_WORD.search(emitted):
        return False
    for value in set(_NUMBERLIKE_STRING.findall(emitted)):
        if type(plain_value(value)) is not str:
            return False
    # What is outside the strings: brackets, numbers, true, false and null.
    outside = _STRING.sub("", emitted) if "\\" in emitted else "".join(emitted.split('"')[::2])
    if "null" in outside:
        return False
    brackets = _NOT_BRACKET.sub("", outside)
    for _ in range(MAX_DEPTH - 1):  # each pass takes away the innermost containers
        brackets, taken = _EMPTY_CONTAINER.subn("", brackets)
        if not taken:
            break
    return not brackets


def _fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    built = dict(pairs)
    if len(built) != len(pairs):
        raise _Decline  # a field twice
    return built


def _json_int(text: str) -> Any:
    """A JSON integer (no leading zero) reads as YAML 1.1 reads it: the same int."""
    return int(text) if len(text) <= MAX_NUMBER_CHARS else plain_value(text)


def _json_float(text: str) -> Any:
    """A JSON number with a fraction and no exponent is a YAML 1.1 float, read as an exact
    Decimal; with an exponent, YAML 1.1 may read it as text (1.5e3): `plain_value` says."""
    if len(text) <= MAX_NUMBER_CHARS and "e" not in text and "E" not in text:
        return Decimal(text)
    return plain_value(text)


def _json_constant(text: str) -> Any:
    raise _Decline  # NaN, Infinity: not JSON rapidyaml writes for a plain file
