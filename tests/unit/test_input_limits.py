"""The limits on what the service reads (issue 9): each hostile file refused with a
message naming its line or part, quickly, and the bombs refused within bounded memory
(a child process under an address-space limit of 768 MB)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from laa.domain import bounded_json
from laa.domain.agreement_file import AgreementFileError, parse_agreement
from laa.domain.agreement_file_schema import agreement_schema
from laa.domain.agreement_file_yaml import yaml_lines
from laa.domain.agreement_workbook import read_agreement_workbook
from laa.domain.input_limits import (
    MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
    LimitExceeded,
    check_size,
    shown,
    unsafe_character,
)
from tests.hostile_files import CASES, HEAD, agreement_data

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 768 * 1024 * 1024


def read(name: str, content: bytes):
    if name.endswith(".xlsx"):
        return read_agreement_workbook(content)
    return parse_agreement(content, syntax="json" if name.endswith(".json") else "auto")


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_hostile_file_is_refused_quickly_naming_what_is_wrong(case):
    name, build, phrase = CASES[case]
    content = build()
    started = time.process_time()  # this process's CPU, not the shared machine's wall clock
    with pytest.raises(AgreementFileError) as refused:
        read(name, content)
    assert time.process_time() - started < 3
    message = str(refused.value)
    assert phrase in message
    assert len(message) < 500  # nothing of the input echoed at length
    if not name.endswith(".xlsx"):
        assert "(line " in message


BOMBS = ["yaml-billion-laughs", "yaml-alias-doubling", "xlsx-many-strings", "xlsx-huge-cell",
         "xlsx-dtd", "xlsx-far-row", "json-deep"]

_CHILD = """
import sys, time
from tests.hostile_files import CASES
from tests.unit.test_input_limits import read
name, build, phrase = CASES[sys.argv[1]]
content = build()
try:
    read(name, content)
except Exception as error:
    print(type(error).__name__, str(error)[:300])
else:
    print("ACCEPTED")
"""


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("case", BOMBS)
def test_bombs_are_refused_within_768_mb(case):
    """Before the fix, the YAML aliases ran out of memory and the 20 million strings
    held a worker for minutes: here each is refused inside the limit."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, case], capture_output=True, text=True,
                          timeout=60, preexec_fn=_limited, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(("AgreementFileError", "AgreementWorkbookError")), done.stdout
    assert CASES[case][2] in done.stdout
    assert time.perf_counter() - started < 30


# --- the pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("short", "'short'"),
    ("x" * 300, "'" + "x" * 37 + "...'"),
    ("a\x00b\ud800", "'a\\u0000b\\ud800'"),
    ("two\nlines", "'two\\nlines'"),
    (12, "'12'"),
])
def test_shown_cuts_and_escapes_an_echoed_value(value, expected):
    assert shown(value) == expected


@pytest.mark.parametrize(("text", "found"), [
    ("plain text\twith tab\nand lines\r\n", None),
    ("a\ud800", "a lone surrogate (U+D800) at character 2"),
    ("\x00", "a NUL character (U+0000) at character 1"),
    ("emoji \U0001F600 fine", None),
])
def test_unsafe_characters(text, found):
    assert unsafe_character(text) == found


def test_check_size():
    check_size(5, 5, "the file")
    with pytest.raises(LimitExceeded, match="the file is larger than 5 MB"):
        check_size(5 * 1024 * 1024 + 1, 5 * 1024 * 1024, "the file")


@pytest.mark.parametrize(("text", "depth_ok"), [
    ("[" * 20 + "]" * 20, True),
    ("[" * 21 + "]" * 21, False),
    ('["' + "[" * 100 + '"]', True),  # brackets inside text do not count
    ('{"a": "\\"[[[[[[[[[[[[[[[[[[[[[[[[["}', True),
])
def test_json_depth(text, depth_ok):
    if depth_ok:
        bounded_json.loads(text)
    else:
        with pytest.raises(LimitExceeded, match="nested more than 20 levels deep"):
            bounded_json.loads(text)


def test_json_depth_names_the_line():
    with pytest.raises(LimitExceeded) as refused:
        bounded_json.loads('{\n"a":\n' + "[" * 30 + "]" * 30 + "}")
    assert refused.value.line == 3


@pytest.mark.parametrize("number", ["9" * 101, "1e999999999", "1.5e-200", "0." + "1" * 100])
def test_json_numbers_past_the_bounds_are_refused(number):
    with pytest.raises(LimitExceeded, match="a number longer than 100 characters"):
        bounded_json.loads(f'{{"a": {number}}}', decimals=True)


def test_json_numbers_within_the_bounds_are_exact():
    assert bounded_json.loads('{"a": 17.50, "b": ' + "9" * 100 + "}", decimals=True) == {
        "a": Decimal("17.50"), "b": int("9" * 100)}


@pytest.mark.parametrize("scalar", ["!!int " + "1" * 200, "1.0e+999999", "1." + "0" * 200])
def test_yaml_numbers_past_the_bounds_are_refused(scalar):
    with pytest.raises(AgreementFileError, match="a number longer than 100 characters"):
        parse_agreement(HEAD + f"metadata: {{a: {scalar}}}\n")


def test_yaml_lines_never_follow_an_alias():
    """Even called on a file with aliases (it never is: the file is refused first)."""
    laughs = CASES["yaml-billion-laughs"][1]().decode()
    started = time.process_time()
    lines = yaml_lines(laughs)
    assert time.process_time() - started < 0.5
    assert lines == {(): 1, ("a",): 1}  # stops at the first anchor
    assert yaml_lines("a: 1\nb:\n  - x\n  - y\n") == {(): 1, ("a",): 1, ("b",): 2, ("b", 0): 3, ("b", 1): 4}


def test_an_anchor_alone_is_refused_naming_its_line():
    with pytest.raises(AgreementFileError, match=r"anchors and aliases .*\(line 6\)"):
        parse_agreement(HEAD + "story_of_place: &s Kent\n")


def test_the_schema_bounds_free_text_and_names_as_the_limits_say():
    defs = agreement_schema()["$defs"]
    assert defs["text"]["maxLength"] == MAX_TEXT_CHARS
    assert defs["name"]["maxLength"] == MAX_NAME_CHARS


@pytest.mark.parametrize(("field", "size", "ok"), [
    ("story_of_place", MAX_TEXT_CHARS, True),
    ("story_of_place", MAX_TEXT_CHARS + 1, False),
    ("evidence", MAX_TEXT_CHARS + 1, False),
])
def test_free_text_is_bounded(field, size, ok):
    text = json.dumps(agreement_data(**{field: "x" * size}))
    if ok:
        assert len(getattr(parse_agreement(text).draft, field)) == size
    else:
        with pytest.raises(AgreementFileError, match=f"{field}: must be 20,000 characters or fewer"):
            parse_agreement(text)


def test_a_long_outcome_title_is_refused():
    outcome = {"id": "safer", "title": "t" * (MAX_NAME_CHARS + 1)}
    with pytest.raises(AgreementFileError, match=r"outcomes\[0\]\.title: must be 300 characters or fewer"):
        parse_agreement(json.dumps(agreement_data(outcomes=[outcome])))


def test_a_lone_surrogate_in_a_field_name_is_refused():
    with pytest.raises(AgreementFileError, match="a field name holds a lone surrogate"):
        parse_agreement(json.dumps(agreement_data(metadata={"\ud800": "x"})))


# A character no store can hold, written as itself or as an escape, in each syntax: the
# file's text is searched first, and only a text with neither lets the values go unsearched.
UNSAFE_TEXT = [
    ("json", '"story_of_place": "a\\u0007b"', "story_of_place: the text holds"),
    ("json", '"story_of_place": "a\\ud800b"', "story_of_place: the text holds a lone surrogate"),
    ("json", '"story_of_place": "a\u0007b"', None),  # raw: refused by the JSON reader itself
    ("json", '"metadata": {"a\\u0000": "x"}', "a field name holds a NUL character"),
    ("yaml", 'story_of_place: "a\\x07b"', "story_of_place: the text holds"),
    ("yaml", 'story_of_place: "a\\0b"', "story_of_place: the text holds a NUL character"),
    ("yaml", 'metadata: {"a\\x1b": x}', "a field name holds"),
    ("yaml", 'story_of_place: "a\\u0085b"', "story_of_place: the text holds"),
]


@pytest.mark.parametrize(("syntax", "field", "phrase"), UNSAFE_TEXT)
def test_a_character_no_store_can_hold_is_refused_however_written(syntax, field, phrase):
    if syntax == "json":
        text = '{"format": "laa-agreement/1", "area": "E2221", "round": 2008, ' + field + ', "targets": []}'
    else:
        text = "format: laa-agreement/1\narea: E2221\nround: 2008\n" + field + "\ntargets: []\n"
    with pytest.raises(AgreementFileError) as refused:
        parse_agreement(text, syntax=syntax)
    if phrase is not None:
        assert phrase in str(refused.value)


def test_the_demonstration_file_and_an_export_have_no_anchors():
    from laa.domain.agreement_file import dump_yaml

    demo = (ROOT / "src/laa/web/data/demo-kent-2008.yaml").read_text(encoding="utf-8")
    agreement = parse_agreement(demo)
    again = dump_yaml(agreement.draft)
    assert "&id" not in again and "*id" not in again
    assert parse_agreement(again).draft == agreement.draft
