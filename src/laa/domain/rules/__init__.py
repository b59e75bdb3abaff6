"""The agreement rules (DOMAIN.md D1-D9, D20), each once, with a stable id and severity.

    findings = check_agreement(draft, indicators)
    blocking = [f for f in findings if f.severity == "error"]

`RULES` lists every rule (id, severity, description) for pages that explain them.
"""

from laa.domain.rules.check import DESIGNATED_LIMIT, check_agreement, designated_indicators
from laa.domain.rules.registry import RULES, RULES_BY_ID, Finding, Rule, Severity

__all__ = [
    "DESIGNATED_LIMIT",
    "RULES",
    "RULES_BY_ID",
    "Finding",
    "Rule",
    "Severity",
    "check_agreement",
    "designated_indicators",
]
