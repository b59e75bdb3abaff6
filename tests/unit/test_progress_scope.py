"""Which of the hub's values judge a target set for a scope (laa.domain.progress_scope)."""

from __future__ import annotations

import pytest

from laa.domain.composition import Scope
from laa.domain.progress_scope import ValuesScope, values_scope


@pytest.mark.parametrize(("scope", "expected"), [
    (Scope(), ValuesScope(None, "all")),                                   # the whole area, everyone
    (Scope(("Ashford",)), ValuesScope("Ashford", "all")),                  # one district, everyone
    (Scope((), "Sex: Female"), ValuesScope(None, "sex:female")),           # the area's women
    (Scope(("Ashford",), "age:65+"), ValuesScope("Ashford", "age:65+")),   # a district's group
    (Scope((), "all"), ValuesScope(None, "all")),                          # "all" said in words
])
def test_a_target_is_judged_on_its_own_scopes_values(scope, expected):
    assert values_scope(scope) == expected


@pytest.mark.parametrize(("scope", "says"), [
    (Scope(("Ashford", "Dover")),
     "Set for 2 sub-areas together (Ashford, Dover): the hub holds values per district, so this target is not judged yet"),
    (Scope(("Ashford", "Dover", "Thanet"), "sex:female"), "Set for 3 sub-areas together (Ashford, Dover, Thanet)"),
    (Scope((), "over-65s"), "The hub holds no values for the group 'over-65s': not judged"),
    (Scope(("Ashford",), "sex:unknown"), "The hub holds no values for the group 'sex:unknown': not judged"),
])
def test_a_scope_the_hub_holds_no_values_for_says_why(scope, says):
    found = values_scope(scope)
    assert isinstance(found, str) and found.startswith(says)
