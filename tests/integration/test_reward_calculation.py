"""The reward calculation of an area (issue 14): read from the agreement's version in
force, the hub's 2010/11 values and the net budget requirements; by the command, the API
and the page."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal as D
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from laa.agreements.models import Agreement
from laa.domain.composition import Reward, RewardSubTarget, TargetDraft
from laa.hub import actions as hub
from laa.hub.scopes import COMMAND_LINE
from laa.performance.reward_reading import hub_achieved
from laa.places.models import District

from .page_text import text
from .reward_support import AFTER, SYSTEM, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def kent(kent_with_budgets_once, db, settings):
    settings.LAA_TODAY = AFTER
    return Agreement.objects.get(area__code="E2221")


def run(*args) -> str:
    out = StringIO()
    call_command("reward", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_calculation_under_the_policy_asked_for(kent):
    send("NI 16,E2221,2010/11,34.56,final,,,\n")
    out = run("calculate", "E2221", "--policy", "laa-2008-11/1")
    assert "policy laa-2008-11/1" in out
    assert ("The net budget requirement is £910,000,000: Kent County Council £882,450,000 plus Ashford Borough "
            "Council £14,860,000 plus Dover District Council £12,690,000") in out
    assert "The potential grant is 2.5% of it, rounded to the nearest £1,000: £22,750,000" in out
    assert ("NI 16: 34.56 achieved against 35.10 expected without reward and 34.20 stretched: 60% of the "
            "enhancement achieved, so 60% of its share of £11,375,000: £6,825,000") in out
    assert "NI 152: no final value has been reported, so nothing of its share of £11,375,000 is paid yet" in out
    assert "2011/12  payable   £3,412,500  capital   £1,706,250  revenue   £1,706,250" in out


def test_the_policy_the_agreement_was_made_under_is_used_unless_a_later_one_is_chosen(kent, client_for):
    send("NI 16,E2221,2010/11,34.20,final,,,\n")
    data = json.loads(run("calculate", "E2221", "--json"))
    assert data["policy_id"] == "laa-2008-11/1"  # in force when Kent's agreement's period began
    assert data["total"] == "11375000" and data["payable"] == "11375000"
    assert data["policy_note"].startswith("Calculated under laa-2008-11/1")
    assert ("A later version (laa-2008-11/2: Local Area Agreements 2008-11: Performance Reward Grant withdrawn) is "
            "used only when chosen: the sources do not give the day it took effect") in data["policy_note"]
    withdrawn = json.loads(run("calculate", "E2221", "--json", "--policy", "laa-2008-11/2"))
    assert withdrawn["total"] == "11375000" and withdrawn["payable"] == "0"  # earned, not paid
    assert withdrawn["policy_note"].endswith("the policy asked for")
    earlier = json.loads(run("calculate", "E2221", "--json", "--as-of", "2010-04-01"))
    assert earlier["policy_id"] == "laa-2008-11/1"
    assert "no final value has been reported" in earlier["targets"][0]["explanation"]  # 2010/11 not ended
    page = text(client_for("officer").get("/progress/E2221/reward"))
    assert "the version of the scheme the agreement was made under (in force when its period began, 2008/09)" in page
    assert "is used only when chosen: the sources do not give the day it took effect" in page
    assert client_for("officer").get("/api/v1/performance/E2221/reward").json()["policy_note"] == data["policy_note"]


def test_a_provisional_value_is_a_provisional_figure(kent):
    send("NI 16,E2221,2010/11,34.50,provisional,,,\n")
    data = json.loads(run("calculate", "E2221", "--policy", "laa-2008-11/1", "--json"))
    assert data["provisional"] is True and data["targets"][0]["provisional"] is True
    out = run("calculate", "E2221", "--policy", "laa-2008-11/1")
    assert "[PROVISIONAL]" in out and "(provisional: the value is not final)" in out


def test_the_command_refuses_with_the_reason(kent):
    with pytest.raises(CommandError, match="There is no reward policy 'lpsa/9'"):
        run("calculate", "E2221", "--policy", "lpsa/9")
    with pytest.raises(CommandError, match="There is no agreement for 'E9999'"):
        run("calculate", "E9999")
    with pytest.raises(CommandError, match="--as-of must be a date"):
        run("calculate", "E2221", "--as-of", "soon")


def test_the_api_serves_the_calculation(kent, client_for):
    send("NI 16,E2221,2010/11,34.56,final,,,\n")
    response = client_for("go-manager").get("/api/v1/performance/E2221/reward?policy=laa-2008-11/1")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["policy_id"] == "laa-2008-11/1" and data["version"] == 1
    assert data["targets"][0]["amount"] == "6825000"
    assert [a["authority"] for a in data["authorities"]][:1] == ["Kent County Council"]
    assert client_for("department").get("/api/v1/performance/E2221/reward").status_code == 403
    bad = client_for("clg").get("/api/v1/performance/E2221/reward?policy=nope")
    assert bad.status_code == 400 and "There is no reward policy 'nope'" in bad.json()["detail"]


def test_the_page_explains_every_figure(kent, client_for):
    send("NI 16,E2221,2010/11,34.56,final,,,\n")
    response = client_for("officer").get("/progress/E2221/reward?policy=laa-2008-11/1")
    assert response.status_code == 200
    page = text(response)
    assert "Kent: Performance Reward Grant" in page
    assert "Calculated under policy laa-2008-11/1" in page
    assert "60% of the enhancement achieved, so 60% of its share of £11,375,000: £6,825,000" in page
    assert "Kent County Council" in page and "2012/13" in page
    progress = text(client_for("officer").get("/progress/E2221"))
    assert "Performance Reward Grant" in progress


def test_a_quarter_before_the_fourth_is_not_the_years_outturn(kent):
    send("NI 16,E2221,2010/11 Q3,34.20,final,,,\n")
    data = json.loads(run("calculate", "E2221", "--policy", "laa-2008-11/1", "--json"))
    assert data["targets"][0]["amount"] == "0"
    send("NI 16,E2221,2010/11 Q4,34.20,final,,,\n")
    data = json.loads(run("calculate", "E2221", "--policy", "laa-2008-11/1", "--json"))
    assert data["targets"][0]["amount"] == "11375000"


def test_a_payment_on_account_is_set_against_the_first_instalment(kent):
    from laa.performance.reward_actions import ClaimError, record_interim

    send("NI 16,E2221,2010/11,34.56,final,,,\n")
    record_interim(actor=SYSTEM, agreement=kent, target_key="NI 16", level="34.65", reached="34.60", period="2009/10",
                   source="Synthetic test figure")
    data = json.loads(run("calculate", "E2221", "--policy", "laa-2008-11/1", "--json"))
    ni16 = data["targets"][0]
    assert ni16["on_account"] == "2275000"  # a fifth of the £11,375,000 share
    assert "the agreed interim level 34.65 was reached" in ni16["on_account_explanation"]
    assert [i["set_against"] for i in data["instalments"]] == ["2275000", "0"]
    assert [i["payable"] for i in data["instalments"]] == ["1137500", "3412500"]
    with pytest.raises(ClaimError, match="NI 99 is not a reward target"):
        record_interim(actor=SYSTEM, agreement=kent, target_key="NI 99", level="1", reached="", period="2009/10",
                       source="x")
    with pytest.raises(ClaimError, match="The interim level must be a number"):
        record_interim(actor=SYSTEM, agreement=kent, target_key="NI 16", level="high", reached="", period="2009/10",
                       source="x")


def test_the_command_records_the_inputs_and_refuses_naming_the_field(kent):
    assert "Recorded: Canterbury City Council 2007/08: £16,920,000" in run(
        "record-budget", "E2221", "Canterbury City Council", "2007/08", "16920000", "--source", "CLG's RA return")
    assert "Recorded: Carers grant 2008/09" in run("record-abg", "E2221", "2008/09", "Carers grant", "3420000",
                                                   "--source", "CLG's ABG determination", "--priority", "Older people")
    assert "Recorded: Pump priming 2008/09" in run("record-pump-priming", "E2221", "2008/09", "2008-04-07", "1250000",
                                                   "625000", "--source", "A test")
    assert "Recorded: NI 16: interim level 34.65" in run("record-interim", "E2221", "NI 16", "34.65", "", "2009/10",
                                                         "--source", "The GO's record")
    with pytest.raises(CommandError, match="Enter the amount in pounds"):
        run("record-budget", "E2221", "Swale Borough Council", "2007/08", "lots", "--source", "x")
    with pytest.raises(CommandError, match="The capital cannot be more than the amount"):
        run("record-pump-priming", "E2221", "2008/09", "2008-04-07", "100", "200", "--source", "x")
    data = json.loads(run("calculate", "E2221", "--policy", "laa-2008-11/1", "--json"))
    canterbury = next(b for b in data["budgets"] if b["authority"] == "Canterbury City Council")
    assert canterbury["source"] == "CLG's RA return (entered by system (laa reward))"


def test_the_agreement_document_states_each_reward_targets_share_of_the_potential_grant(kent, client_for):
    page = text(client_for("officer").get("/agreements/E2221/document"))
    assert ("Under reward policy laa-2008-11/1: The net budget requirement is £910,000,000: Kent County Council "
            "£882,450,000 plus Ashford Borough Council £14,860,000 plus Dover District Council £12,690,000. The "
            "potential grant is 2.5% of it, rounded to the nearest £1,000: £22,750,000; it is divided equally among "
            "the 2 reward targets.") in page
    assert "(nothing below 60%, no more than 100%)" in page
    assert "Expected without reward 35.10; stretched target 34.20; potential grant share £11,375,000 (50% of the " \
           "potential grant)" in page
    from laa.agreements.printing import print_html
    printed = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", print_html(kent).html)))
    assert "£11,375,000 (50% of the potential grant)" in printed  # the PDF prints the same


def test_sub_targets_find_their_districts_values_by_the_district_not_the_words(kent):
    """A sub-target names its district as people write it (its council's name, other case or
    spacing); the hub's values are the district's row's, whatever it is called now."""
    body = (b"indicator,area,district,period,value,status\nNI 192,E2221,,2010/11,40.0,final\n"
            b"NI 192,E2221,Ashford,2010/11,41.5,final\nNI 192,E2221,Dover,2010/11,38.2,provisional\n"
            b"NI 192,E2221,Swale,2010/11,30,final\n")
    assert not hub.import_values(actor=SYSTEM, name="v.csv", stream=io.BytesIO(body), size=len(body)).rejected
    District.objects.filter(county=kent.area, name="Swale").update(name="Swale Borough")  # renamed after the import
    reward = Reward(D(36), D(42), sub_targets=(RewardSubTarget(" ASHFORD ", D(36), D(42)),
                                               RewardSubTarget("Dover District Council", D(36), D(42)),
                                               RewardSubTarget("Swale Borough", D(36), D(42)),
                                               RewardSubTarget("Paris", D(36), D(42))))
    target = TargetDraft("NI 192 [districts]", "NI 192", "designated", "o1", reward=reward)
    whole, subs, _said = hub_achieved(COMMAND_LINE, kent, [target], ("2008/09", "2009/10", "2010/11"),
                                      date(2011, 7, 1))
    got = {label: (a.value, a.final) if a else None for label, a in subs["NI 192 [districts]"].items()}
    assert got == {" ASHFORD ": (D("41.5"), True), "Dover District Council": (D("38.2"), False),
                   "Swale Borough": (D(30), True), "Paris": None}
    assert whole["NI 192 [districts]"].value == D("40.0")
