"""Lists in the API: pagination, and CSV as well as JSON.

In every CSV the service writes (the API's lists and `laa export indicators`) a yes/no
value is `true` or `false`, as in JSON, an empty cell is no value (JSON's null), and a
text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`...) starts with an
apostrophe (laa.domain.text.spreadsheet_safe). Every cell goes through `csv_value`."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Annotated, Any

from django.http import HttpResponse
from ninja import Schema
from pydantic import Field

from laa.domain.text import spreadsheet_safe

MAX_LIMIT = 500
# Far beyond any list the service holds, and well inside a database integer: a larger
# offset is a mistake, answered 422 naming the field (not an overflow and a 500).
MAX_OFFSET = 1_000_000

# For a list's query schema: `offset: Offset = 0`. The limit is capped, not refused.
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description=f"Items to skip, 0 to {MAX_OFFSET:,}")]
Limit = Annotated[int, Field(description=f"Items to return, capped at {MAX_LIMIT}")]


class Page(Schema):
    count: int
    offset: int
    limit: int
    next_offset: int | None


def paginate(items: Sequence[Any], offset: int, limit: int) -> tuple[list[Any], dict[str, Any]]:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    count = len(items) if isinstance(items, list) else items.count()  # type: ignore[attr-defined]
    window = list(items[offset : offset + limit])
    nxt = offset + limit if offset + limit < count else None
    return window, {"count": count, "offset": offset, "limit": limit, "next_offset": nxt}


def wants_csv(request, fmt: str | None) -> bool:
    if fmt:
        return fmt == "csv"
    return "text/csv" in request.headers.get("Accept", "")


def csv_alternative(columns: list[str]) -> dict[str, Any]:
    """`openapi_extra` for a list that also answers CSV (`format=csv` or `Accept: text/csv`):
    the document names `text/csv` beside JSON for its 200, with the columns."""
    return {
        "responses": {
            200: {
                "content": {
                    "text/csv": {
                        "schema": {
                            "type": "string",
                            "description": "CSV with a header row: " + ", ".join(columns),
                        }
                    }
                }
            }
        }
    }


def csv_value(value: Any) -> Any:
    """A value as a CSV cell: booleans "true"/"false", None empty, text safe from being
    read as a formula, numbers as they are."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return "" if value is None else value


def csv_response(rows: list[dict[str, Any]], columns: list[str], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_value(v) for k, v in row.items()})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
