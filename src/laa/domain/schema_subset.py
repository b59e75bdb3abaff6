"""A fast yes/no check of data against a JSON Schema written in a small subset of the spec.

The jsonschema library takes ~50 ms to validate one full agreement file (150 targets);
reading all 150 areas' files has to take under a second. So the agreement file's schema
is compiled once into plain Python checks that say only *whether* the data is valid;
when it is not, the caller runs jsonschema for the detailed errors. Keywords outside the
subset make `compile_schema` fail, so the schema cannot silently outgrow the checker, and
the unit tests compare the two on valid and broken files.

Subset: type, properties, required, additionalProperties, items, enum, const, pattern,
propertyNames, minLength, maxLength, minimum, maximum, local $ref (#/$defs/...); annotations
($schema, $id, title, description, $defs, and `format`, which draft 2020-12 treats as an
annotation unless asked to assert it) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs", "$comment", "format"}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int)


class UnsupportedSchema(ValueError):
    """The schema uses a keyword the fast checker does not implement."""


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """A function telling whether data is valid against `schema` (no reasons given)."""
    defs: Mapping[str, Any] = schema.get("$defs", {})
    compiled: dict[str, Check] = {}
    # Checks that are only "is it one of these classes": an object's fields test them
    # inline, with no call (most fields of an agreement are text).
    classes_of: dict[Check, tuple[type, ...]] = {}

    def ref(name: str) -> Check:
        if name in compiled:  # defined earlier: call it directly
            return compiled[name]

        def check(value: Any) -> bool:
            return compiled[name](value)

        return check

    def build(node: Mapping[str, Any]) -> Check:
        unknown = set(node) - _ANNOTATIONS - _KEYWORDS
        if unknown:
            raise UnsupportedSchema(f"keywords not supported: {', '.join(sorted(unknown))}")
        if "$ref" in node:
            target = str(node["$ref"])
            if not target.startswith("#/$defs/") or len(node.keys() - _ANNOTATIONS) > 1:
                raise UnsupportedSchema(f"only a lone local $ref is supported: {target}")
            return ref(target.removeprefix("#/$defs/"))
        checks: list[Check] = []
        asserting = node.keys() - _ANNOTATIONS
        if {"properties", "additionalProperties", "propertyNames"} & asserting and (
            asserting <= _OBJECT_KEYWORDS
        ):
            return _object_check(node, build, classes_of)
        if "type" in node:
            checks.append(_type_check(node["type"]))
            if asserting == {"type"} and _plain_classes(node["type"]) is not None:
                classes = _plain_classes(node["type"])
                assert classes is not None
                classes_of[checks[0]] = classes
                return checks[0]
        if "enum" in node or "const" in node:
            options = list(node["enum"]) if "enum" in node else [node["const"]]
            if all(isinstance(option, str) for option in options):
                strings = frozenset(options)
                checks.append(lambda v: isinstance(v, str) and v in strings)
            else:
                checks.append(lambda v: any(_same(v, option) for option in options))
        if "pattern" in node:
            search = re.compile(node["pattern"]).search
            checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
        if "minLength" in node:
            least = int(node["minLength"])
            checks.append(lambda v: not isinstance(v, str) or len(v) >= least)
        if "maxLength" in node:
            most = int(node["maxLength"])
            checks.append(lambda v: not isinstance(v, str) or len(v) <= most)
        if "minimum" in node:
            low = node["minimum"]
            checks.append(lambda v: not _is_number(v) or v >= low)
        if "maximum" in node:
            high = node["maximum"]
            checks.append(lambda v: not _is_number(v) or v <= high)
        if "required" in node:
            needed = frozenset(node["required"])
            checks.append(lambda v: not isinstance(v, dict) or v.keys() >= needed)
        if {"properties", "additionalProperties", "propertyNames"} & node.keys():
            checks.append(_object_check(node, build, classes_of))
        if "items" in node:
            checks.append(_items_check(build(node["items"])))
        return _all_of(checks)

    for name, definition in defs.items():
        compiled[name] = build(definition)
    return build(schema)


_KEYWORDS = {
    "$ref", "type", "enum", "const", "pattern", "minLength", "maxLength", "minimum", "maximum",
    "required", "properties", "additionalProperties", "propertyNames", "items",
}


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)

    def check(value: Any) -> bool:
        for one in checks:
            if not one(value):
                return False
        return True

    return check


_OBJECT_KEYWORDS = {"type", "required", "properties", "additionalProperties", "propertyNames"}


def _plain_classes(declared: str | list[str]) -> tuple[type, ...] | None:
    """The classes of a type with no numbers in it (numbers need bool kept out)."""
    kinds = {declared} if isinstance(declared, str) else set(declared)
    if not kinds <= _CLASSES.keys():
        return None
    return tuple(_CLASSES[kind] for kind in kinds)


def _type_check(declared: str | list[str]) -> Check:
    kinds = {declared} if isinstance(declared, str) else set(declared)
    classes = tuple(_CLASSES[kind] for kind in kinds if kind in _CLASSES)
    if kinds <= _CLASSES.keys():
        return lambda v: isinstance(v, classes)
    numeric = _is_number if "number" in kinds else _is_integer
    # bool is an int in Python, not a number in JSON: only the declared classes take it.
    return lambda v: isinstance(v, classes) or numeric(v)


_CLASSES: dict[str, type] = {
    "string": str, "boolean": bool, "null": type(None), "object": dict, "array": list,
}


def _items_check(item: Check) -> Check:
    def check(value: Any) -> bool:
        if isinstance(value, list):
            for entry in value:
                if not item(entry):
                    return False
        return True

    return check


def _object_check(
    node: Mapping[str, Any],
    build: Callable[[Mapping[str, Any]], Check],
    classes_of: Mapping[Check, tuple[type, ...]],
) -> Check:
    """type, required and the fields of an object in one function (the common shape)."""
    fields: dict[str, tuple[type, ...] | Check] = {}
    for name, sub in node.get("properties", {}).items():
        test = build(sub)
        fields[name] = classes_of.get(test, test)
    extra = node.get("additionalProperties", True)
    extra_check: Check | None = None
    if isinstance(extra, Mapping):
        extra_check = build(extra)
    closed = extra is False
    names = build(node["propertyNames"]) if "propertyNames" in node else None
    type_check = _type_check(node["type"]) if "type" in node else None
    needed = frozenset(node["required"]) if "required" in node else frozenset()

    def check(value: Any) -> bool:
        if type_check is not None and not type_check(value):
            return False
        if not isinstance(value, dict):
            return True
        if needed and not value.keys() >= needed:
            return False
        for name, item in value.items():
            if names is not None and not names(name):
                return False
            test = fields.get(name)
            if test is not None:
                if type(test) is tuple:
                    if not isinstance(item, test):
                        return False
                elif not test(item):  # type: ignore[operator]
                    return False
            elif closed:
                return False
            elif extra_check is not None and not extra_check(item):
                return False
        return True

    return check


def _same(value: Any, option: Any) -> bool:
    """JSON equality: true is not 1."""
    if isinstance(value, bool) or isinstance(option, bool):
        return isinstance(value, bool) and isinstance(option, bool) and value == option
    return bool(value == option)
