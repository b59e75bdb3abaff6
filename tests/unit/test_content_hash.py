"""The content hash approval records: SHA-256 of canonical JSON."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from laa.domain.content_hash import canonical_json, content_hash


def test_content_hash_is_sha256_of_canonical_json():
    content = {"targets": [{"ni": 116, "value": Decimal("21.5")}], "area": "E10000003"}
    text = '{"area":"E10000003","targets":[{"ni":116,"value":"21.5"}]}'
    assert canonical_json(content) == text
    assert content_hash(content) == hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}, True),
        ({"x": {"d": 1, "c": 2}}, {"x": {"c": 2, "d": 1}}, True),
        ({"v": Decimal("1.0")}, {"v": Decimal("1.00")}, False),
        ({"v": Decimal("1.5")}, {"v": "1.5"}, True),
        ({"v": Decimal("1.5")}, {"v": 1.5}, False),
        ({"d": date(2008, 6, 30)}, {"d": "2008-06-30"}, True),
        ({"t": "Wolverhampton"}, {"t": "Wolverhampton "}, False),
    ],
)
def test_content_hash_equality(a, b, same):
    assert (content_hash(a) == content_hash(b)) is same


@pytest.mark.parametrize("bad", [{"s": {1, 2}}, {"f": float("nan")}, {"o": object()}])
def test_content_hash_refuses_what_it_cannot_encode_canonically(bad):
    with pytest.raises((TypeError, ValueError)):
        content_hash(bad)
