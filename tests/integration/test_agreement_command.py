"""`laa agreement check|import|export` (the agreement file on the command line): exit 0
when no rule gives an error, 1 when one does, 2 when the file cannot be read or names a
round or area the service does not know; findings as text or as JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import call_command

from laa.agreements.models import Agreement
from laa.domain.agreement_file import dump_json, dump_yaml, parse_agreement
from laa.domain.composition import AgreementDraft, Baseline, TargetDraft

from .test_agreement_document import FIRE, POLICE, full_draft, kent_draft, trajectory

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    """Run `agreement ARGS`: (exit status, standard output, standard error)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("agreement", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, draft: AgreementDraft, name: str = "agreement.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dump_json(draft) if name.endswith(".json") else dump_yaml(draft), encoding="utf-8")
    return path


def with_36_designated() -> AgreementDraft:
    draft = full_draft()
    used = {t.indicator for t in draft.targets}
    code = next(f"NI {n}" for n in range(102, 200) if f"NI {n}" not in used)
    extra = TargetDraft(code, code, "designated", draft.outcomes[0].id,
                        baseline=Baseline(D(100), "2007/08", "Demonstration figure"),
                        yearly=trajectory("101", "103", "106"), partners=(POLICE, FIRE),
                        delivery_plan="Plan")
    return replace(draft, targets=(*draft.targets, extra))


def test_36_designated_targets_exit_1_naming_the_limit_rule(tmp_path):
    code, out, _ = run("check", str(write(tmp_path, with_36_designated())))
    assert code == 1
    assert "ERROR    D2.designated-limit: The agreement has designated targets on 36 indicators" in out
    assert "at most 35 may be designated (1 too many)" in out


def test_a_complete_valid_agreement_exits_0(tmp_path):
    """The demonstration agreement: 32 designated, 16 statutory and 10 local targets; its
    warnings (to acknowledge with a reason) do not fail the check."""
    code, out, _ = run("check", str(write(tmp_path, kent_draft())))
    assert code == 0, out
    assert "58 targets, 0 errors" in out
    assert "ERROR" not in out


def test_an_unreadable_yaml_file_exits_2_naming_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: laa-agreement/1\narea: E2221: Kent\nround: 2008\n", encoding="utf-8")
    code, out, err = run("check", str(path))
    assert code == 2 and out == ""
    assert "broken.yaml: cannot be read" in err and "(line 2)" in err


def test_a_missing_file_exits_2(tmp_path):
    code, _, err = run("check", str(tmp_path / "nowhere.yaml"))
    assert code == 2 and "nowhere.yaml: cannot be read" in err


def test_json_prints_a_list_of_findings(tmp_path):
    code, out, _ = run("check", str(write(tmp_path, with_36_designated(), "agreement.json")), "--json")
    assert code == 1
    findings = json.loads(out)
    assert isinstance(findings, list) and findings
    assert all(set(f) == {"rule", "severity", "target", "message"} for f in findings)
    assert {"rule": "D2.designated-limit", "severity": "error", "target": None,
            "message": next(f["message"] for f in findings if f["rule"] == "D2.designated-limit")} in findings
    assert "36 indicators" in next(f["message"] for f in findings if f["rule"] == "D2.designated-limit")


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"round": 2011}, "round: there is no round 2011 in the reference data"),
        ({"area": "E9999"}, "area: there is no area with the CLG code 'E9999'"),
    ],
)
def test_a_round_or_area_not_in_the_reference_data_exits_2_naming_the_field(tmp_path, changes, named):
    code, out, err = run("check", str(write(tmp_path, replace(kent_draft(), **changes))))
    assert code == 2 and out == ""
    assert "cannot be checked" in err and named in err


def test_a_voluntary_partner_with_the_duty_to_have_regard_is_an_error(tmp_path):
    draft = kent_draft()
    first = draft.targets[0]
    forum = next(p for p in first.partners if p.organisation == "Kent Voluntary Sector Forum")
    bad = replace(first, partners=tuple(replace(p, duty="have_regard") if p is forum else p for p in first.partners))
    code, out, _ = run("check", str(write(tmp_path, replace(draft, targets=(bad, *draft.targets[1:])))), "--json")
    assert code == 1
    assert any(f["rule"] == "D6.duty-not-partner-authority" and f["target"] == first.key
               and "Kent Voluntary Sector Forum is not a partner authority" in f["message"]
               for f in json.loads(out))


def test_import_then_export_round_trips(tmp_path):
    draft = kent_draft()
    source = write(tmp_path, draft)
    code, out, err = run("import", str(source))
    assert code == 0, err
    assert out.startswith("replaced the agreement for Kent") or out.startswith("created the agreement for Kent")
    assert Agreement.objects.filter(area__code="E2221", round__year=2008).exists()
    for fmt in ("yaml", "json", "xlsx"):
        exported = tmp_path / f"out.{fmt}"
        code, out, _ = run("export", "E2221", "--round", "2008", "--format", fmt, "--output", str(exported))
        assert code == 0 and f"wrote {exported}" in out
        again = tmp_path / f"again.{fmt}"
        again.write_bytes(exported.read_bytes())
        code, _, err = run("import", str(again))
        assert code == 0, err
    final = tmp_path / "final.yaml"
    run("export", "E2221", "--format", "yaml", "--output", str(final))
    assert parse_agreement(final.read_bytes()).draft == draft


def test_an_import_that_cannot_be_stored_exits_2_naming_the_field(tmp_path):
    draft = kent_draft()
    bad = replace(draft.targets[0], indicator="NI 999")
    code, _, err = run("import", str(write(tmp_path, replace(draft, targets=(bad, *draft.targets[1:])))))
    assert code == 2
    assert "nothing was imported" in err and "targets[0].indicator: there is no indicator NI 999" in err
