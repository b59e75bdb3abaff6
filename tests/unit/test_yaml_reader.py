"""The quick YAML reader (rapidyaml) gives exactly the data the libyaml reader gives, or
declines and lets libyaml read the file (docs/adr/0011-yaml-reader.md)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
import yaml

from laa.domain.agreement_file import dump_json, dump_yaml, parse_agreement
from laa.domain.agreement_file_yaml import libyaml_load, load_yaml
from laa.domain.yaml_quick_reader import DECLINED, quick_load
from tests.unit.agreement_builders import full_agreement


def test_every_benchmark_file_is_read_quickly_and_identically() -> None:
    draft = full_agreement()
    for n in range(150):  # the files of benchmarks/bench_rules.py
        text = dump_yaml(replace(draft, area=f"E{9000 + n}"))
        quick, slow = quick_load(text), libyaml_load(text)
        assert quick is not DECLINED
        assert quick == slow
        assert _same_types(quick, slow)


def test_a_file_reads_the_same_in_yaml_and_json() -> None:
    draft = full_agreement()
    assert parse_agreement(dump_yaml(draft), syntax="yaml").draft == parse_agreement(
        dump_json(draft), syntax="json"
    ).draft


def _same_types(one: Any, other: Any) -> bool:
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return list(one) == list(other) and all(_same_types(one[k], other[k]) for k in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(map(_same_types, one, other))
    return bool(one == other or (one != one and other != other))


SCALARS = [
    # (YAML value text, what it reads as)
    ("12", 12), ("-12", -12), ("+12", 12), ("0", 0), ("1_000", 1000), ("017", 15),
    ("0x1F", 31), ("0b101", 5), ("1:30", 90), ("-0x1F", -31),
    ("12.50", Decimal("12.50")), ("-0.0", Decimal("-0.0")), ("1.5e+3", Decimal("1.5e+3")),
    (".5", Decimal(".5")), ("1_000.25", Decimal("1000.25")), ("3.", Decimal("3")),
    ("1e5", "1e5"), ("1.5e3", "1.5e3"), ("2008/09", "2008/09"), ("2008-09-01", "2008-09-01"),
    ("12:30:00", 45000), ("1.2.3", "1.2.3"), ("0o17", "0o17"), ("08", "08"),
    ("yes", True), ("Yes", True), ("ON", True), ("true", True), ("True", True),
    ("no", False), ("off", False), ("false", False), ("FALSE", False), ("n", "n"), ("y", "y"),
    ("~", None), ("null", None), ("Null", None), ("NULL", None), ("", None),
    ("'yes'", "yes"), ('"12"', "12"), ("'12.50'", "12.50"), ("'~'", "~"), ("''", ""),
    ('""', ""), ("'null'", "null"), ("'017'", "017"), ('"true"', "true"),
    ('"a\\tb"', "a\tb"), ('"\\u00e9\\x41"', "éA"), ('"\\N\\_\\L\\P"', "\x85\xa0\u2028\u2029"),
    ("'it''s'", "it's"), ("NI 16", "NI 16"), ("a: b", None),  # None: refused below
    ("-", "-"), ("- x", None), ("Health & care", "Health & care"), ("a#b", "a#b"),
    ("x # note", "x"), ("é", "é"), (".inf", None), ("[1, yes, '2', 2.50]", [1, True, "2",
    Decimal("2.50")]), ("{a: 1, b: ~}", {"a": 1, "b": None}), ("|\n  two\n  lines", "two\nlines\n"),
    (">\n  folded\n  text\n", "folded text\n"), ("plain\n  continued", "plain continued"),
    ("'quoted\n\n  para'", "quoted\npara"), ("!!str 12", "12"), ("&a 12", None),
]


@pytest.mark.parametrize(("written", "expected"), SCALARS)
def test_scalars_read_the_same_through_both_readers(written: str, expected: Any) -> None:
    text = f"field: {written}\nother: [{written}]\n" if "\n" not in written else (
        f"field: {written}\n"
    )
    try:
        slow = libyaml_load(text)
    except yaml.YAMLError:
        assert quick_load(text) is DECLINED
        return
    quick = quick_load(text)
    if quick is not DECLINED:
        assert quick == slow
        assert _same_types(quick, slow)
    assert load_yaml(text) == slow
    if expected is not None:
        assert slow["field"] == expected


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",          # anchors and aliases: libyaml refuses them with the line
    "a: !!str 1\n",              # tags
    "a: ! 1\n",
    "a: 1\na: 2\n",              # a field twice
    "--- 1\n--- 2\n",            # two documents
    "---\na: 1\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: yes\n", "a: '1_000'\n", "a: ~\n",  # quoting matters, and JSON cannot show it
    "a:\n\tb: 1\n", "a: 1\r\nb: 2\r\n", "\ufeffa: 1\n", "a: b\x85c\n", "a: \x07\n",
    "a: " + "[" * 19 + "]" * 19 + "\n",  # as deep as allowed, or deeper
    "a: " + "[" * 40 + "]" * 40 + "\n",
    "a: 1" + "0" * 120 + "\n",   # a number too long
    "a: [1, 2\n",                # cannot be read
    "",
])
def test_the_quick_reader_declines_what_it_cannot_vouch_for(text: str) -> None:
    assert quick_load(text) is DECLINED


@pytest.mark.parametrize("text", [
    "a: ['yes', x]\n", "a: [x, {b: '~'}]\n", "a: {b: [1, '017']}\n",  # quoting matters, nested
    "a: [1, null]\n", "a: [null]\n", "a:\n  - b:\n", "null\n",  # nulls anywhere
    "a: '1_000'\nb: '2008/09'\n", "a: ['.5']\n",
])
def test_the_quick_reader_declines_them_in_lists_and_nested_fields(text: str) -> None:
    assert quick_load(text) is DECLINED
    assert load_yaml(text) == libyaml_load(text)


@pytest.mark.parametrize("text", [
    "a: " + "[" * 18 + "]" * 18 + "\n",  # 19 levels with the file's own mapping: allowed
    "a: '[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{'\nb: [x]\n",  # brackets in text are text
    'a: "say \\"[[[[[[[[[[[[[[[[[[[[\\" and \\\\"\nb: {c: [1, 2.50]}\n',
    "a: 'x: null, yes'\nb: '\"yes\": 1'\n",  # words inside text are text
    "'2008/09': 12\n'yes': 1\n'1_000': x\n",  # field names are their text
    "a: 1e5\nb: 1.5e+3\nc: -0.0\nd: 0\n",
])
def test_the_quick_reader_reads_these_as_libyaml_does(text: str) -> None:
    quick = quick_load(text)
    assert quick is not DECLINED
    assert quick == libyaml_load(text)
    assert _same_types(quick, libyaml_load(text))


@pytest.mark.parametrize(("levels", "declined"), [(18, False), (19, True)])
def test_nesting_of_alternating_kinds_counts_each_level(levels: int, declined: bool) -> None:
    opening = "".join("{x: " if n % 2 else "[" for n in range(levels))
    closing = "".join("}" if n % 2 else "]" for n in reversed(range(levels)))
    text = f"a: {opening}1{closing}\n"  # with the file's own mapping, levels + 1
    assert (quick_load(text) is DECLINED) is declined
    assert load_yaml(text) == libyaml_load(text)
