"""The characters the service accepts, and spreadsheet-safe cells (laa.domain.text)."""

from __future__ import annotations

import pytest

from laa.domain.text import refusal, refused_character, spreadsheet_safe

# (text, multiline, expected code or None, line, column)
CHARACTERS = [
    ("Tyne and Wear", False, None, 0, 0),
    ("café – naïve “quotes” ✓ 日本", False, None, 0, 0),
    ("", False, None, 0, 0),
    ("\x00", False, "U+0000", 1, 1),
    ("abc\x00def", False, "U+0000", 1, 4),
    ("abc\x00def", True, "U+0000", 1, 4),
    ("tab\there", False, "U+0009", 1, 4),
    ("tab\there", True, None, 0, 0),
    ("one\ntwo", False, "U+000A", 1, 4),
    ("one\ntwo", True, None, 0, 0),
    ("one\r\ntwo", True, None, 0, 0),
    ("one\ntwo\x07", True, "U+0007", 2, 4),
    ("line\n\nthird \x1b[31m", True, "U+001B", 3, 7),
    ("\x0bvertical tab", True, "U+000B", 1, 1),
    ("form\x0cfeed", True, "U+000C", 1, 5),
    ("delete\x7f", True, "U+007F", 1, 7),
    ("c1\x85control", True, "U+0085", 1, 3),
    ("\x9f", False, "U+009F", 1, 1),
    ("\xa0no-break space is text", False, None, 0, 0),
    ("lone \ud800 surrogate", True, "U+D800", 1, 6),
    ("\udfff", False, "U+DFFF", 1, 1),
    ("emoji 😀 is a pair, not lone", False, None, 0, 0),
]


@pytest.mark.parametrize(("text", "multiline", "code", "line", "column"), CHARACTERS)
def test_refused_character(text, multiline, code, line, column):
    found = refused_character(text, multiline=multiline)
    if code is None:
        assert found is None
    else:
        assert found is not None
        assert (found.code, found.line, found.column) == (code, line, column)


@pytest.mark.parametrize(
    ("text", "multiline", "message"),
    [
        ("a\x00", False, "The query parameter 'q' contains a NUL character (U+0000), which is not allowed."),
        ("a\nb", False, "The query parameter 'q' contains a line break (U+000A), which is not allowed."),
        ("ok\nthen\x01", True,
         "The query parameter 'q' contains a control character (U+0001) (line 2, column 5), which is not allowed."),
        ("\ud83d", True, "The query parameter 'q' contains a lone surrogate (U+D83D), which is not allowed."),
    ],
)
def test_refusal_names_the_value_and_the_character(text, multiline, message):
    found = refused_character(text, multiline=multiline)
    assert found is not None
    assert refusal("The query parameter 'q'", found).startswith(message)


SPREADSHEET = [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-", "'-"),
    ("- fewer people", "'- fewer people"),
    ("-3.5", "-3.5"),
    ("+12", "+12"),
    ("-1e3", "-1e3"),
    ("-.5", "-.5"),
    ("Reduce =1", "Reduce =1"),
    ("NI 1", "NI 1"),
    ("", ""),
    ("'already", "'already"),
]


@pytest.mark.parametrize(("value", "safe"), SPREADSHEET)
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe
