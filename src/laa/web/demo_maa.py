"""The demonstration's multi-area agreement (ADR 0028): Tees Valley, a real sub-region of
the 2008 round's first MAAs, with its five real unitary councils (Darlington, Hartlepool,
Middlesbrough, Redcar and Cleveland, Stockton-on-Tees) and partners who took part in such
agreements (the region's RDA, the Learning and Skills Council, Jobcentre Plus) as the
reference data names them. Everything else is invented and labelled so: the contributions,
the outcomes, the targets' figures, the days and the names of who signed. Taken through
the real actions, as the command line would (the system actor), to signed and published.
Idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.test.utils import override_settings

from laa.domain.maa import GOVERNMENT, Measure, SignatoryKind, TargetIn, TargetKind
from laa.maa import actions
from laa.maa.models import MultiAreaAgreement
from laa.places.models import Area, Organisation
from laa.web.demo import SYSTEM

CODE = "tees-valley"
NAME = "Tees Valley City Region"
AREAS = ["E1301", "E0701", "E0702", "E0703", "E0704"]  # Darlington, Hartlepool, Middlesbrough, Redcar & Cleveland, Stockton
PARTNER_AREA = "E0704"  # the reference data lists the RDA, LSC and Jobcentre Plus once per area
PARTNERS = [
    ("regional_development_agency", "Demonstration: investment in the Tees Valley's housing growth and business sites"),
    ("learning_and_skills_council", "Demonstration: adult skills funding aligned with the MAA's employment target"),
    ("jobcentre_plus", "Demonstration: a joint worklessness programme with the five councils"),
]
OUTCOMES = [("economy", "Demonstration: a more productive Tees Valley economy"),
            ("work", "Demonstration: more Tees Valley residents in work and better skilled")]
TARGETS = [
    TargetIn("NI 151", TargetKind.DESIGNATED, "work", "NI 151", yearly={"2010/11": Decimal("70.5")}),
    TargetIn("NI 163", TargetKind.NATIONAL, "work", "NI 163", yearly={"2010/11": Decimal("72.0")}),
    TargetIn("GVA per head", TargetKind.OTHER, "economy",
             measure=Measure("Gross value added per head, Tees Valley (demonstration figures)", "pounds", "higher",
                             "ONS regional accounts, NUTS3 Hartlepool and Stockton; South Teesside; Darlington"),
             yearly={"2010/11": Decimal("17800")}),
    TargetIn("Population", TargetKind.OTHER, "economy",
             measure=Measure("Resident population, Tees Valley (demonstration figures)", "count", "higher",
                             "ONS mid-year population estimates"),
             yearly={"2010/11": Decimal("660000")}),
]
SUBMITTED, AGREED, SIGNED, PUBLISHED = date(2008, 5, 30), date(2008, 6, 20), date(2008, 6, 25), date(2008, 6, 30)


@transaction.atomic
def load_demo_maa() -> bool:
    """The Tees Valley MAA, signed and published; False if it exists (or its areas are not loaded)."""
    if MultiAreaAgreement.objects.filter(code=CODE).exists():
        return False
    areas = list(Area.objects.filter(code__in=AREAS).select_related("region"))
    if len(areas) != len(AREAS):
        return False
    councils = [Organisation.objects.get(area=a, kind__in=actions.COUNCIL_KINDS, district__isnull=True) for a in areas]
    with override_settings(LAA_TODAY=date(2008, 3, 31)):  # end March: proposals to CLG (seed 004 Q19)
        maa = actions.create_maa(actor=SYSTEM, code=CODE, name=NAME, region=areas[0].region, councils=councils,
                                 is_demo=True, summary="Demonstration: the five Tees Valley councils' agreement with "
                                 "Government on economic growth and worklessness (the figures are invented).")
        for kind, contribution in PARTNERS:
            partner = Organisation.objects.get(area__code=PARTNER_AREA, kind=kind)
            actions.add_contributor(actor=SYSTEM, maa=maa, organisation=partner, contribution=contribution)
        for key, title in OUTCOMES:
            actions.add_outcome(actor=SYSTEM, maa=maa, key=key, title=title)
        for target in TARGETS:
            actions.add_target(actor=SYSTEM, maa=maa, target=target)
    for day, step in ((SUBMITTED, "submit"), (AGREED, "agree")):
        with override_settings(LAA_TODAY=day):
            maa.refresh_from_db()
            actions.take_step(actor=SYSTEM, maa=maa, step=step, expected_state=maa.state)
    with override_settings(LAA_TODAY=SIGNED):
        for signatory in actions.required_signatories(maa):
            who = ("a Minister at CLG" if signatory.name == GOVERNMENT else f"the leader of {signatory.name}"
                   if signatory.kind is SignatoryKind.COUNCIL else f"the chief executive of {signatory.name}")
            actions.sign(actor=SYSTEM, maa=maa, signatory=signatory.name, signed_by=f"Demonstration: {who}")
    with override_settings(LAA_TODAY=PUBLISHED):
        maa.refresh_from_db()
        actions.take_step(actor=SYSTEM, maa=maa, step="publish", expected_state=maa.state)
    return True
