"""Characters the service accepts in text, and text made safe for a spreadsheet.

Control characters (NUL above all: PostgreSQL cannot store it, SQLite stores it) and
lone surrogates are refused in every value that comes in: addresses, query parameters,
form fields, JSON bodies, agreement files. Multi-line text (a form's text area, a file)
may hold tab, line feed and carriage return; a single-line value (a path, a query
parameter) may not. The edge of the web service and the agreement file reader both call
`refused_character`, so the rule is the same everywhere and on both databases.

A CSV cell the service writes whose text begins with `=`, `+`, `-` or `@` (or tab,
carriage return) would be run as a formula by a spreadsheet: `spreadsheet_safe` puts an
apostrophe before it, the mark spreadsheets read as "this is text".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# C0 controls, DEL, C1 controls, lone surrogates.
_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# The same less tab, line feed and carriage return.
_MULTI_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_NAMES = {
    "\x00": "a NUL character",
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x7f": "a DEL character",
}


@dataclass(frozen=True)
class RefusedCharacter:
    """The first character of a text that is not accepted, and where it is."""

    character: str
    position: int  # 0-based index in the text
    line: int  # 1-based
    column: int  # 1-based

    @property
    def code(self) -> str:
        return f"U+{ord(self.character):04X}"

    @property
    def description(self) -> str:
        if self.character in _NAMES:
            name = _NAMES[self.character]
        elif 0xD800 <= ord(self.character) <= 0xDFFF:
            name = "a lone surrogate"
        else:
            name = "a control character"
        return f"{name} ({self.code})"


def refused_character(text: str, *, multiline: bool = False) -> RefusedCharacter | None:
    """The first character of `text` the service does not accept, or None."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    if found is None:
        return None
    position = found.start()
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return RefusedCharacter(found.group(), position, line, column)


def refusal(what: str, found: RefusedCharacter) -> str:
    """The message for a refused value: `what` names it ("The query parameter 'q'")."""
    where = f" (line {found.line}, column {found.column})" if found.line > 1 else ""
    return f"{what} contains {found.description}{where}, which is not allowed. Remove it and try again."


# --- Spreadsheets -------------------------------------------------------------------

_FORMULA_START = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value: str) -> str:
    """A text cell a spreadsheet will not read as a formula: one beginning with
    = + - @ tab or carriage return gets a leading apostrophe. A plain number written
    with its sign ("-3.5") is left alone: it is a number, not a formula."""
    if value and value[0] in _FORMULA_START and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def plural(count: int, one: str, many: str | None = None) -> str:
    """"1 target", "2 targets", "3 problems to fix" (`many` for an irregular plural)."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
