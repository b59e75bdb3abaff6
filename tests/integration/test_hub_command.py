"""`laa hub import FILE [--dry-run]`, `laa hub export` and `laa hub suppliers`; an export
re-imports unchanged."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from laa.hub.actions import load_suppliers
from laa.hub.models import LedgerEntry, Observation, Supplier
from laa.permissions import SystemActor

SYSTEM = SystemActor("a test")  # what a command acts as

VALUES = (
    "indicator,area,period,value,status,numerator,denominator,ci_lower,ci_upper,sample_size,group\n"
    "NI 20,E0101,2008/09,12.34,final,,,,,,\n"
    "NI 20,E0102,2008/09 Q2,100,provisional,,,,,,\n"
    "NI 1,E0101,Place Survey 2008,70.1,final,,,68.2,72,1100,\n"
    "NI 1,E0101,Place Survey 2008,65.0,final,,,60.1,69.9,300,sex:female\n"
    "NI 47,E0101,2008/09,,suppressed,,,,,,\n"
)


def hub(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("hub", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def values_file(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(VALUES)
    return path


@pytest.mark.django_db
def test_import_dry_run_then_for_real_with_a_progress_bar(values_file):
    out, _ = hub("import", str(values_file), "--dry-run")
    assert "5 rows: 5 new, 0 changed, 0 unchanged, 0 rejected. A dry run" in out
    assert not Observation.objects.exists()
    out, err = hub("import", str(values_file))
    assert "Written (ledger entry" in out and "100%" in err
    assert Observation.objects.count() == 5 and LedgerEntry.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_import_names_rows_and_exits_1(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("indicator,area,period,value\nNI 20,E0101,2008/09,x\n")
    with pytest.raises(SystemExit) as ended:
        hub("import", str(path), "--quiet")
    assert ended.value.code == 1
    assert not Observation.objects.exists()
    path.write_text("")
    with pytest.raises(SystemExit) as ended:
        hub("import", str(path), "--quiet")
    assert ended.value.code == 2


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_reimports_unchanged(values_file, tmp_path, fmt):
    hub("import", str(values_file), "--quiet")
    exported, _ = hub("export", "--format", fmt)
    path = tmp_path / f"export.{fmt}"
    path.write_text(exported)
    out, _ = hub("import", str(path), "--quiet")
    assert "5 rows: 0 new, 0 changed, 5 unchanged, 0 rejected" in out
    assert Observation.objects.count() == 5
    if fmt == "json":
        first = json.loads(exported)[0]
        assert first["indicator"] == "NI 20" and first["value"] == 12.34


@pytest.mark.django_db
def test_export_filters_and_history(values_file, tmp_path):
    hub("import", str(values_file), "--quiet")
    corrected = tmp_path / "corrected.csv"
    corrected.write_text("indicator,area,period,value,reason\nNI 20,E0101,2008/09,12.5,Late returns\n")
    hub("import", str(corrected), "--quiet")
    current, _ = hub("export", "--indicator", "NI 20", "--area", "E0101")
    assert current.count("\n") == 2 and ",12.5," in current and "Late returns" in current
    history, _ = hub("export", "--indicator", "ni20", "--area", "E0101", "--history")
    assert history.count("\n") == 3 and ",12.34," in history and ",false\n" in history
    female, _ = hub("export", "--group", "sex:female")
    assert female.count("\n") == 2
    with pytest.raises(Exception, match="period"):
        hub("export", "--period", "next year")


@pytest.mark.django_db
def test_suppliers_are_recorded_once():
    made = load_suppliers(actor=SYSTEM)
    assert made == Supplier.objects.count() >= 190
    assert load_suppliers(actor=SYSTEM) == 0
    assert Supplier.objects.get(indicator__code="NI 20").supplier_label == "HO"
