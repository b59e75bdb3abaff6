"""Hostile agreement files, built in code (never committed as binaries): each case of
issue 9 that once crashed or exhausted the service. `CASES` maps a name to
(file name, bytes builder, what the refusal must say)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable

from laa.domain.agreement_workbook import write_agreement_workbook
from laa.domain.composition import AgreementDraft

KENT = "E2221"
HEAD = "format: laa-agreement/1\narea: E2221\nround: 2008\noutcomes: []\ntargets: []\n"


def yaml_billion_laughs() -> bytes:
    """Nine levels of nine-fold aliases: 9**9 strings if expanded (the 409-byte file)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[level]
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


def yaml_alias_doubling() -> bytes:
    """One alias doubled 29 times (the 710-byte file that gave SystemError)."""
    lines = ["x0: &x0 [lol]"]
    for n in range(1, 30):
        lines.append(f"x{n}: &x{n} [*x{n - 1}, *x{n - 1}]")
    return (HEAD + "metadata:\n" + "\n".join("  " + line for line in lines) + "\n").encode()


def yaml_big_integer() -> bytes:
    return HEAD.replace("round: 2008", "round: " + "9" * 5000).encode()


def yaml_deep() -> bytes:
    return (HEAD + "metadata: " + "[" * 50 + "]" * 50 + "\n").encode()


def json_deep() -> bytes:
    return ('{"format": "laa-agreement/1", "metadata": ' + "[" * 3000 + "]" * 3000 + "}").encode()


def json_big_integer() -> bytes:
    return ('{"format": "laa-agreement/1", "area": "E2221", "round": ' + "9" * 5000 + "}").encode()


def agreement_data(**fields) -> dict:
    return {"format": "laa-agreement/1", "area": KENT, "round": 2008, "outcomes": [],
            "targets": [], **fields}


def json_lone_surrogate() -> bytes:
    """A JSON escape of half a surrogate pair: reads as text, cannot be written as UTF-8."""
    return json.dumps(agreement_data(story_of_place="Kent \ud800 is")).encode()


def json_long_story() -> bytes:
    return json.dumps(agreement_data(story_of_place="x" * 4_000_000)).encode()


# --- workbooks ----------------------------------------------------------------------------


def base_workbook() -> bytes:
    return write_agreement_workbook(AgreementDraft(area=KENT, round=2008))


def with_parts(parts: dict[str, bytes | Callable[[zipfile.ZipFile, str], None]]) -> bytes:
    """The base workbook with parts replaced (bytes, or a writer streaming into the zip)."""
    source = zipfile.ZipFile(io.BytesIO(base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for entry in source.infolist():
            if entry.filename not in parts:
                target.writestr(entry, source.read(entry.filename))
        for name, part in parts.items():
            if callable(part):
                part(target, name)
            else:
                target.writestr(name, part)
    return out.getvalue()


def _streamed(head: bytes, repeat: bytes, times: int, tail: bytes):
    def write(archive: zipfile.ZipFile, name: str) -> None:
        with archive.open(name, "w", force_zip64=True) as part:
            part.write(head)
            chunk = repeat * 10_000
            for _ in range(times // 10_000):
                part.write(chunk)
            part.write(tail)
    return write


SST = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              b'spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"


def xlsx_many_strings() -> bytes:
    """20 million empty shared strings (260 MB of XML in a small zip)."""
    return with_parts({"xl/sharedStrings.xml": _streamed(SST, b"<si><t/></si>", 20_000_000, b"</sst>")})


def xlsx_strings_count() -> bytes:
    """150,000 shared strings: small enough to pass the size limits, too many to read."""
    import hashlib

    items = b"".join(b"<si><t>%s</t></si>" % hashlib.sha1(b"%d" % n).hexdigest().encode()
                     for n in range(150_000))
    return with_parts({"xl/sharedStrings.xml": SST + items + b"</sst>"})


def xlsx_huge_cell() -> bytes:
    """One inline cell of 30 MB in the Agreement sheet."""
    return with_parts({"xl/worksheets/sheet1.xml": _streamed(
        SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>', b"x" * 100, 300_000,
        b"</t></is></c></row>" + SHEET_TAIL)})


def xlsx_long_cell() -> bytes:
    """A 40,000-character cell: within the size limits, past a cell's."""
    return with_parts({"xl/worksheets/sheet1.xml": SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
                       + b"x" * 40_000 + b"</t></is></c></row>" + SHEET_TAIL})


def xlsx_far_row() -> bytes:
    """One cell in the last row and column Excel allows: a reader would fill every row before it."""
    return with_parts({"xl/worksheets/sheet1.xml": SHEET_HEAD
                       + b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                       + SHEET_TAIL})


def xlsx_dtd() -> bytes:
    """Shared strings declaring entities that expand a billion times (XML's billion laughs)."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           "<si><t>&lol9;</t></si></sst>")
    return with_parts({"xl/sharedStrings.xml": xml.encode()})


# name: (file name, builder, a phrase the refusal must contain)
CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "yaml-billion-laughs": ("laughs.yaml", yaml_billion_laughs, "anchors and aliases"),
    "yaml-alias-doubling": ("doubling.yaml", yaml_alias_doubling, "anchors and aliases"),
    "yaml-big-integer": ("big.yaml", yaml_big_integer, "a number longer than 100 characters"),
    "yaml-deep": ("deep.yaml", yaml_deep, "nested more than 20 levels deep"),
    "json-deep": ("deep.json", json_deep, "nested more than 20 levels deep"),
    "json-big-integer": ("big.json", json_big_integer, "a number longer than 100 characters"),
    "json-lone-surrogate": ("surrogate.json", json_lone_surrogate, "story_of_place: the text holds a lone surrogate"),
    "json-long-story": ("long.json", json_long_story, "story_of_place: must be 20,000 characters or fewer"),
    "xlsx-many-strings": ("strings.xlsx", xlsx_many_strings, "unpacks to more than 20 MB"),
    "xlsx-strings-count": ("count.xlsx", xlsx_strings_count, "more than 100,000 strings"),
    "xlsx-huge-cell": ("cell.xlsx", xlsx_huge_cell, "unpacks to more than 20 MB"),
    "xlsx-long-cell": ("long.xlsx", xlsx_long_cell, "holds more than 32,767 characters"),
    "xlsx-far-row": ("far.xlsx", xlsx_far_row, "past the 200 columns"),
    "xlsx-dtd": ("dtd.xlsx", xlsx_dtd, "declares a DTD or entities"),
}
