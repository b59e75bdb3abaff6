"""The reward element as the agreement document states it (D20; issue 14, ADR 0024): the
potential grant and each reward target's (and sub-target's) share of it, under the
version of the reward scheme the agreement is made under (in force when its period began) (`laa.domain.reward_element`).

The net budget requirement behind the potential grant is recorded by the performance
app, a layer above this one. That app hands this module its reader at start-up
(`PerformanceConfig.ready` calls `read_budgets_with`): the call points down, from
performance to agreements, so the document states the grant in pounds without this layer
importing that one. With no reader, or no figure recorded, each share is stated as a part
of the potential grant only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from laa.agreements.convert import reward_from_json
from laa.agreements.models import Agreement
from laa.domain.reward import Budget, percent, pounds
from laa.domain.reward_element import reward_element
from laa.domain.reward_policy import bundled_policies, made_under

BudgetReader = Callable[[Agreement], Sequence[Budget]]
_READERS: list[BudgetReader] = []


def read_budgets_with(reader: BudgetReader) -> None:
    """The performance app's reader of an agreement's net budget requirements (one only)."""
    _READERS[:] = [reader]


def agreement_reward(agreement: Agreement) -> tuple[dict | None, dict[str, dict]]:
    """The agreement's reward element as words (its policy, potential grant, floor and cap),
    and for each reward target's key the shares to show:
    {"share": "£11,375,000 (50% of the potential grant)", "sub_shares": ["£5,687,500", ...]}.
    Every reward target of the agreement counts, whichever of them a reader may see."""
    rewards = [(key, reward_from_json(data)) for key, data in
               agreement.targets.order_by("position", "id").values_list("key", "reward") if data]
    policy = made_under(bundled_policies().values(), agreement.period_start, agreement.period_end)
    if policy is None or not rewards:
        return None, {}
    budgets = list(_READERS[0](agreement)) if _READERS else []
    found = reward_element(policy, budgets, [(k, r) for k, r in rewards if r is not None])
    shown = {}
    for s in found.shares:
        part = f"{percent(s.fraction)} of the potential grant"
        shown[s.key] = {"share": f"{pounds(s.share)} ({part})" if found.potential else part,
                        "sub_shares": [pounds(x) if found.potential else "" for x in s.sub_shares]}
    summary = {"policy": found.policy_id, "explanation": found.explanation, "floor": percent(policy.floor),
               "cap": percent(policy.cap)}
    return summary, shown
