"""An XLSX workbook checked before openpyxl reads it: a workbook is a zip of XML parts,
and a small upload can unpack to gigabytes (a decompression bomb) or hold 20 million
strings, a cell of 300 MB, a row numbered 1,048,576 that makes a reader fill every row
before it, or a DTD whose entities expand without end.

    guard_workbook(content)   # raises LimitExceeded naming the part, sheet or cell

What the archive declares is checked first (Python's zipfile never inflates a part past
the size its entry declares, so the declared sizes bound the work); then each XML part
is streamed with defusedxml, counting as it goes and stopping at the first limit passed:
no part is ever held whole, no DTD or entity is accepted.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from laa.domain.input_limits import (
    MAX_CELL_CHARS,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_COLUMNS,
    MAX_WORKBOOK_PART_BYTES,
    MAX_WORKBOOK_PARTS,
    MAX_WORKBOOK_RATIO,
    MAX_WORKBOOK_ROWS,
    MAX_WORKBOOK_STRINGS,
    LimitExceeded,
    _bytes,
    shown,
)

__all__ = ["guard_workbook"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def guard_workbook(
    source: bytes | IO[bytes], *, max_rows: int = MAX_WORKBOOK_ROWS, what: str = "an agreement workbook"
) -> None:
    """Refuse (LimitExceeded) a workbook past any limit of `input_limits`; else return.
    `max_rows` and `what` for workbooks other than an agreement's (the hub's data)."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader says "not an XLSX workbook"
    with archive:
        entries = archive.infolist()
        _check_archive(entries)
        for entry in entries:
            name = entry.filename
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            if name == "xl/sharedStrings.xml":
                _check_strings(archive, entry)
            elif _SHEET.fullmatch(name):
                _check_sheet(archive, entry, max_rows, what)
            else:
                _check_no_dtd(archive, entry)


def _check_archive(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_WORKBOOK_PARTS:
        raise LimitExceeded(f"the workbook has more than {MAX_WORKBOOK_PARTS} parts")
    total = 0
    for entry in entries:
        name = shown(entry.filename)
        if entry.file_size > MAX_WORKBOOK_PART_BYTES:
            raise LimitExceeded(
                f"the workbook's part {name} unpacks to more than {_bytes(MAX_WORKBOOK_PART_BYTES)}"
            )
        if entry.file_size > 1024 * 1024 and (
            entry.file_size > MAX_WORKBOOK_RATIO * max(entry.compress_size, 1)
        ):
            raise LimitExceeded(
                f"the workbook's part {name} is compressed more than {MAX_WORKBOOK_RATIO} to 1 "
                "(a decompression bomb?)"
            )
        total += entry.file_size
    if total > MAX_WORKBOOK_BYTES:
        raise LimitExceeded(f"the workbook unpacks to more than {_bytes(MAX_WORKBOOK_BYTES)}")


def _events(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, object]]:
    """The part's parse events, streamed; a DTD or entity is refused."""
    try:
        with archive.open(entry) as part:
            yield from iterparse(part, events=events, forbid_dtd=True)
    except DefusedXmlException:
        raise LimitExceeded(
            f"the workbook's part {shown(entry.filename)} declares a DTD or entities, "
            "which a workbook has no use for"
        ) from None
    except (ParseError, zipfile.BadZipFile, OSError, EOFError):
        return  # broken XML or zip: openpyxl reports the file as unreadable


def _check_no_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """A DTD comes before the root element: reading up to it is enough."""
    for _ in _events(archive, entry, ("start",)):
        return


def _check_strings(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    count = 0
    for _, element in _events(archive, entry):
        tag = element.tag  # type: ignore[attr-defined]
        if tag == _MAIN + "t":
            if element.text and len(element.text) > MAX_CELL_CHARS:  # type: ignore[attr-defined]
                raise LimitExceeded(
                    f"shared string {count + 1} is longer than {MAX_CELL_CHARS:,} characters"
                )
        elif tag == _MAIN + "si":
            count += 1
            if count > MAX_WORKBOOK_STRINGS:
                raise LimitExceeded(f"the workbook has more than {MAX_WORKBOOK_STRINGS:,} strings")
            element.clear()  # type: ignore[attr-defined]


def _check_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, max_rows: int, what: str) -> None:
    sheet = "the worksheet " + shown(entry.filename.rsplit("/", 1)[-1])
    rows = 0
    for _, element in _events(archive, entry):
        tag = element.tag  # type: ignore[attr-defined]
        if tag == _MAIN + "dimension":
            _check_range(sheet, element.get("ref") or "", max_rows, what)  # type: ignore[attr-defined]
        elif tag in (_MAIN + "v", _MAIN + "t", _MAIN + "f"):
            text = element.text  # type: ignore[attr-defined]
            if text and len(text) > MAX_CELL_CHARS:
                raise LimitExceeded(
                    f"a cell of {sheet} holds more than {MAX_CELL_CHARS:,} characters"
                )
        elif tag == _MAIN + "c":
            ref = element.get("r") or ""  # type: ignore[attr-defined]
            match = _CELL_REF.fullmatch(ref)
            if match and _column_number(match[1]) > MAX_WORKBOOK_COLUMNS:
                raise LimitExceeded(
                    f"{sheet} has a cell in column {match[1]}, past the "
                    f"{MAX_WORKBOOK_COLUMNS} columns {what} may use"
                )
        elif tag == _MAIN + "row":
            rows += 1
            number = element.get("r")  # type: ignore[attr-defined]
            numbered = int(number) if number and number.isdigit() and len(number) < 9 else rows
            if rows > max_rows or numbered > max_rows:
                raise LimitExceeded(f"{sheet} has rows past row {max_rows:,}, the most {what} may use")
            element.clear()  # type: ignore[attr-defined]


def _check_range(sheet: str, ref: str, max_rows: int, what: str) -> None:
    """The sheet's declared size (`A1:XFD1048576`), which a reader may fill out."""
    last = ref.split(":")[-1]
    match = _CELL_REF.fullmatch(last)
    if match is None:
        return
    if _column_number(match[1]) > MAX_WORKBOOK_COLUMNS or int(match[2]) > max_rows:
        raise LimitExceeded(
            f"{sheet} declares its size as {shown(ref)}, past the {max_rows:,} rows "
            f"and {MAX_WORKBOOK_COLUMNS} columns {what} may use"
        )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
