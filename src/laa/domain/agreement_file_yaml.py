"""YAML for the agreement file: reading (rapidyaml for the plain files the service writes,
libyaml events straight to data for everything else; YAML 1.1 scalars, exact decimals, no
dates, no duplicate fields), the line of each field for problem messages, and writing in
the documented layout (docs/adr/0011-yaml-reader.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import ryml
import yaml

from laa.domain.agreement_file_schema import AgreementFileError, FileProblem, PathT
from laa.domain.input_limits import (
    MAX_DEPTH,
    MAX_NUMBER_CHARS,
    NUMBER_REFUSED,
    cut,
    number_in_bounds,
    shown,
)


def dump_yaml_data(data: dict[str, Any]) -> str:
    """YAML text of agreement data (from `agreement_to_data`)."""
    return str(yaml.dump(
        _styled(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    ))


# libyaml's C parser and emitter when PyYAML was built with them (it usually is).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_TAG = "tag:yaml.org,2002:"
_PLAIN = "tag:laa:plain"  # a plain scalar, resolved by _plain_scalar
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLEANS = {
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


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's parser; `_events_to_data` turns its events into data (YAML 1.1 scalars,
    with exact decimals for floats, dates kept as text and duplicate fields refused)."""


_NO_ANCHORS = (
    "anchors and aliases (&name, *name) are not allowed in an agreement file: "
    "write each value out in full"
)


def _refuse(event: yaml.Event | None, problem: str) -> yaml.constructor.ConstructorError:
    mark = event.start_mark if event is not None else None
    return yaml.constructor.ConstructorError(None, None, problem, mark)


def _events_to_data(events: Iterable[yaml.Event]) -> Any:
    """Data straight from libyaml's events: quicker than composing nodes first.

    Anchors and aliases are refused at the first one met, before anything refers to
    anything (no alias is ever expanded), and so is nesting deeper than MAX_DEPTH."""
    stack: list[tuple[Any, yaml.Event]] = []  # (open container, its start event)
    keys: list[Any] = []  # per open mapping: the key waiting for its value, or _NO_KEY
    root: Any = _NO_KEY
    documents = 0
    for event in events:
        kind = type(event)
        if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
            raise _refuse(event, _NO_ANCHORS)
        if kind is yaml.ScalarEvent:
            if stack and keys[-1] is _NO_KEY and type(stack[-1][0]) is dict:
                key = event.value  # a field name is its text: 2008/09, no, 12
                if key in stack[-1][0]:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping", stack[-1][1].start_mark,
                        f"found the field {shown(key)} twice", event.start_mark,
                    )
                keys[-1] = key
                continue
            value = _scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if stack and keys[-1] is _NO_KEY and type(stack[-1][0]) is dict:
                raise _refuse(event, "a field name must be plain text")
            if len(stack) >= MAX_DEPTH:
                raise _refuse(event, f"nested more than {MAX_DEPTH} levels deep")
            container: Any = {} if kind is yaml.MappingStartEvent else []
            stack.append((container, event))
            keys.append(_NO_KEY)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value, _ = stack.pop()
            keys.pop()
        else:
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        None, None, "expected one document, found another", event.start_mark
                    )
            continue
        if not stack:
            root = value
        elif type(stack[-1][0]) is dict:
            stack[-1][0][keys[-1]] = value
            keys[-1] = _NO_KEY
        else:
            stack[-1][0].append(value)
    return None if root is _NO_KEY else root


_NO_KEY: Any = object()


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        if event.implicit[0]:
            return _plain_scalar(event)
        return event.value
    if tag == _TAG + "str":
        return event.value
    return _tagged_scalar(event)


def _plain_scalar(node: yaml.ScalarEvent) -> Any:
    return _plain_value(node.value, node)


def _plain_value(value: str, node: yaml.ScalarEvent | None = None) -> Any:
    """A plain scalar as YAML 1.1 resolves it (number, boolean, null), else its text."""
    if value[:1] in "0123456789+-.":
        if len(value) > MAX_NUMBER_CHARS and _NUMBERLIKE.fullmatch(value):
            raise _refuse(node, NUMBER_REFUSED)
        if _INT.fullmatch(value):
            return _integer(value)
        if _FLOAT.fullmatch(value):
            return _decimal(value, node)
        return value
    if value in _NULLS:
        return None
    boolean = _BOOLEANS.get(value)
    return value if boolean is None else boolean


def _tagged_scalar(node: yaml.ScalarEvent) -> Any:
    value: str = node.value
    tag = node.tag
    if tag in (_TAG + "int", _TAG + "float") and len(value) > MAX_NUMBER_CHARS:
        raise _refuse(node, NUMBER_REFUSED)
    if tag == _TAG + "int" and _INT.fullmatch(value):
        return _integer(value)
    if tag == _TAG + "float" and (_FLOAT.fullmatch(value) or _INT.fullmatch(value)):
        return _decimal(value, node)
    if tag == _TAG + "bool" and value in _BOOLEANS:
        return _BOOLEANS[value]
    if tag == _TAG + "null" and value in _NULLS:
        return None
    raise _refuse(node, f"cannot read {shown(value)} as {shown(tag)}")


def _integer(text: str) -> int:
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


def _decimal(text: str, node: yaml.ScalarEvent | None) -> Decimal:
    clean = text.replace("_", "")
    bare = clean.lstrip("+-").lower()
    if bare in (".inf", ".nan"):
        return Decimal(clean.replace(".", ""))
    try:
        number = Decimal(clean)
    except ArithmeticError:
        raise _refuse(node, f"cannot read the number {shown(text)}") from None
    if not number_in_bounds(number):
        raise _refuse(node, NUMBER_REFUSED)
    return number


def load_yaml(text: str) -> Any:
    """The data of a YAML agreement file; AgreementFileError (with the line) if unreadable.

    rapidyaml reads the file when `_quick_load` can vouch for the result being the same as
    libyaml's; anything else (anchors, tags, duplicate fields, scalars whose quoting
    matters, problems) is read by libyaml, which gives the message and its line."""
    data = _quick_load(text)
    if data is not _DECLINED:
        return data
    try:
        return _events_to_data(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(p for p in (error.context, error.problem) if p) or "cannot read"
        problem = cut(problem, 200)
        line = mark.line + 1 if mark is not None else None
        raise AgreementFileError(
            [FileProblem("", f"the YAML cannot be read: {problem}", line)]
        ) from None
    except yaml.YAMLError as error:
        raise AgreementFileError(
            [FileProblem("", f"the YAML cannot be read: {cut(error, 200)}")]
        ) from None


_DECLINED: Any = object()
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


def _quick_load(text: str) -> Any:
    """The file's data through rapidyaml (its tree written as JSON, read by the json
    module), or _DECLINED. Plain scalars that JSON shows as numbers are resolved as YAML
    1.1 (`_plain_value`, exact decimals); a string that YAML 1.1 would resolve to anything
    else (yes, ~, 017, 1_000...) may have been plain or quoted in the file, so it is declined;
    so is a null, which may have been `null` or an empty value."""
    if _IRREGULAR_TEXT.search(text) or (
        _PROPERTY_CHARS.search(text) and _PROPERTY.search(text)
    ):
        return _DECLINED
    depths: dict[int, int] = {}  # id of each container read so far -> its nesting depth

    def deepest(values: Iterable[Any]) -> int:
        found = 0
        for value in values:
            kind = type(value)
            if kind is str:
                if value in _NULLS or value in _BOOLEANS or (
                    value[:1] in "0123456789+-." and type(_plain_value(value)) is not str
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
            return _DECLINED  # several documents, or a `---` line
        emitted = ryml.emit_json(tree)
        if emitted is None:  # nothing rapidyaml can show as JSON
            return _DECLINED
        data = json.loads(
            emitted,
            object_pairs_hook=mapping,
            parse_int=_plain_value,
            parse_float=_plain_value,
        )
        deepest([data])
    except (_Decline, yaml.YAMLError, ryml.ExceptionBasic, ValueError, RecursionError):
        return _DECLINED
    return data


def yaml_lines(text: str) -> dict[PathT, int]:
    """The line of every value (and of every mapping key) in a YAML document, from the
    parser's events: an alias is never followed (the file has been refused before)."""
    lines: dict[PathT, int] = {}
    stack: list[tuple[PathT, list[Any]]] = []  # (path, [next index] or [pending key, None])
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
                break
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            if kind not in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                continue
            line = event.start_mark.line + 1
            here: PathT = ()
            if stack:
                path, state = stack[-1]
                if len(state) == 2:  # in a mapping
                    if state[0] is _NO_KEY:
                        if kind is not yaml.ScalarEvent:
                            break
                        state[0] = event.value
                        lines[(*path, event.value)] = line
                        continue
                    here, state[0] = (*path, state[0]), _NO_KEY
                else:
                    here, state[0] = (*path, state[0]), state[0] + 1
            lines.setdefault(here, line)
            if kind is not yaml.ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    break
                mapping = kind is yaml.MappingStartEvent
                stack.append((here, [_NO_KEY, None] if mapping else [0]))
    except yaml.YAMLError:
        pass
    return lines


class _Flow(dict[str, Any]):
    """A mapping written on one line: `scope: {sub_areas: [], group: null}`."""


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    def ignore_aliases(self, data: Any) -> bool:
        """Never write an anchor or alias (one Decimal used twice): reading refuses them."""
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if not value.is_finite():
        raise ValueError(f"{value} is not a number and cannot be written to an agreement file")
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(_Flow, _represent_flow)
_Dumper.add_representer(str, _represent_text)

_FLOW_FIELDS = {"period", "scope", "baseline", "targets", "placeholder"}


def _styled(data: dict[str, Any]) -> dict[str, Any]:
    """Short mappings of a target on one line each, as in the documented example."""
    styled = dict(data)
    if isinstance(data.get("period"), dict):
        styled["period"] = _Flow(data["period"])
    targets = []
    for target in data["targets"]:
        target = dict(target)
        for name in _FLOW_FIELDS:
            if isinstance(target.get(name), dict):
                target[name] = _Flow(target[name])
        if target.get("partners"):
            target["partners"] = [_Flow(partner) for partner in target["partners"]]
        targets.append(target)
    styled["targets"] = targets
    return styled
