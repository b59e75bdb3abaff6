"""The agreement file's JSON Schema and the problems found against it, in plain English.

The schema lives in the package, src/laa/domain/data/laa-agreement-1.schema.json
(documented in docs/agreement-file/). Data is checked by
the schema compiled to fast Python checks (`schema_subset`); only when that says no does
the jsonschema library run, to explain each problem with its field path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from laa.domain.input_limits import shown
from laa.domain.schema_subset import Check, compile_schema

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "laa-agreement-1.schema.json"
MAX_PROBLEMS = 50

PathT = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One thing wrong with a file: the field path, what is wrong, and where it is."""

    path: str  # "targets[3].baseline.value"; "" for the file as a whole
    message: str  # 'expected a number, got "abc"'
    line: int | None = None  # in a YAML or JSON file
    location: str | None = None  # in a workbook: "sheet Targets, row 5, column G (baseline value)"

    def __str__(self) -> str:
        if self.location:
            return f"{self.location}: {self.message}"
        text = f"{self.path}: {self.message}" if self.path else self.message
        return f"{text} (line {self.line})" if self.line is not None else text


class AgreementFileError(ValueError):
    """A file that cannot be read as an agreement. `problems` lists every problem found."""

    def __init__(self, problems: Iterable[FileProblem]) -> None:
        self.problems: tuple[FileProblem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


Locate = Callable[[PathT, str], FileProblem]


def path_text(path: PathT) -> str:
    """("targets", 3, "baseline", "value") -> "targets[3].baseline.value"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def plain_location(path: PathT, message: str) -> FileProblem:
    """A problem located by its field path only."""
    return FileProblem(path_text(path), message)


@cache
def agreement_schema() -> dict[str, Any]:
    """The JSON Schema of `laa-agreement/1` (data/, documented in docs/agreement-file/)."""
    with SCHEMA_PATH.open(encoding="utf-8") as schema_file:
        schema: dict[str, Any] = json.load(schema_file)
    return schema


@cache
def _validator() -> Draft202012Validator:
    schema = agreement_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def quick_check() -> Check:
    """The schema compiled to a fast yes/no check; jsonschema explains a "no"."""
    return compile_schema(agreement_schema())


def schema_problems(data: Any, locate: Locate) -> list[FileProblem]:
    """Every problem of `data` against the schema ([] if none), each located by `locate`."""
    if quick_check()(data):
        return []
    return _schema_problems(_validator().iter_errors(data), locate)


_TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "string": "text",
    "boolean": "true or false",
    "object": "a mapping of fields",
    "array": "a list",
    "null": "nothing",
}


_PATTERN_WORDS = {
    "^[0-9]{4}/[0-9]{2}$": "a financial year such as 2008/09",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date such as 2008-01-15",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, str):
        return shown(value, quote='"')
    if isinstance(value, int | Decimal | float):
        return f"the number {value}"
    if isinstance(value, Mapping):
        return "a mapping of fields"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _words(options: Sequence[Any]) -> str:
    quoted = [json.dumps(option) for option in options]
    return quoted[0] if len(quoted) == 1 else f"one of {', '.join(quoted)}"


def _schema_problems(errors: Iterable[ValidationError], locate: Locate) -> list[FileProblem]:
    found: dict[tuple[PathT, str], FileProblem] = {}
    for error in errors:
        path: PathT = tuple(error.absolute_path)
        message = _message(error)
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            allowed = set(error.schema.get("properties", {}))
            for name in error.instance:
                if name not in allowed:
                    extra = (*path, name)
                    found.setdefault(
                        (extra, "unknown"), locate(extra, f"unknown field {json.dumps(name)}")
                    )
            continue
        if "propertyNames" in error.relative_schema_path:  # a year key, not its value
            path = (*path, str(error.instance))
            message = f"{_describe(error.instance)} is not a financial year such as 2008/09"
        found.setdefault((path, message), locate(path, message))
    problems = sorted(
        found.values(), key=lambda p: (p.line if p.line is not None else 0, p.path)
    )
    return problems[:MAX_PROBLEMS]


def _message(error: ValidationError) -> str:
    kind = error.validator
    value = error.validator_value
    instance = error.instance
    if kind == "type":
        kinds = [value] if isinstance(value, str) else [k for k in value if k != "null"]
        wanted = " or ".join(_TYPE_WORDS.get(k, k) for k in kinds)
        hint = ""
        if "string" in kinds and isinstance(instance, int | Decimal):
            hint = " (put it in quotes to read it as text)"
        return f"expected {wanted}, got {_describe(instance)}{hint}"
    if kind == "required" and isinstance(instance, Mapping):
        missing = [json.dumps(name) for name in value if name not in instance]
        fields = "field" if len(missing) == 1 else "fields"
        return f"missing {fields} {', '.join(missing)}"
    if kind == "enum":
        return f"expected {_words(value)}, got {_describe(instance)}"
    if kind == "const":
        return f"expected {_words([value])}, got {_describe(instance)}"
    if kind == "pattern":
        wanted = _PATTERN_WORDS.get(str(value), f"text matching {value}")
        return f"expected {wanted}, got {_describe(instance)}"
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength" and isinstance(instance, str):
        return f"must be {value:,} characters or fewer (it has {len(instance):,})"
    if kind == "minimum":
        return f"must be at least {value}, got {_describe(instance)}"
    if kind == "maximum":
        return f"must be at most {value}, got {_describe(instance)}"
    return str(error.message)
