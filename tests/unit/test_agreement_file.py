"""The agreement file `laa-agreement/1`: reading, writing, exact round trips, and problems
that name the field path and the line."""

from __future__ import annotations

import copy
import re
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from laa.domain.agreement_file import (
    AgreementFile,
    AgreementFileError,
    agreement_from_data,
    agreement_to_data,
    dump_json,
    dump_yaml,
    parse_agreement,
    read_agreement,
)
from laa.domain.agreement_file_schema import SCHEMA_PATH, agreement_schema, quick_check
from laa.domain.agreement_workbook import read_agreement_workbook, write_agreement_workbook
from laa.domain.composition import (
    AgreementDraft,
    Baseline,
    PartnerSignUp,
    Placeholder,
    Reward,
    Scope,
    StatutoryOmission,
    TargetDraft,
)
from laa.domain.schema_subset import UnsupportedSchema, compile_schema
from tests.unit.agreement_builders import agreement_files, full_agreement

README = SCHEMA_PATH.parents[4] / "docs" / "agreement-file" / "README.md"

EXAMPLE = """\
format: laa-agreement/1
area: E2221                 # CLG area code
round: 2008
story_of_place: "Stockton-on-Tees: a borough of contrasts"
outcomes:
  - id: safer
    title: Safer neighbourhoods
targets:
  - indicator: NI 16        # or a local indicator code
    category: designated    # designated | statutory | local
    outcome: safer
    scope: {sub_areas: [], group: null}
    baseline: {value: 18.2, period: 2007/08, ci_lower: null, ci_upper: null, sample_size: null}
    targets: {2008/09: 17.5, 2009/10: 16.9, 2010/11: 16.0}
    placeholder: null       # or {reason: "...", set_at: "annual review 2009"}
    partners:
      - {organisation: Cleveland Police Authority, duty: have_regard, lead: true}
      - {organisation: Stockton Residents Forum, duty: voluntary}
    reward: null            # or {without_reward: 17.8, stretched: 16.0, weight: 1}
"""


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems(text: str, syntax: str = "auto") -> list[str]:
    with pytest.raises(AgreementFileError) as caught:
        parse_agreement(text, syntax=syntax)  # type: ignore[arg-type]
    return [str(problem) for problem in caught.value.problems]


# --- Reading ------------------------------------------------------------------------------


def test_reads_the_documented_example() -> None:
    agreement = parse_agreement(EXAMPLE)
    draft = agreement.draft
    assert agreement.format == "laa-agreement/1" and agreement.metadata == {}
    assert (draft.area, draft.round, draft.years) == ("E2221", 2008,
                                                      ("2008/09", "2009/10", "2010/11"))
    assert draft.education_responsibility is True
    [target] = draft.targets
    assert target == TargetDraft(
        key="NI 16",
        indicator="NI 16",
        category="designated",
        outcome="safer",
        scope=Scope(),
        baseline=Baseline(D("18.2"), "2007/08"),
        yearly={"2008/09": D("17.5"), "2009/10": D("16.9"), "2010/11": D("16.0")},
        partners=(
            PartnerSignUp("Cleveland Police Authority", "have_regard", lead=True),
            PartnerSignUp("Stockton Residents Forum", "voluntary", lead=False),
        ),
    )
    assert str(target.yearly["2010/11"]) == "16.0"  # exact decimals, never through a float


def test_every_example_in_the_readme_reads() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```(yaml|json)\n(.*?)```", text, flags=re.DOTALL)
    full = [body for _, body in blocks if "format: laa-agreement/1" in body
            or '"format": "laa-agreement/1"' in body]
    assert full
    for body in full:
        assert parse_agreement(body).draft.targets


def test_the_direction_of_travel_in_the_non_survey_year_is_read_and_written() -> None:
    text = EXAMPLE.replace("    reward: null", "    direction_of_travel: |\n      Residents' panel"
                           "\n      in 2009/10\n    reward: null")
    [target] = parse_agreement(text).draft.targets
    assert target.direction_of_travel == "Residents' panel\nin 2009/10\n"
    assert agreement_to_data(parse_agreement(text).draft)["targets"][0]["direction_of_travel"] \
        == target.direction_of_travel
    assert "direction_of_travel" not in agreement_to_data(parse_agreement(EXAMPLE).draft)["targets"][0]
    assert agreement_to_data(parse_agreement(EXAMPLE).draft, complete=True)["targets"][0][
        "direction_of_travel"] is None


REAL_AGREEMENT = EXAMPLE.replace(
    "    targets: {2008/09: 17.5, 2009/10: 16.9, 2010/11: 16.0}",
    "    targets: {2008/09: 17.5, 2009/10: null, 2010/11: 18.4}\n"
    "    target_periods: {2010/11: to February 2011}\n"
    "    direction_reason: rising demand from new housing",
).replace("period: 2007/08,", "period: 2005-2007 average,").replace(
    "targets:\n", "statutory_omissions:\n"
    "  - {indicator: NI 74, agreed_on: 2008-10-31, reason: Key Stage 3 tests ended}\n"
    "targets:\n", 1)


def test_a_real_agreements_periods_none_set_reasons_and_omissions_are_kept() -> None:
    """A year explicitly without a target (null) is kept, not dropped; a value's own data
    period, a baseline average, a direction reason and a DCSF-agreed omission round-trip
    through YAML, JSON and the workbook (issue 8)."""
    agreement = parse_agreement(REAL_AGREEMENT)
    draft = agreement.draft
    [target] = draft.targets
    assert target.yearly == {"2008/09": D("17.5"), "2010/11": D("18.4")}
    assert target.none_set == ("2009/10",)
    assert target.value_periods == {"2010/11": "to February 2011"}
    assert target.baseline.period == "2005-2007 average"
    assert target.direction_reason == "rising demand from new housing"
    assert draft.statutory_omissions == (
        StatutoryOmission("NI 74", "2008-10-31", "Key Stage 3 tests ended"),
    )
    assert agreement_to_data(draft)["targets"][0]["targets"] == {
        "2008/09": D("17.5"), "2009/10": None, "2010/11": D("18.4")}
    for text in (dump_yaml(draft), dump_json(draft), dump_yaml(draft, complete=True)):
        assert parse_agreement(text).draft == draft
    assert read_agreement_workbook(write_agreement_workbook(draft)).draft == draft


def test_a_placeholder_agreed_by_the_go_is_read_and_written() -> None:
    text = EXAMPLE.replace(
        "    placeholder: null       # or {reason: \"...\", set_at: \"annual review 2009\"}",
        "    placeholder: {reason: no usable baseline, set_at: annual review 2009, go_agreed: true}",
    ).replace("    targets: {2008/09: 17.5, 2009/10: 16.9, 2010/11: 16.0}\n", "")
    [target] = parse_agreement(text).draft.targets
    assert target.placeholder == Placeholder("no usable baseline", "annual review 2009", True)
    assert parse_agreement(dump_yaml(parse_agreement(text))).draft.targets[0] == target
    assert read_agreement_workbook(write_agreement_workbook(parse_agreement(text))).draft \
        .targets[0] == target


def test_optional_fields_take_their_defaults() -> None:
    draft = parse_agreement(
        "format: laa-agreement/1\narea: E0101\nround: 2009\noutcomes: []\ntargets:\n"
        "  - {indicator: NI 16, category: local, outcome: safer}\n"
        "  - {indicator: NI 16, category: local, outcome: safer}\n"
        "  - {indicator: NI 16, category: local, outcome: safer, scope: {sub_areas: [Norton]}}\n"
    ).draft
    assert (draft.period_start, draft.period_end) == ("2009/10", "2011/12")
    assert draft.education_responsibility is True and draft.story_of_place == ""
    assert [t.key for t in draft.targets] == ["NI 16", "NI 16 (2)", "NI 16 [Norton]"]
    first = draft.targets[0]
    assert (first.baseline, first.yearly, first.partners, first.reward) == (Baseline(), {}, (), None)


def test_yaml_scalars_are_read_as_the_file_means_them() -> None:
    text = EXAMPLE.replace(
        "placeholder: null       # or {reason: \"...\", set_at: \"annual review 2009\"}",
        "placeholder: {reason: new indicator, set_at: 2009-03-31}",
    ).replace("lead: true", "lead: yes").replace("value: 18.2", "value: 1_018.20")
    target = parse_agreement(text).draft.targets[0]
    assert target.placeholder == Placeholder("new indicator", "2009-03-31")  # a date stays text
    assert target.partners[0].lead is True
    assert str(target.baseline.value) == "1018.20"


def test_reads_files_and_bytes(tmp_path: Path) -> None:
    draft = full_agreement()
    (tmp_path / "a.yaml").write_text(dump_yaml(draft), encoding="utf-8")
    (tmp_path / "a.json").write_text(dump_json(draft), encoding="utf-8")
    assert read_agreement(tmp_path / "a.yaml").draft == draft
    assert read_agreement(tmp_path / "a.json").draft == draft
    assert parse_agreement(b"\xef\xbb\xbf" + EXAMPLE.encode()).draft.area == "E2221"
    with pytest.raises(AgreementFileError, match="not UTF-8"):
        parse_agreement(b"area: \xff")


# --- Writing and round trips -----------------------------------------------------------------


def test_writes_the_documented_layout() -> None:
    text = dump_yaml(parse_agreement(EXAMPLE))
    assert "format: laa-agreement/1\n" in text
    assert "  baseline: {value: 18.2, period: 2007/08}\n" in text
    assert "  targets: {2008/09: 17.5, 2009/10: 16.9, 2010/11: 16.0}\n" in text
    assert "- {organisation: Stockton Residents Forum, duty: voluntary}" in text
    complete = dump_yaml(parse_agreement(EXAMPLE), complete=True)
    assert "reward: null" in complete and "ci_lower: null" in complete


def test_numbers_are_written_exactly() -> None:
    value = D("0.1000000000000000055511151231257827")
    draft = AgreementDraft("E1", 2008, targets=(
        TargetDraft("k", "NI 16", "local", "o", baseline=Baseline(value),
                    yearly={"2008/09": D("1E+3"), "2009/10": D("-0.00")}),
    ))
    for text in (dump_yaml(draft), dump_json(draft)):
        back = parse_agreement(text).draft.targets[0]
        assert str(back.baseline.value) == str(value)
        assert back == draft.targets[0]
    assert '"value": 0.1000000000000000055511151231257827' in dump_json(draft)


def test_a_number_that_is_not_a_number_cannot_be_written() -> None:
    draft = AgreementDraft("E1", 2008, targets=(
        TargetDraft("k", "NI 16", "local", "o", baseline=Baseline(D("NaN"))),
    ))
    with pytest.raises(ValueError, match="NaN"):
        dump_yaml(draft)
    with pytest.raises(ValueError, match="NaN"):
        dump_json(draft)


def test_a_full_agreement_round_trips() -> None:
    draft = full_agreement()
    reward = Reward(D("44"), D("40"), D("2"))
    draft = AgreementDraft(**{**draft.__dict__, "targets": (
        *draft.targets[:-1], TargetDraft(**{**draft.targets[-1].__dict__, "reward": reward})
    )})
    for text in (dump_yaml(draft), dump_json(draft), dump_yaml(draft, complete=True)):
        assert parse_agreement(text).draft == draft


@given(agreement_files())
def test_any_agreement_round_trips_through_yaml_json_and_xlsx(agreement: AgreementFile) -> None:
    assert parse_agreement(dump_yaml(agreement)) == agreement
    assert parse_agreement(dump_json(agreement)) == agreement
    assert parse_agreement(dump_yaml(agreement, complete=True)) == agreement
    assert parse_agreement(dump_json(agreement, complete=True)) == agreement
    assert agreement_from_data(agreement_to_data(agreement)) == agreement
    assert read_agreement_workbook(write_agreement_workbook(agreement)) == agreement


# --- Problems name the field path and the line ------------------------------------------------

YAML_PROBLEMS = [
    # (replace, with, the problem expected, the fragment on the line it names)
    ("value: 18.2", "value: abc", 'targets[0].baseline.value: expected a number, got "abc"',
     "value: abc"),
    ("category: designated", "category: designatd",
     'targets[0].category: expected one of "designated", "statutory", "local", got "designatd"',
     "designatd"),
    ("    outcome: safer", "    outcome: safer\n    baselin: 3",
     'targets[0].baselin: unknown field "baselin"', "baselin"),
    ("  - indicator: NI 16", "  - indicatr: NI 16", 'targets[0]: missing field "indicator"',
     "indicatr"),
    ("area: E2221", "area: 2221",
     "area: expected text, got the number 2221 (put it in quotes to read it as text)",
     "area: 2221"),
    ("2008/09: 17.5", "2008: 17.5",
     'targets[0].targets.2008: "2008" is not a financial year such as 2008/09', "2008: 17.5"),
    ("format: laa-agreement/1", "format: laa-agreement/2",
     'format: expected "laa-agreement/1", got "laa-agreement/2"', "format:"),
    ("sample_size: null", "sample_size: 0",
     "targets[0].baseline.sample_size: must be at least 1, got the number 0", "sample_size: 0"),
    ("value: 18.2", "value: .nan", "targets[0].baseline.value: expected a number, got NaN",
     "value: .nan"),
    ("duty: voluntary", "duty: volunteer",
     'targets[0].partners[1].duty: expected one of "have_regard", "voluntary", got "volunteer"',
     "volunteer"),
    ("title: Safer neighbourhoods", "title: ''", "outcomes[0].title: must not be empty",
     "title: ''"),
    ("round: 2008", "round: 2008.5", "round: expected a whole number, got the number 2008.5",
     "round:"),
    ("value: 18.2", "value: 1e5", 'targets[0].baseline.value: expected a number, got "1e5"',
     "1e5"),
    ("area: E2221", "area: E2221\narea: E2222",
     "the YAML cannot be read: while reading a mapping found the field 'area' twice",
     "area: E2222"),
    ('story_of_place: "Stockton', 'story_of_place: ["Stockton',
     "the YAML cannot be read: while parsing a flow sequence", "story_of_place"),
    ("round: 2008", "round: 2008\nconsultations:\n  - {consultee: Parishes, held_on: 15/01/2008}",
     'consultations[0].held_on: expected a date such as 2008-01-15, got "15/01/2008"',
     "15/01/2008"),
    ("round: 2008", "round: 2008\nconsultations:\n  - {consultee: Parishes, held_on: 2008-02-30}",
     'consultations[0].held_on: expected a date such as 2008-01-15, got "2008-02-30"',
     "2008-02-30"),
    ("    title: Safer neighbourhoods", "    title: Safer\n    criteria: [challenging, popular]",
     'outcomes[0].criteria[1]: expected one of "important_to_vision", "needs_partnership"',
     "popular"),
]


@pytest.mark.parametrize(("old", "new", "expected", "fragment"), YAML_PROBLEMS,
                         ids=[case[2][:50] for case in YAML_PROBLEMS])
def test_yaml_problems_name_the_field_and_line(old: str, new: str, expected: str,
                                               fragment: str) -> None:
    assert old in EXAMPLE
    text = EXAMPLE.replace(old, new, 1)
    found = problems(text)
    line = line_of(text, fragment)
    assert any(p.startswith(expected) for p in found), found
    matching = next(p for p in found if p.startswith(expected))
    if "cannot be read" in expected and "flow sequence" in expected:
        assert re.search(r"\(line \d+\)$", matching)  # where libyaml noticed
    else:
        assert matching.endswith(f"(line {line})"), (matching, line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "expected a mapping of fields, got a list (line 1)"),
        ("", "expected a mapping of fields, got nothing"),
        (EXAMPLE.replace("targets:\n  - indicator", "targets: none\nx:\n  - indicator"),
         "targets: expected a list, got \"none\""),
        ("format: laa-agreement/1\n", 'missing fields "area", "round", "outcomes", "targets"'),
    ],
)
def test_whole_file_problems(text: str, expected: str) -> None:
    assert any(expected in p for p in problems(text)), problems(text)


def test_every_problem_is_reported_in_line_order() -> None:
    text = EXAMPLE.replace("value: 18.2", "value: abc").replace("area: E2221", "area: 7")
    found = problems(text)
    assert len(found) == 2
    assert found[0].startswith("area:") and found[1].startswith("targets[0].baseline.value")


def test_problems_carry_path_and_line() -> None:
    with pytest.raises(AgreementFileError) as caught:
        parse_agreement(EXAMPLE.replace("value: 18.2", "value: abc"))
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("targets[0].baseline.value", 13)
    assert problem.message == 'expected a number, got "abc"'


JSON_EXAMPLE = dump_json(parse_agreement(EXAMPLE), complete=True)


@pytest.mark.parametrize(
    ("old", "new", "expected", "fragment"),
    [
        ('"value": 18.2', '"value": "x"', 'targets[0].baseline.value: expected a number, got "x"',
         '"value": "x"'),
        ('"value": 18.2', '"value": NaN', "targets[0].baseline.value: expected a number, got NaN",
         "NaN"),
        ('"category": "designated"', '"category": "designated", "category": "local"',
         "the field 'category' appears twice in one object", '"category": "local"'),
        ('"value": 18.2', '"value": 18.2,', "the JSON cannot be read: Expecting property name",
         '"value": 18.2,'),
        ('"round": 2008,', '"round": 2008, "rounds": 1,', 'rounds: unknown field "rounds"',
         '"rounds"'),
    ],
)
def test_json_problems_name_the_field_and_line(old: str, new: str, expected: str,
                                               fragment: str) -> None:
    assert old in JSON_EXAMPLE
    text = JSON_EXAMPLE.replace(old, new, 1)
    found = problems(text)
    matching = [p for p in found if p.startswith(expected)]
    assert matching, found
    line = line_of(text, fragment)
    assert matching[0].endswith(f"(line {line})") or f"(line {line + 1})" in matching[0], (
        matching, line)


# --- The schema ---------------------------------------------------------------------------------


def test_the_schema_is_a_valid_json_schema_and_accepts_written_files() -> None:
    schema = agreement_schema()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    assert validator.is_valid(agreement_to_data(full_agreement(), complete=True))
    assert validator.is_valid(agreement_to_data(full_agreement()))


_VALUES = st.sampled_from(
    [None, True, False, 0, -1, 7, D("1.5"), "", "x", "2008/09", "designated", "have_regard",
     "laa-agreement/1", [], ["x"], {}, {"x": 1}, {"2008/09": 1}]
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@given(agreement_files(), st.data())
def test_the_quick_check_agrees_with_jsonschema(agreement: AgreementFile, data: Any) -> None:
    document = agreement_to_data(agreement, complete=data.draw(st.booleans()))
    broken = copy.deepcopy(document)
    path = data.draw(st.sampled_from(_paths(broken)))
    action = data.draw(st.sampled_from(["set", "delete", "add"]))
    if path:
        parent = broken
        for part in path[:-1]:
            parent = parent[part]
        if action == "set":
            parent[path[-1]] = data.draw(_VALUES)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.sampled_from(["x", "2008/09", "2008", "value"]))] = data.draw(
                _VALUES)
    validator = Draft202012Validator(agreement_schema())
    assert quick_check()(document)
    assert quick_check()(broken) == validator.is_valid(broken)


def test_the_quick_check_refuses_keywords_it_does_not_know() -> None:
    with pytest.raises(UnsupportedSchema, match="oneOf"):
        compile_schema({"oneOf": [{"type": "string"}]})
    check = compile_schema({"type": "object", "properties": {"n": {"type": "number"}}})
    assert check({"n": D(1)}) and check({"n": 1}) and not check({"n": True})
