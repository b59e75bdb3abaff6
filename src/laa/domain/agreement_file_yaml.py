"""YAML for the agreement file: reading (libyaml events straight to data, YAML 1.1
scalars, exact decimals, no dates, no duplicate fields), the line of each field for
problem messages, and writing in the documented layout."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import yaml

from laa.domain.agreement_file_schema import AgreementFileError, FileProblem, PathT


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
_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's parser; `_events_to_data` turns its events into data (YAML 1.1 scalars,
    with exact decimals for floats, dates kept as text and duplicate fields refused)."""


def _events_to_data(events: Iterable[yaml.Event]) -> Any:
    """Data straight from libyaml's events: quicker than composing nodes first."""
    anchors: dict[str, Any] = {}
    stack: list[tuple[Any, str | None, yaml.Event]] = []  # (container, its anchor, start)
    keys: list[Any] = []  # per open mapping: the key waiting for its value, or _NO_KEY
    root: Any = _NO_KEY
    documents = 0
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if stack and keys[-1] is _NO_KEY and type(stack[-1][0]) is dict:
                key = event.value  # a field name is its text: 2008/09, no, 12
                if key in stack[-1][0]:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping", stack[-1][2].start_mark,
                        f"found the field {key!r} twice", event.start_mark,
                    )
                keys[-1] = key
                continue
            value = _scalar(event)
            anchor = event.anchor
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if stack and keys[-1] is _NO_KEY and type(stack[-1][0]) is dict:
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be plain text", event.start_mark
                )
            container: Any = {} if kind is yaml.MappingStartEvent else []
            stack.append((container, event.anchor, event))
            keys.append(_NO_KEY)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value, anchor, _ = stack.pop()
            keys.pop()
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            value, anchor = anchors[event.anchor], None
            if stack and keys[-1] is _NO_KEY and type(stack[-1][0]) is dict:
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be plain text", event.start_mark
                )
        else:
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        None, None, "expected one document, found another", event.start_mark
                    )
            continue
        if anchor is not None:
            anchors[anchor] = value
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
    value: str = node.value
    if value[:1] in "0123456789+-.":
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
    if tag == _TAG + "int" and _INT.fullmatch(value):
        return _integer(value)
    if tag == _TAG + "float" and (_FLOAT.fullmatch(value) or _INT.fullmatch(value)):
        return _decimal(value, node)
    if tag == _TAG + "bool" and value in _BOOLEANS:
        return _BOOLEANS[value]
    if tag == _TAG + "null" and value in _NULLS:
        return None
    raise yaml.constructor.ConstructorError(
        None, None, f"cannot read {value!r} as {tag}", node.start_mark
    )


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


def _decimal(text: str, node: yaml.ScalarEvent) -> Decimal:
    clean = text.replace("_", "")
    bare = clean.lstrip("+-").lower()
    if bare in (".inf", ".nan"):
        return Decimal(clean.replace(".", ""))
    try:
        return Decimal(clean)
    except ArithmeticError:
        raise yaml.constructor.ConstructorError(
            None, None, f"cannot read the number {text!r}", node.start_mark
        ) from None


def load_yaml(text: str) -> Any:
    """The data of a YAML agreement file; AgreementFileError (with the line) if unreadable."""
    try:
        return _events_to_data(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(p for p in (error.context, error.problem) if p) or "cannot read"
        line = mark.line + 1 if mark is not None else None
        raise AgreementFileError(
            [FileProblem("", f"the YAML cannot be read: {problem}", line)]
        ) from None
    except yaml.YAMLError as error:
        raise AgreementFileError([FileProblem("", f"the YAML cannot be read: {error}")]) from None
    except RecursionError:
        raise AgreementFileError(
            [FileProblem("", "the YAML cannot be read: it refers to itself (an alias loop)")]
        ) from None


def yaml_lines(text: str) -> dict[PathT, int]:
    """The line of every value (and of every mapping key) in a YAML document."""
    lines: dict[PathT, int] = {}
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return lines
    stack: list[tuple[yaml.Node, PathT]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*path, key_node.value)
                lines[child] = key_node.start_mark.line + 1
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    return lines


class _Flow(dict[str, Any]):
    """A mapping written on one line: `scope: {sub_areas: [], group: null}`."""


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    pass


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
