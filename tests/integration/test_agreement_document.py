"""The agreement document: the page and the PDF printed from the same template, who may
read it, what it says (title page, outcomes framework, targets with their trajectory
charts and figures, reward element, s113 memorandum, signatures), and that it reads the
database in a fixed number of queries whatever the number of targets.

The drafts built here (`small_draft`, `kent_draft`, `full_draft`) are used by the API
tests too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from laa import clock
from laa.agreements import actions, actions_import, printing
from laa.agreements.charts import Point, figure, text_width, trajectory_chart
from laa.agreements.models import Agreement
from laa.agreements.tasks import print_document
from laa.domain.agreement_file import read_agreement
from laa.domain.composition import (
    AgreementDraft,
    Baseline,
    OutcomeDraft,
    PartnerSignUp,
    Placeholder,
    Reward,
    RewardSubTarget,
    Scope,
    TargetDraft,
)
from laa.permissions import SystemActor
from laa.presentation.presenters import govuk_date

SYSTEM = SystemActor("a test")  # what a command acts as

pytestmark = pytest.mark.django_db

D = Decimal
DEMO_FILE = Path(__file__).resolve().parents[2] / "src" / "laa" / "web" / "data" / "demo-kent-2008.yaml"
POLICE = PartnerSignUp("Kent Police Authority", "have_regard", lead=True)
FIRE = PartnerSignUp("Kent Fire and Rescue Service", "have_regard")
FORUM = PartnerSignUp("Kent Voluntary Sector Forum", "voluntary")
YEARS = ("2008/09", "2009/10", "2010/11")


def trajectory(*values: str) -> dict[str, Decimal]:
    return {year: D(v) for year, v in zip(YEARS, values, strict=False) if v}


def small_draft(**changes) -> AgreementDraft:
    """Kent, five targets: a designated one with a reward element (two sub-targets), a Place
    Survey one, a placeholder, a statutory one and a local one for two districts."""
    draft = AgreementDraft(
        area="E2221", round=2008,
        story_of_place="Kent is England's largest shire county.\n\nIts coast and its west differ.",
        outcomes=(
            OutcomeDraft("safer", "Safer and stronger communities", "Safer and stronger communities", "Crime audit 2007"),
            OutcomeDraft("children", "Every child achieving", "Children and young people"),
        ),
        targets=(
            TargetDraft("NI 16", "NI 16", "designated", "safer", baseline=Baseline(D("36.00"), "2007/08", "Police data"),
                        yearly=trajectory("35.40", "34.80", "34.20"), partners=(POLICE, FIRE, FORUM),
                        reward=Reward(D("35.10"), D("34.20"), D("1"), (
                            RewardSubTarget("Thanet", D("40.1"), D("38.9")),
                            RewardSubTarget("Swale", D("33.0"), D("32.1"), D("0.4")))),
                        delivery_plan="Plan SAFER-03"),
            TargetDraft("NI 1", "NI 1", "designated", "safer",
                        baseline=Baseline(D("47.0"), "autumn 2008", "Place Survey", D("45.2"), D("48.8"), 4200),
                        yearly={"2010/11": D("51.0")}, partners=(POLICE,),
                        direction_of_travel="Residents' panel mini survey, autumn 2009"),
            TargetDraft("NI 32", "NI 32", "designated", "safer",
                        placeholder=Placeholder("Indicator introduced in 2009/10", "annual review 2009"),
                        partners=(POLICE,)),
            TargetDraft("NI 72", "NI 72", "statutory", "children", baseline=Baseline(D("49"), "2007/08"),
                        yearly=trajectory("49.5", "50.0", "50.5")),
            TargetDraft("NI 15 [Thanet, Swale]", "NI 15", "local", "safer",
                        scope=Scope(("Thanet", "Swale")), baseline=Baseline(D("1020"), "2007/08"),
                        yearly=trajectory("1037", "1054", "1071"), partners=(FIRE,), relative_to="the Kent average"),
        ),
    )
    return replace(draft, **changes)


def kent_draft() -> AgreementDraft:
    """The demonstration agreement: 32 designated, 16 statutory and 10 local targets."""
    return read_agreement(DEMO_FILE).draft


def full_draft() -> AgreementDraft:
    """The demonstration agreement grown to 35 designated, 16 statutory and 100 local targets."""
    demo = kent_draft()
    used = {t.indicator for t in demo.targets}
    free = [f"NI {n}" for n in range(1, 200) if n != 31 and not 72 <= n <= 101 and f"NI {n}" not in used]
    outcomes = [o.id for o in demo.outcomes]
    extra = [
        TargetDraft(code, code, "designated" if i < 3 else "local", outcomes[i % len(outcomes)],
                    baseline=Baseline(D(100 + i), "2007/08", "Demonstration figure"),
                    yearly=trajectory(str(101 + i), str(103 + i), str(106 + i)), partners=(POLICE, FIRE, FORUM))
        for i, code in enumerate(free[:93])
    ]
    return replace(demo, targets=demo.targets + tuple(extra))


def import_draft(draft: AgreementDraft) -> Agreement:
    return actions_import.import_agreement(actor=SYSTEM, draft=draft).agreement


@pytest.fixture
def small(db) -> Agreement:
    agreement = import_draft(small_draft())
    actions.add_consultation(actor=SYSTEM, agreement=agreement, version=agreement.version,
                             consultee="Kent Residents' Panel", held_on=None, summary="Wanted safer streets")
    Agreement.objects.filter(pk=agreement.pk).update(equality_assessed=True)
    cache.clear()
    return Agreement.objects.get(pk=agreement.pk)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- what the document says -------------------------------------------------------------


def test_the_document_is_what_the_partnership_signs(small, client_for):
    html = page(client_for("officer"), "/agreements/E2221/document")
    for said in [
        # title page
        "<h1 class=\"govuk-heading-xl\">Kent</h1>", "Kent Partnership", "Kent County Council",
        "Government Office for the South East", "2008/09 to 2010/11", "2008 round",
        "3 designated, 1 statutory (DCSF), 1 local", "Draft (version",
        # story of place, paragraph by paragraph
        "<p class=\"govuk-body\">Kent is England&#39;s largest shire county.</p>",
        # outcomes framework: each outcome with its SCS theme and the targets that drive it
        "Priority outcome 1: Safer and stronger communities", "Every child achieving",
        "Priority outcome 2: Children and young people",
        # targets: baseline, partners (lead marked), scope, relative figure, placeholder
        "36.00 (2007/08). Source: Police data", "Kent Police Authority (lead partner)",
        "Kent Voluntary Sector Forum (voluntary partner)",
        "Thanet, Swale", "the Kent average", "45.2 to 48.8 (95% confidence interval), sample of 4,200",
        "Indicator introduced in 2009/10 (to be set at annual review 2009)", "the target is a placeholder",
        # a Place Survey target: how direction of travel is gauged in the non-survey year (D7)
        "Direction of travel in the non-survey year</dt><dd class=\"govuk-summary-list__value\">"
        "Residents&#39; panel mini survey, autumn 2009",
        "Lower is better", "Higher is better", "1,020",
        # reward element: expected without reward, stretched, enhancement, weight, sub-targets
        "Targets with a reward element", "35.10", "0.90", "Sub-target: Thanet (equal share)", "Swale (0.4)",
        # s113 memorandum
        "Memorandum under section 113", "No (statutory (dcsf))",
        # consultations and impact assessments
        "Kent Residents&#39; Panel", "Wanted safer streets", "Equality impact assessment", "Carried out",
        # signatures
        "Leader, Kent County Council", "Chair, Kent Partnership",
        "Regional Director, Government Office for the South East",
        "For the Secretary of State for Communities and Local Government",
        # the PDF
        "href=\"/agreements/E2221/document.pdf\"",
    ]:
        assert said in html, said
    assert html.index("Designated targets</h2>") < html.index("Statutory (DCSF) targets</h2>") < html.index(
        "Local targets</h2>") < html.index("Reward element</h2>") < html.index("Signatures</h2>")


def test_the_memorandum_names_who_must_have_regard_to_each_target(small, client_for):
    html = page(client_for("officer"), "/agreements/E2221/document")
    memo = html[html.index('class="govuk-table govuk-!-font-size-16 laa-memorandum"'):]
    memo = memo[: memo.index("</table>")]
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", memo, re.S)
    cells = {re.sub(r"<.*?>", "", r.split("</th>")[0]).split(":")[0].strip(): r for r in rows[1:]}
    assert "Kent Police Authority, Kent Fire and Rescue Service</td>" in cells["NI 16"]  # not the forum
    assert ">Yes<" in cells["NI 16"]
    assert "None named" in cells["NI 72"]
    assert "Kent Fire and Rescue Service" in cells["NI 15 [Thanet, Swale]"]


def test_each_trajectory_is_an_accessible_chart_with_its_figures_beside_it(small, client_for):
    html = page(client_for("officer"), "/agreements/E2221/document")
    charts = re.findall(r"<svg [^>]*>.*?</svg>", html, re.S)
    assert len(charts) == 4  # NI 32 is a placeholder: no chart
    for svg in charts:
        labelled = re.search(r'role="img" aria-labelledby="([^" ]+) ([^"]+)"', svg)
        assert labelled, svg[:200]
        assert f'<title id="{labelled[1]}">' in svg and f'<desc id="{labelled[2]}">' in svg
    ni16 = next(c for c in charts if "NI 16: Serious acquisitive crime rate" in c)
    assert "baseline 36.00 in 2007/08; target 35.40 in 2008/09; target 34.80 in 2009/10; target 34.20 in " \
           "2010/11; stretched target 34.20 in 2010/11. Lower is better." in ni16
    assert ">Rate</text>" in ni16 and ">2008/09</text>" in ni16  # the axes are labelled
    block = html[html.index(ni16):]
    table = block[: block.index("</table>")]
    assert "Figures in the chart" in table
    assert re.search(r"2007/08</th>\s*<td[^>]*>36.00</td>\s*<td[^>]*>Baseline", table)
    assert "Stretched target (reward element)" in table


def test_the_pdf_is_printed_from_the_same_document(small, client_for):

    client = client_for("go-manager")
    assert client.get("/agreements/E2221/document.pdf").status_code == 202  # being prepared
    print_document.call(small.pk)  # the background worker's printing (test_agreement_pdf)
    response = client.get("/agreements/E2221/document.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f'filename="laa-E2221-2008-v{small.version}.pdf"' in response["Content-Disposition"]
    assert response.content.rstrip().endswith(b"%%EOF")
    assert client.get("/agreements/E2221/document.pdf").content == response.content  # printed once, kept


def test_the_print_template_has_pages_headings_and_no_page_chrome(small, monkeypatch):

    printed = {}
    monkeypatch.setattr(printing, "render_pdf", lambda html: (printed.setdefault("html", html) and b"%PDF-", 1))
    print_document.call(small.pk)
    html = printed["html"]
    assert "size: A4" in html and 'counter(page) " of " counter(pages)' in html
    assert "DRAFT: NOT FOR SIGNATURE" in html
    assert "govuk-header" not in html and "Download the agreement as a PDF" not in html
    assert '<img class="laa-chart" src="data:image/svg+xml;base64,' in html and "Figures in the chart" in html
    assert f"printed {govuk_date(clock.today())}</span>" in html and printing.PRINTED_ON_MARK not in html


# --- who may read it --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "partner", "go-manager", "go-director", "clg", "inspector", "admin"])
def test_those_who_may_read_the_agreement_read_the_document(small, client_for, role):
    html = page(client_for(role), "/agreements/E2221/document")
    assert "NI 72" in html and "NI 16" in html and "Not the whole agreement" not in html


def test_a_department_reads_the_targets_on_its_own_indicators(small, client_for):
    html = page(client_for("department"), "/agreements/E2221/document")  # the Home Office: NI 16, NI 32, NI 15
    assert "Not the whole agreement" in html and "This copy shows the 3 of its 5 targets" in html
    assert "NI 16: Serious acquisitive crime rate" in html and "NI 72" not in html


def test_other_scopes_get_not_found_and_residents_are_asked_to_sign_in(small, client_for, scoping):
    from django.test import Client

    stockton = Client()
    stockton.force_login(scoping.stockton_officer)
    north_east = Client()
    north_east.force_login(scoping.north_east_go)
    for client in (stockton, north_east):
        assert client.get("/agreements/E2221/document").status_code == 404
        assert client.get("/agreements/E2221/document.pdf").status_code == 404
    anonymous = client_for("anonymous")
    response = anonymous.get("/agreements/E2221/document")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in?next=")
    assert anonymous.get("/agreements/E9999/document").status_code == 302  # existence is not revealed
    assert client_for("officer").get("/agreements/E9999/document").status_code == 404


def test_a_published_agreement_is_read_by_everyone(small, client_for):
    Agreement.objects.filter(pk=small.pk).update(published_at=timezone.now(), state="published")
    html = page(client_for("anonymous"), "/agreements/E2221/document")
    assert "Published (version" in html and "has not been approved" not in html


def test_the_round_can_be_named(small, client_for):
    client = client_for("officer")
    assert client.get("/agreements/E2221/document?round=2008").status_code == 200
    assert client.get("/agreements/E2221/document?round=2011").status_code == 404
    assert client.get("/agreements/E2221/document?round=soon").status_code == 404


# --- cost -------------------------------------------------------------------------------


def test_the_document_reads_the_database_a_fixed_number_of_times(client_for, django_assert_max_num_queries):
    agreement = import_draft(full_draft())
    counts = {c: agreement.targets.filter(category=c).count() for c in ("designated", "statutory", "local")}
    assert counts == {"designated": 35, "statutory": 16, "local": 100}
    client = client_for("officer")
    client.get("/agreements/E2221/document")  # the session and templates, once
    with django_assert_max_num_queries(12):
        html = page(client, "/agreements/E2221/document")
    assert html.count("<svg ") == 150  # NI 32 is a placeholder


# --- the chart on its own ---------------------------------------------------------------


def test_a_chart_says_what_better_means_and_skips_missing_years():
    chart = trajectory_chart(
        chart_id="c1", title="NI 1: Getting on well", polarity="higher", unit_label="Percentage", places=1,
        points=[Point("autumn 2008", D("47"), "baseline"), Point("2008/09", None), Point("2009/10", None),
                Point("2010/11", D("51"))],
    )
    assert chart is not None
    assert chart.description == ("NI 1: Getting on well. Percentage: baseline 47.0 in autumn 2008; "
                                 "target 51.0 in 2010/11. Higher is better.")
    assert 'stroke-dasharray="5 4"' in chart.svg  # the gap between surveys is dashed
    assert [(r.period, r.figure, r.what) for r in chart.rows] == [
        ("autumn 2008", "47.0", "Baseline"), ("2008/09", "Not set", "Target"), ("2009/10", "Not set", "Target"),
        ("2010/11", "51.0", "Target"),
    ]
    assert trajectory_chart(chart_id="c2", title="t", polarity="lower", unit_label="Rate",
                            points=[Point("2008/09", None)]) is None


def test_a_chart_escapes_what_people_typed():
    chart = trajectory_chart(chart_id="c3", title='<script>alert("x")</script>', polarity="neither",
                             unit_label="Count", points=[Point("2008/09", D("1")), Point("2009/10", D("1"))])
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert "Neither higher nor lower is better" in chart.svg


def test_a_chart_places_each_label_from_where_its_text_starts():
    """No text-anchor (WeasyPrint prints each anchored text as a PDF group of its own): a
    label starts where its width, in Arial's metrics, puts its anchor on the point asked."""
    chart = trajectory_chart(chart_id="c4", title="t", polarity="lower", unit_label="Rate", places=1,
                             points=[Point("2007/08", D("36"), "baseline"), Point("2010/11", D("34"))])
    assert "text-anchor" not in chart.svg
    assert text_width("34.0", 11) == pytest.approx((3 * 556 + 278) * 11 / 1000)
    assert '<text x="40.6" y="174.0" font-size="11" fill="#505a5f" font-weight="normal">34.0</text>' in chart.svg
    assert f'<text x="{187.5 - text_width("2007/08", 11) / 2:.1f}" y="188.0"' in chart.svg  # centred on its slot
    assert f'<text x="{526 - text_width("Lower is better", 12, "bold"):.1f}" y="16.0"' in chart.svg  # ends at the arrow
    assert text_width("é", 10) == 5.56  # a character outside the table: an average letter


@pytest.mark.parametrize(("value", "places", "shown"), [
    (D("1020"), 0, "1,020"), (D("35.4"), 2, "35.40"), (D("35.456"), 2, "35.456"), (D("36.0000"), 2, "36.00"),
    (D("7"), None, "7"), (None, 1, "–"),
])
def test_figures_keep_the_indicator_places_and_what_was_given(value, places, shown):
    assert figure(value, places) == shown


def test_the_document_shows_none_set_years_value_periods_and_direction_reasons(db, client_for):
    """A real agreement's year without a target reads "None set", a value with its own data
    period shows it, and a flat target shows why (issue 8)."""
    draft = small_draft()
    local = replace(draft.targets[4], yearly={"2008/09": D("1037"), "2010/11": D("1020")},
                    none_set=("2009/10",), value_periods={"2010/11": "to February 2011"},
                    direction_reason="rising demand from new housing")
    import_draft(replace(draft, targets=(*draft.targets[:4], local)))
    html = page(client_for("officer"), "/agreements/E2221/document")
    assert "None set" in html
    assert "2009/10: None set; 2010/11: 1,020.00 (to February 2011)" in html
    assert "Why the target does not improve on the baseline" in html
    assert "rising demand from new housing" in html
