"""Kent's world for the reward grant's tests: its published agreement (NI 16 its reward
target: 35.10 expected without reward, 34.20 stretched, lower is better), the net budget
requirements of 2007/08 of the county and two districts, and hub values of 2010/11."""

from __future__ import annotations

import io
from decimal import Decimal

from django.test import override_settings

from laa.hub import actions as hub
from laa.performance.reward_actions import record_budget
from laa.permissions import SystemActor

from .versions_support import published_kent

SYSTEM = SystemActor("a test")
AFTER = "2011-07-01"  # the 2010/11 values are in


def send(rows: str) -> None:
    body = ("indicator,area,period,value,status,ci_lower,ci_upper,sample_size\n" + rows).encode()
    report = hub.import_values(actor=SYSTEM, name="values.csv", stream=io.BytesIO(body), size=len(body))
    assert not report.rejected, report


def kent_with_budgets():
    with override_settings(LAA_TODAY="2008-06-30"):
        kent = published_kent()
    for authority, amount in (("Kent County Council", "882450000"), ("Ashford Borough Council", "14860000"),
                              ("Dover District Council", "12690000")):
        record_budget(actor=SYSTEM, area=kent.area, authority=authority, year="2007/08", amount=Decimal(amount),
                      source="Synthetic test figure")
    return kent
