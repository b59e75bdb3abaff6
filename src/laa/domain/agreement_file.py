"""The agreement file, format `laa-agreement/1`: one agreement as YAML or JSON.

    agreement = parse_agreement(text)            # -> AgreementFile(draft, format, metadata)
    text = dump_yaml(agreement.draft)            # or dump_json(...), agreement_to_data(...)

`parse_agreement(dump_yaml(x)) == x` (and the same for JSON): nothing is lost. Numbers
are read as `Decimal`, never through a float. The structure is checked against the JSON
Schema in `src/laa/domain/data/laa-agreement-1.schema.json`; whatever is wrong raises
`AgreementFileError`, whose problems each name the field path and the line, e.g.
`targets[3].baseline.value: expected a number, got "abc" (line 42)`.
The format is documented field by field in `docs/agreement-file/README.md`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from laa.domain import bounded_json
from laa.domain.agreement_file_data import FORMAT, AgreementFile, agreement_from_data
from laa.domain.agreement_file_schema import AgreementFileError, FileProblem, PathT, path_text
from laa.domain.agreement_file_yaml import dump_yaml_data, load_yaml, yaml_lines
from laa.domain.agreement_to_data import agreement_to_data
from laa.domain.composition import AgreementDraft
from laa.domain.input_limits import LimitExceeded, shown

__all__ = [
    "FORMAT",
    "AgreementFile",
    "AgreementFileError",
    "FileProblem",
    "agreement_from_data",
    "agreement_to_data",
    "dump_json",
    "dump_yaml",
    "parse_agreement",
    "read_agreement",
]

Syntax = Literal["auto", "yaml", "json"]


def parse_agreement(text: str | bytes, *, syntax: Syntax = "auto") -> AgreementFile:
    """Read an agreement file. `syntax="auto"` takes text starting with `{` as JSON."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise AgreementFileError(
                [FileProblem("", f"the file is not UTF-8 text (byte {error.start + 1})")]
            ) from None
    if syntax == "auto":
        syntax = "json" if text.lstrip().startswith("{") else "yaml"
    if syntax == "json":
        data = _load_json(text)
        lines: _Lines = _Lines(lambda: _json_lines(text))
    else:
        data = load_yaml(text)
        lines = _Lines(lambda: yaml_lines(text))
    return agreement_from_data(data, locate=lines.problem, source=text)


def read_agreement(path: str | Path) -> AgreementFile:
    """Read an agreement file from disk: JSON if it ends in .json, else YAML."""
    path = Path(path)
    syntax: Syntax = "json" if path.suffix.lower() == ".json" else "yaml"
    return parse_agreement(path.read_bytes(), syntax=syntax)


def dump_yaml(agreement: AgreementDraft | AgreementFile, *, complete: bool = False) -> str:
    """The agreement as YAML text (`laa-agreement/1`); `complete`: every field, with nulls."""
    return dump_yaml_data(agreement_to_data(agreement, complete=complete))


def dump_json(
    agreement: AgreementDraft | AgreementFile, *, indent: int = 2, complete: bool = False
) -> str:
    """The agreement as JSON text; numbers are written exactly as their decimals."""
    return _json_text(agreement_to_data(agreement, complete=complete), indent, 0) + "\n"


# --- JSON -----------------------------------------------------------------------------


def _load_json(text: str) -> Any:
    try:
        return bounded_json.loads(text, decimals=True, object_pairs_hook=_unique_fields)
    except LimitExceeded as error:
        raise AgreementFileError(
            [FileProblem("", f"the JSON cannot be read: {error.message}", error.line)]
        ) from None
    except json.JSONDecodeError as error:
        raise AgreementFileError(
            [FileProblem("", f"the JSON cannot be read: {error.msg} (column {error.colno})",
                         error.lineno)]
        ) from None
    except _DuplicateField as duplicate:
        lines = _json_lines(text, duplicate=duplicate.name)
        line = lines.get(("__duplicate__",))
        raise AgreementFileError(
            [FileProblem("", f"the field {shown(duplicate.name)} appears twice in one object", line)]
        ) from None


class _DuplicateField(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _unique_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _DuplicateField(name)
            seen.add(name)
    return result


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = re.compile(r"-?[0-9.eE+\-]+|true|false|null|NaN|-?Infinity")


def _json_lines(text: str, duplicate: str | None = None) -> dict[PathT, int]:
    """The line of every value in a JSON document (read only when reporting a problem).

    With `duplicate`, also the line of the first field of that name seen twice in one
    object, under the path ("__duplicate__",).
    """
    breaks = [index for index, char in enumerate(text) if char == "\n"]
    lines: dict[PathT, int] = {}

    def line_at(position: int) -> int:
        return bisect_right(breaks, position - 1) + 1

    def skip(position: int) -> int:
        match = _JSON_SPACE.match(text, position)
        return match.end() if match else position

    def value(position: int, path: PathT) -> int:
        position = skip(position)
        lines.setdefault(path, line_at(position))
        char = text[position : position + 1]
        if char == "{":
            position = skip(position + 1)
            names: set[str] = set()
            while text[position : position + 1] == '"':
                start = position
                name, position = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
                if name in names and name == duplicate:
                    lines.setdefault(("__duplicate__",), line_at(start))
                names.add(name)
                lines[(*path, name)] = line_at(start)
                position = skip(position)
                position = value(position + 1, (*path, name))  # past ':'
                position = skip(position)
                if text[position : position + 1] == ",":
                    position = skip(position + 1)
            return position + 1
        if char == "[":
            position = skip(position + 1)
            index = 0
            while text[position : position + 1] not in ("]", ""):
                position = skip(value(position, (*path, index)))
                index += 1
                if text[position : position + 1] == ",":
                    position = skip(position + 1)
            return position + 1
        if char == '"':
            _, end = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]
            return int(end)
        match = _JSON_SCALAR.match(text, position)
        return match.end() if match else len(text)

    try:
        value(0, ())
    except (ValueError, IndexError):
        pass
    return lines


def _json_text(value: Any, indent: int, level: int) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a number and cannot be written to an agreement file")
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    inner = " " * (indent * (level + 1))
    outer = " " * (indent * level)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = [
            f"{inner}{json.dumps(str(name), ensure_ascii=False)}: "
            f"{_json_text(item, indent, level + 1)}"
            for name, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [f"{inner}{_json_text(item, indent, level + 1)}" for item in value]
        return "[\n" + ",\n".join(items) + f"\n{outer}]"
    raise TypeError(f"cannot write {type(value).__name__} to an agreement file")


# --- Lines for problems ---------------------------------------------------------------


@dataclass
class _Lines:
    """Finds the line of a field path, reading the text's positions only when needed."""

    read: Callable[[], dict[PathT, int]]
    _lines: dict[PathT, int] | None = field(default=None, init=False)

    def problem(self, path: PathT, message: str) -> FileProblem:
        if self._lines is None:
            self._lines = self.read()
        probe = path
        while probe not in self._lines and probe:
            probe = probe[:-1]
        return FileProblem(path_text(path), message, self._lines.get(probe))
