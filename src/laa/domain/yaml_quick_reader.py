"""The quick YAML reader: rapidyaml for the plain files the service writes
(docs/adr/0011-yaml-reader.md). It returns a file's data only when it can vouch that the
libyaml reader would give the same, and otherwise declines (`DECLINED`): libyaml then
reads the file and gives every refusal with its line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import ryml
import yaml

from laa.domain.input_limits import MAX_DEPTH
from laa.domain.yaml_scalars import BOOLEANS, NULLS, plain_value

DECLINED: Any = object()
# Declined before parsing: anything that could be an anchor, alias or tag (the JSON that
# rapidyaml writes drops them), characters libyaml refuses or reads as line breaks (NEL,
# LS, PS), tabs, carriage returns, byte order marks and directives.
_PROPERTY_CHARS = re.compile(r"[&*!]")
_PROPERTY = re.compile(r"(?:^|(?<=[\s,\[\]{}:?\"'-]))(?:[&*]\S|!)", re.MULTILINE)
_IRREGULAR_TEXT = re.compile(
    "[^\x0A\x20-\x7E\xA0-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010FFFF]|^%",
    re.MULTILINE,
)


class _Decline(Exception):
    """The quick reader cannot vouch for this file: libyaml reads it."""


def quick_load(text: str) -> Any:
    """The file's data through rapidyaml (its tree written as JSON, read by the json
    module), or DECLINED. Plain scalars that JSON shows as numbers are resolved as YAML
    1.1 (`plain_value`, exact decimals); a string that YAML 1.1 would resolve to anything
    else (yes, ~, 017, 1_000...) may have been plain or quoted in the file, so it is declined;
    so is a null, which may have been `null` or an empty value."""
    if _IRREGULAR_TEXT.search(text) or (
        _PROPERTY_CHARS.search(text) and _PROPERTY.search(text)
    ):
        return DECLINED
    depths: dict[int, int] = {}  # id of each container read so far -> its nesting depth

    def deepest(values: Iterable[Any]) -> int:
        found = 0
        for value in values:
            kind = type(value)
            if kind is str:
                if value in NULLS or value in BOOLEANS or (
                    value[:1] in "0123456789+-." and type(plain_value(value)) is not str
                ):
                    raise _Decline
            elif kind is list:
                found = max(found, depths.get(id(value)) or contained(value))
            elif kind is dict:
                found = max(found, depths[id(value)])
            elif value is None:  # `null`, or an empty value (which libyaml reads as "")
                raise _Decline
        return found

    def contained(items: list[Any]) -> int:
        depth = deepest(items) + 1
        if depth >= MAX_DEPTH:
            raise _Decline
        depths[id(items)] = depth
        return depth

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built = dict(pairs)
        if len(built) != len(pairs):
            raise _Decline  # a field twice
        depth = deepest(built.values()) + 1
        if depth >= MAX_DEPTH:
            raise _Decline
        depths[id(built)] = depth
        return built

    try:
        tree = ryml.parse_in_arena(text.encode("utf-8"))
        if tree.type(tree.root_id()) & ryml.STREAM:
            return DECLINED  # several documents, or a `---` line
        emitted = ryml.emit_json(tree)
        if emitted is None:  # nothing rapidyaml can show as JSON
            return DECLINED
        data = json.loads(
            emitted,
            object_pairs_hook=mapping,
            parse_int=plain_value,
            parse_float=plain_value,
        )
        deepest([data])
    except (_Decline, yaml.YAMLError, ryml.ExceptionBasic, ValueError, RecursionError):
        return DECLINED
    return data
