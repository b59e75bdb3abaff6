"""How much of any input the service will read: the limits, as named constants, and the
refusal when one is passed.

Every reader of outside input (agreement files in YAML, JSON or XLSX, API bodies,
forms) checks against these before it spends memory or time on the input, and refuses
with `LimitExceeded`, whose message names the line, field or cell. A value echoed back
in any message goes through `shown()`, so a 300 MB cell is never sent back whole.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from laa.domain.text import refused_character

# Free text (story of place, evidence, outcome text, summaries, delivery plans, reasons...).
MAX_TEXT_CHARS = 20_000
# A name or short label (ids, titles, organisations, consultees, sources).
MAX_NAME_CHARS = 300
# Nesting of mappings and lists (an agreement file uses 6 levels).
MAX_DEPTH = 20
# The characters of one number as written (an integer over 4,300 digits cannot even be read).
MAX_NUMBER_CHARS = 100
# Characters of an input's value echoed back in a message.
SHOWN_CHARS = 40

# An uploaded file, and a JSON request body.
MAX_FILE_BYTES = 5 * 1024 * 1024

# An XLSX workbook, as its zip archive says before anything is decompressed.
MAX_WORKBOOK_PARTS = 200  # entries of the archive
MAX_WORKBOOK_PART_BYTES = 20 * 1024 * 1024  # one part, uncompressed
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024  # every part, uncompressed
MAX_WORKBOOK_RATIO = 100  # uncompressed / compressed size of a part over 1 MB
MAX_WORKBOOK_STRINGS = 100_000  # shared strings
MAX_WORKBOOK_ROWS = 5_000  # rows of a sheet (an agreement has a few hundred at most)
MAX_WORKBOOK_COLUMNS = 200  # columns of a sheet
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

# The hub's data files (laa.domain.hub.layout): a million values in CSV take about 70 MB.
MAX_HUB_FILE_BYTES = 256 * 1024 * 1024
MAX_HUB_ROWS = 2_000_000  # values in one file
MAX_HUB_WORKBOOK_ROWS = 100_000  # rows of an XLSX sheet of values (a department's year: ~50,000)
MAX_HUB_JSON_BYTES = 16 * 1024 * 1024  # JSON is read whole: about 100,000 values


class LimitExceeded(ValueError):
    """Input refused because it passes one of the limits above. `where` names the line,
    field or cell ("" for the input as a whole); `str()` is the whole message."""

    def __init__(self, message: str, where: str = "", line: int | None = None) -> None:
        self.message = message
        self.where = where
        self.line = line
        text = f"{where}: {message}" if where else message
        super().__init__(f"{text} (line {line})" if line is not None else text)


def shown(value: Any, most: int = SHOWN_CHARS, quote: str = "'") -> str:
    """A value as a message may echo it: quoted, cut to `most` characters ("..." marks
    the cut), control characters and lone surrogates written as \\uXXXX."""
    return f"{quote}{cut(value, most)}{quote}"


def cut(value: Any, most: int = SHOWN_CHARS) -> str:
    """`shown()` without the quotes."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > most:
        text = text[: most - 3] + "..."
    return _printable(text)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(
        lambda m: _ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04x}", text
    )


def unsafe_character(text: str) -> str | None:
    """A description of the first character no stored text may hold (the one rule of
    `laa.domain.text`, as for multi-line text: a lone surrogate half or a control
    character other than tab and line breaks), or None if there is none."""
    found = refused_character(text, multiline=True)
    if found is None:
        return None
    return f"{found.description} at character {found.position + 1}"


NUMBER_REFUSED = (
    f"a number longer than {MAX_NUMBER_CHARS} characters, or beyond 1E{MAX_NUMBER_CHARS}"
)


def number_in_bounds(number: Decimal) -> bool:
    """Whether a number read from input is within 1E-100 .. 1E+100 in size (beyond, an
    exponent such as 1E999999999 would be written out as a billion digits)."""
    return not number.is_finite() or not number or abs(number.adjusted()) <= MAX_NUMBER_CHARS


def check_size(size: int, most: int, what: str) -> None:
    """Refuse `what` (e.g. "the file") when `size` bytes pass `most`."""
    if size > most:
        raise LimitExceeded(f"{what} is larger than {_bytes(most)}")


def _bytes(count: int) -> str:
    if count >= 1024 * 1024:
        megabytes = count / (1024 * 1024)
        return f"{megabytes:g} MB"
    if count >= 1024:
        return f"{count // 1024} KB"
    return f"{count} bytes"
