"""What other apps ask of the MAAs, through `laa.agreements.shared_designation` (registered
in `MaaConfig.ready`): the national indicators designated for an area by the MAAs it
takes part in, which count in its LAA's 35 (D17, Q57). A draft MAA designates nothing yet;
from submission its designated targets are what the constituent LAAs negotiate with."""

from __future__ import annotations

from laa.domain.maa import State, TargetKind
from laa.maa.models import MaaTarget


def designated_for_area(area) -> list[str]:
    return list(MaaTarget.objects.filter(
        kind=TargetKind.DESIGNATED, maa__participants__organisation__area=area, indicator__isnull=False,
    ).exclude(maa__state=State.DRAFT).values_list("indicator__code", flat=True).distinct())
