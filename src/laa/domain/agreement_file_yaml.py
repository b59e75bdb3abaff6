"""YAML for the agreement file: reading (rapidyaml for the plain files the service writes,
`laa.domain.yaml_quick_reader`; libyaml events straight to data for everything else; YAML
1.1 scalars as `laa.domain.yaml_scalars` resolves them, no duplicate fields), the line of
each field for problem messages, and writing in the documented layout
(docs/adr/0011-yaml-reader.md)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import yaml

from laa.domain.agreement_file_schema import AgreementFileError, FileProblem, PathT
from laa.domain.input_limits import MAX_DEPTH, cut, shown
from laa.domain.yaml_quick_reader import DECLINED, quick_load
from laa.domain.yaml_scalars import refuse, scalar


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

class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """libyaml's parser; `_events_to_data` turns its events into data (YAML 1.1 scalars,
    with exact decimals for floats, dates kept as text and duplicate fields refused)."""


_NO_ANCHORS = (
    "anchors and aliases (&name, *name) are not allowed in an agreement file: "
    "write each value out in full"
)



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
            raise refuse(event, _NO_ANCHORS)
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
            value = scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if stack and keys[-1] is _NO_KEY and type(stack[-1][0]) is dict:
                raise refuse(event, "a field name must be plain text")
            if len(stack) >= MAX_DEPTH:
                raise refuse(event, f"nested more than {MAX_DEPTH} levels deep")
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

def libyaml_load(text: str) -> Any:
    """The data of a YAML document read by libyaml; yaml.YAMLError if it cannot be read."""
    return _events_to_data(yaml.parse(text, Loader=_Loader))


def load_yaml(text: str) -> Any:
    """The data of a YAML agreement file; AgreementFileError (with the line) if unreadable.

    rapidyaml reads the file when `quick_load` can vouch for the result being the same as
    libyaml's; anything else (anchors, tags, duplicate fields, scalars whose quoting
    matters, problems) is read by libyaml, which gives the message and its line."""
    data = quick_load(text)
    if data is not DECLINED:
        return data
    try:
        return libyaml_load(text)
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
