"""Kent's money for the demonstration (issue 14): SYNTHETIC but plausible figures, each
row saying so in its source. The net budget requirements of 2007/08 (the year before the
agreement) of Kent County Council and its twelve districts (a two-tier area: D20), the
pump-priming grant paid in April 2008, Area Based Grant allocations for 2008/09 to
2010/11 by the grants they replaced (D21), and NI 16's interim level (reached in 2009/10:
a payment on account, D20). Idempotent: loading twice changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from laa.agreements.models import Agreement
from laa.performance.models import AreaBasedGrant, NetBudgetRequirement
from laa.performance.reward_actions import (
    ClaimError,
    record_area_based_grant,
    record_budget,
    record_interim,
    record_pump_priming,
)
from laa.permissions import SystemActor
from laa.places.models import Area

SYSTEM = SystemActor("laa demo")
KENT = "E2221"
SOURCE = "Synthetic demonstration figure (plausible, not the published figure)"
COUNTY_BUDGET = Decimal("882450000.00")
# The districts' net budget requirements of 2007/08, synthetic, in the order of their names.
DISTRICT_BUDGETS = [Decimal(x) for x in ("14860000", "16920000", "12310000", "13570000", "11980000",
                                         "19640000", "12870000", "13210000", "15430000", "17250000",
                                         "13940000", "12660000")]
# Grants the Area Based Grant replaced (2008-11), with synthetic amounts for 2008/09; the
# later years rise by 2.5% a year.
ABG = [("Supporting People administration", "1240000", ""),
       ("Stronger Safer Communities Fund", "2105000", "Safer communities"),
       ("Connexions", "9870000", "Children and young people"),
       ("Carers grant", "3420000", "Healthier communities and older people"),
       ("Mental health grant", "2860000", "Healthier communities and older people"),
       ("Teenage pregnancy", "812000", "Children and young people"),
       ("Road safety grant", "1530000", "Safer communities"),
       ("School travel advisers", "214000", "")]


def load_demo_money() -> bool:
    """Kent's figures; False when already loaded (or Kent is not in the reference data)."""
    area = Area.objects.filter(code=KENT).first()
    if area is None or NetBudgetRequirement.objects.filter(area=area).exists():
        return False
    with transaction.atomic():
        record_budget(actor=SYSTEM, area=area, authority="Kent County Council", year="2007/08",
                      amount=COUNTY_BUDGET, source=SOURCE)
        districts = sorted(area.districts.values_list("name", flat=True))
        for name, amount in zip(districts, DISTRICT_BUDGETS, strict=False):
            record_budget(actor=SYSTEM, area=area, authority=_council(name), year="2007/08", amount=amount,
                          source=SOURCE)
        record_pump_priming(actor=SYSTEM, area=area, year="2008/09", paid_on=date(2008, 4, 7),
                            amount=Decimal("1250000"), capital=Decimal("625000"), source=SOURCE)
        if not AreaBasedGrant.objects.filter(area=area).exists():
            for i, year in enumerate(("2008/09", "2009/10", "2010/11")):
                for grant, amount, priority in ABG:
                    value = (Decimal(amount) * Decimal("1.025") ** i).quantize(Decimal(1))
                    record_area_based_grant(actor=SYSTEM, area=area, year=year, grant_replaced=grant,
                                            amount=value, priority=priority, source=SOURCE)
        agreement = Agreement.objects.filter(area=area).order_by("-round__year").first()
        if agreement is not None:
            try:  # NI 16's interim level, reached in 2009/10: a payment on account
                record_interim(actor=SYSTEM, agreement=agreement, target_key="NI 16", level="34.65", reached="34.60",
                               period="2009/10", source=SOURCE)
            except ClaimError:
                pass  # the agreement is not in force yet (`laa demo --before-approval`)
    return True


COUNCILS = {"Ashford": "Ashford Borough Council", "Canterbury": "Canterbury City Council",
            "Dartford": "Dartford Borough Council", "Dover": "Dover District Council",
            "Gravesham": "Gravesham Borough Council", "Maidstone": "Maidstone Borough Council",
            "Sevenoaks": "Sevenoaks District Council", "Shepway": "Shepway District Council",
            "Swale": "Swale Borough Council", "Thanet": "Thanet District Council",
            "Tonbridge & Malling": "Tonbridge and Malling Borough Council",
            "Tunbridge Wells": "Tunbridge Wells Borough Council"}


def _council(district: str) -> str:
    return COUNCILS.get(district, district if "council" in district.lower() else f"{district} Council")
