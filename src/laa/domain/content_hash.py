"""The content hash of an agreement (D12): approval records it, and a frozen agreement's
content must hash the same for as long as it stands."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal


def _canonical_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"content_hash cannot encode {type(value).__name__}: {value!r}")


def canonical_json(canonical_dict: Mapping[str, object]) -> str:
    """Sorted keys, no spaces, Decimals as strings (exactly as written), dates in ISO form."""
    return json.dumps(
        canonical_dict,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_canonical_default,
    )


def content_hash(canonical_dict: Mapping[str, object]) -> str:
    """sha256 (hex) of the canonical JSON of the agreement content."""
    return hashlib.sha256(canonical_json(canonical_dict).encode("utf-8")).hexdigest()
