"""Peer groups as data (issue 13): areas of the same type, and a nearest-neighbours file
refused whole, each problem naming its line."""

from __future__ import annotations

import pytest

from laa.domain.peer_groups import (
    MAX_BYTES,
    PeerFileError,
    read_nearest_neighbours,
    same_type_peers,
)

KNOWN = {"E2221", "E1521", "E3421", "E0101", "E0102"}


def test_same_type_peers():
    types = {"E2221": "shire county", "E1521": "shire county", "E0101": "unitary authority",
             "E0102": "unitary authority", "E3421": "shire county"}
    assert same_type_peers(types) == {
        "E2221": ("E1521", "E3421"), "E1521": ("E2221", "E3421"), "E3421": ("E1521", "E2221"),
        "E0101": ("E0102",), "E0102": ("E0101",)}


def test_a_good_file_gives_each_area_its_neighbours_nearest_first():
    data = b"area_code,neighbour_code,rank\nE2221,E3421,2\nE2221,E1521,1\n\nE0101,E0102,1\n"
    assert read_nearest_neighbours(data, KNOWN) == {"E2221": ("E1521", "E3421"), "E0101": ("E0102",)}
    assert read_nearest_neighbours(b"\xef\xbb\xbfarea_code,neighbour_code,rank\n", KNOWN) == {}  # a BOM is fine


@pytest.mark.parametrize(("data", "problems"), [
    (b"area,neighbour\nE2221,E1521\n", ["line 1: the header must be area_code,neighbour_code,rank, not area,neighbour"]),
    (b"", ["line 1: the header must be area_code,neighbour_code,rank, not empty"]),
    (b"area_code,neighbour_code,rank\nE9999,E1521,1\n", ["line 2: area_code 'E9999' is not a known area"]),
    (b"area_code,neighbour_code,rank\nE2221,XX,1\n", ["line 2: neighbour_code 'XX' is not a known area"]),
    (b"area_code,neighbour_code,rank\nE2221,E2221,1\n", ["line 2: E2221 cannot be its own neighbour"]),
    (b"area_code,neighbour_code,rank\nE2221,E1521,0\nE2221,E3421,x\nE2221,E0101,21\n",
     ["line 2: rank '0' must be a whole number from 1 to 20", "line 3: rank 'x' must be a whole number from 1 to 20",
      "line 4: rank '21' must be a whole number from 1 to 20"]),
    (b"area_code,neighbour_code,rank\nE2221,E1521,1\nE2221,E3421,1\nE2221,E1521,2\n",
     ["line 3: E2221 has a neighbour ranked 1 already (E1521)", "line 4: E1521 is a neighbour of E2221 already"]),
    (b"area_code,neighbour_code,rank\nE2221,E1521\n", ["line 2: has 2 columns; 3 expected (area_code, neighbour_code, rank)"]),
    (b"area_code,neighbour_code,rank\nE2221,E1521,1\n\xff\n", ["line 3: is not UTF-8"]),
    (b"x" * (MAX_BYTES + 1), [f"line 0: the file is {MAX_BYTES + 1:,} bytes; at most {MAX_BYTES:,}"]),
])
def test_a_bad_file_is_refused_naming_each_line(data, problems):
    with pytest.raises(PeerFileError) as refused:
        read_nearest_neighbours(data, KNOWN)
    assert [str(p) for p in refused.value.problems] == problems


def test_too_many_rows_are_refused():
    rows = b"".join(b"E2221,E1521,1\n" for _ in range(5_001))
    with pytest.raises(PeerFileError) as refused:
        read_nearest_neighbours(b"area_code,neighbour_code,rank\n" + rows, KNOWN)
    assert any("more than 5,000 rows" in str(p) for p in refused.value.problems)
