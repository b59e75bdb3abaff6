"""The reward element as an agreement states it (D20; issue 14): the potential grant (the
policy's rate of the net budget requirement of the year before the agreement, rounded as
the policy says) and each reward target's share of it, and each sub-target's part of that
share, before anything is achieved. The agreement document shows it; the calculation of
what is earned is `laa.domain.reward.calculate`, which divides the same way.

    found = reward_element(policy, budgets, [("NI 16", reward), ...])
    found.potential, found.explanation, found.shares[0].share
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from laa.domain.composition import Reward
from laa.domain.reward import Budget, RewardTarget, potential_grant, shares, sub_fractions
from laa.domain.reward_policy import Policy


@dataclass(frozen=True, slots=True)
class ElementShare:
    key: str
    fraction: Decimal  # of the potential grant
    share: Decimal  # in pounds, rounded as the policy rounds amounts (0 when no budget is recorded)
    sub_shares: tuple[Decimal, ...]  # each sub-target's part, in pounds, in the reward's order


@dataclass(frozen=True, slots=True)
class RewardElement:
    policy_id: str
    budget: Decimal
    potential: Decimal
    explanation: str
    shares: tuple[ElementShare, ...]


def reward_element(policy: Policy, budgets: Sequence[Budget], rewards: Sequence[tuple[str, Reward]]) -> RewardElement:
    """The potential grant and each reward target's share of it, under the policy."""
    budget, potential, said = potential_grant(policy, budgets)
    targets = [RewardTarget(key, "neither", reward) for key, reward in rewards]
    whole = shares(policy, Decimal(1), targets)  # as fractions of the potential grant
    found = tuple(ElementShare(key, fraction, policy.round_amount(potential * fraction),
                               tuple(policy.round_amount(potential * fraction * f) for f in sub_fractions(reward)))
                  for (key, reward), fraction in zip(rewards, whole, strict=True))
    if rewards:
        how = "equally" if policy.target_shares == "equal" else "by the agreement's weights"
        said += f"; it is divided {how} among the {len(rewards)} reward target{'s' if len(rewards) != 1 else ''}"
    return RewardElement(policy.id, budget, potential, said, found)
