"""A reward calculation as plain JSON data (money and proportions as exact decimal
strings): what a claim's status row keeps, what the API serves and what the pages and
the CSV show, so that a live calculation and a past determination read alike."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from laa.domain.reward import Calculation, by_authority
from laa.domain.reward_policy import Policy


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def figures_of(policy: Policy, result: Calculation) -> dict[str, Any]:
    """The calculation, each authority's capital, revenue and total, and the policy's name."""
    data = _plain(asdict(result))
    data["policy_title"] = policy.title
    data["policy_source"] = policy.source
    data["authorities"] = [{"authority": p.authority, "capital": str(p.capital), "revenue": str(p.revenue),
                            "total": str(p.total)} for p in by_authority(policy, result)]
    return data
