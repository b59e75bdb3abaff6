"""Opening a file of values by what its name says, checking first that it is what its
name says and within the limits (laa.domain.input_limits), before anything of it is
read: CSV is streamed row by row, an XLSX workbook is guarded against decompression
bombs and huge sheets before openpyxl reads it (row by row, read-only), JSON is read
whole within its own, smaller bound.

    data = open_data_file("ni-2008.csv", stream, size)
    for number, cells in data.rows: ...
    data.fraction()   # how far through the file, for a progress bar
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from laa.domain.bounded_json import loads
from laa.domain.hub.layout import LayoutError, Row, object_rows, table_rows
from laa.domain.input_limits import (
    MAX_HUB_FILE_BYTES,
    MAX_HUB_JSON_BYTES,
    MAX_HUB_WORKBOOK_ROWS,
    LimitExceeded,
    check_size,
    cut,
    shown,
)
from laa.domain.workbook_guard import guard_workbook

LAYOUTS = ("csv", "xlsx", "json")
_ZIP = b"PK\x03\x04"


@dataclass
class DataFile:
    name: str
    layout: str
    rows: Iterator[Row]
    fraction: Callable[[], float]


def layout_of(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in LAYOUTS:
        raise LayoutError(f"the file {shown(name)} must be named .csv, .xlsx or .json, as its layout is")
    return suffix


def check_file(name: str, size: int) -> str:
    """The file's layout, by its name, if its size is within bounds (nothing read yet)."""
    layout = layout_of(name)
    check_size(size, MAX_HUB_JSON_BYTES if layout == "json" else MAX_HUB_FILE_BYTES, "the file")
    if size == 0:
        raise LayoutError("the file is empty")
    return layout


def open_data_file(name: str, stream: IO[bytes], size: int) -> DataFile:
    """The rows of the file; LayoutError or LimitExceeded if it cannot be read at all."""
    layout = check_file(name, size)
    head = stream.read(512)
    stream.seek(0)
    if layout == "xlsx":
        if not head.startswith(_ZIP):
            raise LayoutError("the file is named .xlsx but is not an XLSX workbook")
        return _workbook(name, stream)
    if head.startswith(_ZIP):
        raise LayoutError(f"the file is named .{layout} but is a zip archive (an XLSX workbook named wrongly?)")
    if b"\x00" in head:
        raise LayoutError(f"the file is named .{layout} but holds binary data, not text")
    if layout == "json":
        return _json(name, stream)
    return _csv(name, stream, size)


def _csv(name: str, stream: IO[bytes], size: int) -> DataFile:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")

    def lines() -> Iterator[list[str]]:
        reader = csv.reader(text)
        row = 1
        try:
            for row, cells in enumerate(reader, start=1):  # noqa: B007 - the row is named on failure
                yield cells
        except UnicodeDecodeError:
            raise LayoutError("the file is not UTF-8 text (save it from the spreadsheet as CSV UTF-8)",
                              row + 1) from None
        except csv.Error as exc:
            raise LayoutError(f"the row cannot be read as CSV ({cut(exc, 80)})", row + 1) from None

    def fraction() -> float:
        try:
            return min(stream.tell() / size, 1.0)
        except (OSError, ValueError):
            return 0.0

    return DataFile(name, "csv", table_rows(lines()), fraction)


def _workbook(name: str, stream: IO[bytes]) -> DataFile:
    try:
        guard_workbook(stream, max_rows=MAX_HUB_WORKBOOK_ROWS, what="a workbook of values")
    except LimitExceeded as exc:
        raise LayoutError(f"the workbook cannot be read: {exc}") from None
    stream.seek(0)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, IndexError, ParseError,
            DefusedXmlException) as exc:
        raise LayoutError(f"the file is not an XLSX workbook ({cut(exc, 120)})") from None
    total = max(sheet.max_row or 1, 1)
    done = [0]

    def lines() -> Iterator[list[Any]]:
        try:
            for cells in sheet.iter_rows(values_only=True):
                done[0] += 1
                yield list(cells)
        except (BadZipFile, KeyError, ParseError, DefusedXmlException, ValueError) as exc:
            raise LayoutError(f"the workbook cannot be read ({cut(exc, 120)})", done[0] + 1) from None
        finally:
            book.close()

    return DataFile(name, "xlsx", table_rows(lines()), lambda: min(done[0] / total, 1.0))


def _json(name: str, stream: IO[bytes]) -> DataFile:
    data = stream.read(MAX_HUB_JSON_BYTES + 1)
    return json_rows(name, data)


def json_rows(name: str, data: bytes | str) -> DataFile:
    """The rows of a JSON body (the API's import, or a .json file)."""
    if isinstance(data, bytes):
        check_size(len(data), MAX_HUB_JSON_BYTES, "the JSON")
        try:
            data = codecs.decode(data, "utf-8-sig")
        except UnicodeDecodeError:
            raise LayoutError("the JSON is not UTF-8 text") from None
    try:
        items = loads(data, decimals=True)
    except json.JSONDecodeError as exc:
        raise LayoutError(f"the file is not JSON ({exc.msg}, line {exc.lineno})") from None
    except LimitExceeded as exc:
        raise LayoutError(f"the JSON cannot be read: {exc}") from None
    rows = object_rows(items)
    return DataFile(name, "json", rows, lambda: 1.0)
