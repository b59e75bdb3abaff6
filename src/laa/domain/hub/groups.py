"""The groups a value may be given for: the whole population, or one group of an
equality breakdown (age, sex, ethnicity, disability; seed 004 Q4) where the
indicator's definition allows it.

    parse_group("")                 -> "all"
    parse_group("Sex: Female")      -> "sex:female"
    parse_group("age:16-24")        -> "age:16-24"
"""

from __future__ import annotations

ALL = "all"

GROUPS: dict[str, tuple[str, ...]] = {
    "age": ("0-15", "16-24", "25-49", "50-64", "65+"),
    "sex": ("female", "male"),
    # The five groups of the 2001 Census's ethnicity question, as surveys of 2008 reported.
    "ethnicity": ("white", "mixed", "asian", "black", "chinese-or-other"),
    "disability": ("disabled", "not-disabled"),
}
ALL_DIMENSIONS = frozenset(GROUPS)

LABELS = {
    "age": "Age",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "disability": "Disability",
}


class GroupError(ValueError):
    """Not a group; the message completes "the group ..."."""


def parse_group(text: object) -> str:
    """The group's code ("all" or "dimension:value"); GroupError if it is none."""
    raw = "" if text is None else "".join(str(text).split()).lower()
    if raw in {"", ALL, "whole", "wholepopulation"}:
        return ALL
    dimension, sep, value = raw.partition(":")
    if not sep or dimension not in GROUPS:
        raise GroupError(
            f"must be 'all' or a dimension and its group, like sex:female (dimensions: "
            f"{', '.join(GROUPS)})"
        )
    if value not in GROUPS[dimension]:
        raise GroupError(f"of {dimension} must be one of {', '.join(GROUPS[dimension])}")
    return f"{dimension}:{value}"


def group_dimension(code: str) -> str | None:
    """"sex" for "sex:female"; None for the whole population."""
    return None if code == ALL else code.partition(":")[0]


def group_label(code: str) -> str:
    if code == ALL:
        return "Whole population"
    dimension, _, value = code.partition(":")
    return f"{LABELS.get(dimension, dimension)}: {value}"
