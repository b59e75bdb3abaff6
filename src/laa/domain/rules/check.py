"""`check_agreement`: every rule of the registry over one agreement draft."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from laa.domain.composition import AgreementDraft, IndicatorFacts, financial_year_start
from laa.domain.rules import registry as r
from laa.domain.rules.targets import Context, check_target
from laa.domain.rules.wording import code_order, listing, quoted

DESIGNATED_LIMIT = 35  # D2
MAX_AGREEMENT_YEARS = 3  # D1; D13 also has one- and two-year agreements


def designated_indicators(targets: Iterable[tuple[str, str]], shared: Collection[str] = ()) -> frozenset[str]:
    """The indicators counted in the agreement's "up to 35" (D2): those of its designated
    targets (`(category, indicator)` pairs), each once however many sub-areas or groups,
    and those designated in a multi-area agreement the area takes part in (`shared`: D17,
    Q57; they feature in each constituent LAA), once even when the LAA lists them too."""
    return frozenset(code for category, code in targets if category == "designated") | frozenset(shared)


def check_agreement(
    draft: AgreementDraft,
    indicators: Mapping[str, IndicatorFacts],
    *,
    partner_authorities: Mapping[str, bool] | None = None,
    year: str | None = None,
    shared_designated: Collection[str] = (),
) -> list[r.Finding]:
    """Every finding on `draft`, agreement-wide ones first, then target by target.

    `indicators` maps indicator codes ("NI 16", "L-STK-01") to their facts: the catalogue
    of the round, including which indicators are statutory, deferred or Place Survey.
    `partner_authorities` maps the organisations whose kind is known to whether each is a
    partner authority (s104, D6); a sign-up that states no duty follows it, and one named
    with the duty to have regard but not in it gets a warning (None: no organisation known).
    `year` is the financial year the agreement is checked for (default its first year):
    the statutory targets required are those in force then (D3).
    `shared_designated` are the indicators designated in the area's multi-area agreements:
    they count in the 35 (`designated_indicators`).
    """
    out: list[r.Finding] = []
    _check_period(draft, out)
    _check_outcome_ids(draft, out)

    statutory_set: set[str] = set()
    seen_scopes: dict[tuple[str, frozenset[str], str | None], str] = {}
    seen_keys: set[str] = set()
    used_outcomes: set[str] = set()
    ctx = Context.of(draft, partner_authorities)
    get = indicators.get
    per_target: list[r.Finding] = []
    for target in draft.targets:
        indicator = target.indicator
        category = target.category
        if category == "statutory":
            statutory_set.add(indicator)
        used_outcomes.add(target.outcome)
        key = target.key
        if key in seen_keys:
            per_target.append(r.DUPLICATE_KEY.finding(
                key, f"{key}: another target has the same key; give each target its own key."
            ))
        seen_keys.add(key)
        scope = target.scope
        scope_key = (indicator, frozenset(scope.sub_areas), scope.group)
        earlier = seen_scopes.get(scope_key)
        if earlier is not None:
            where = scope.describe() or "the whole area"
            per_target.append(r.DUPLICATE_TARGET.finding(
                key, f"{key}: {indicator} already has a target for {where} ({earlier})."
            ))
        else:
            seen_scopes[scope_key] = key
        check_target(target, get(indicator), ctx, per_target)

    designated = designated_indicators(((t.category, t.indicator) for t in draft.targets), shared_designated)
    if len(designated) > DESIGNATED_LIMIT:
        out.append(r.DESIGNATED_LIMIT.finding(
            None,
            f"The agreement has designated targets on {len(designated)} indicators; at most "
            f"{DESIGNATED_LIMIT} may be designated ({len(designated) - DESIGNATED_LIMIT} too "
            "many). Targets for several sub-areas or groups on one indicator count once"
            + (", and those designated in a multi-area agreement count here too." if shared_designated else "."),
        ))
    omitted = _check_statutory_omissions(draft, indicators, statutory_set, out)
    if draft.education_responsibility:
        when = year or (draft.years[0] if draft.years else None)
        missing = sorted(
            (code for code, facts in indicators.items()
             if facts.statutory and code not in statutory_set and code not in omitted
             and (facts.statutory_until is None or when is None or when <= facts.statutory_until)),
            key=code_order,
        )
        if missing:
            out.append(r.STATUTORY_MISSING.finding(
                None,
                f"The area has education responsibility but no statutory target on "
                f"{len(missing)} of the statutory education and early-years indicators in "
                f"force{f' in {when}' if when else ''}: {listing(missing)}. Set them, or record "
                "DCSF's agreement to leave one out.",
            ))
    out.extend(per_target)
    for outcome in draft.outcomes:
        if outcome.id not in used_outcomes:
            out.append(r.OUTCOME_WITHOUT_TARGETS.finding(
                None, f"The outcome {quoted(outcome.title)} ({outcome.id}) has no targets."
            ))
    return out


def _check_period(draft: AgreementDraft, out: list[r.Finding]) -> None:
    start = financial_year_start(draft.period_start)
    end = financial_year_start(draft.period_end)
    problem = ""
    if start is None or end is None:
        wrong = draft.period_start if start is None else draft.period_end
        problem = f"{quoted(wrong)} is not a financial year such as 2008/09"
    elif end < start:
        problem = f"it ends ({draft.period_end}) before it starts ({draft.period_start})"
    elif end - start + 1 > MAX_AGREEMENT_YEARS:
        problem = (
            f"{draft.period_start} to {draft.period_end} is {end - start + 1} years; an "
            f"agreement runs at most {MAX_AGREEMENT_YEARS}"
        )
    if problem:
        out.append(r.AGREEMENT_PERIOD.finding(None, f"The agreement period is wrong: {problem}."))


def _check_outcome_ids(draft: AgreementDraft, out: list[r.Finding]) -> None:
    seen: set[str] = set()
    repeated: list[str] = []
    for outcome in draft.outcomes:
        if outcome.id in seen and outcome.id not in repeated:
            repeated.append(outcome.id)
        seen.add(outcome.id)
    if repeated:
        out.append(r.DUPLICATE_OUTCOME.finding(
            None, f"Several outcomes share the id {listing(quoted(i) for i in repeated)}."
        ))


def _check_statutory_omissions(
    draft: AgreementDraft,
    indicators: Mapping[str, IndicatorFacts],
    statutory_set: set[str],
    out: list[r.Finding],
) -> set[str]:
    """The statutory indicators DCSF agreed the area may leave out (D3); an omission that
    is not of a statutory indicator, has a target, or has no DCSF agreement is an error."""
    omitted: set[str] = set()
    for omission in draft.statutory_omissions:
        code = omission.indicator
        facts = indicators.get(code)
        problem = ""
        if facts is None or not facts.statutory:
            problem = f"{code} is not a statutory DCSF indicator of the round"
        elif code in statutory_set:
            problem = f"{code} has a statutory target; remove the target or the omission"
        elif omission.agreed_on is None:
            problem = f"{code} is left out, but no date of DCSF's agreement is recorded"
        if problem:
            out.append(r.STATUTORY_OMISSION.finding(
                None, f"Statutory targets left out: {problem}."
            ))
        else:
            omitted.add(code)
    return omitted
