"""Peer groups of areas, as data (issue 13): each area's peers, the areas it is compared
with beside all of England and its region.

- `same_type_peers`: the other areas of the same type (shire county, unitary authority,
  metropolitan district, London borough...), from the places data.
- `read_nearest_neighbours`: a CIPFA-like nearest-neighbours file, CSV in UTF-8:

      area_code,neighbour_code,rank
      E2221,E1521,1
      E2221,E3421,2

  one row per neighbour, `rank` 1 the nearest; at most 20 neighbours an area, 5,000 rows,
  256 KB. Every area code must be a known area, an area is not its own neighbour, and
  neither a neighbour nor a rank is given twice for one area. A bad file is refused whole,
  each problem naming its line (at most 100 named).
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping
from dataclasses import dataclass

HEADER = ("area_code", "neighbour_code", "rank")
MAX_BYTES = 256 * 1024
MAX_ROWS = 5_000
MAX_NEIGHBOURS = 20
MAX_PROBLEMS = 100

Peers = dict[str, tuple[str, ...]]  # area -> its peers (nearest first, for neighbours)


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class PeerFileError(ValueError):
    def __init__(self, problems: list[LineProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]) + ("..." if len(problems) > 5 else ""))


def same_type_peers(types: Mapping[str, str]) -> Peers:
    """Each area's peers: the other areas of its type (area -> type)."""
    by_type: dict[str, list[str]] = {}
    for area, kind in sorted(types.items()):
        by_type.setdefault(kind, []).append(area)
    return {area: tuple(a for a in by_type[kind] if a != area) for area, kind in types.items()}


def read_nearest_neighbours(data: bytes, known: Collection[str]) -> Peers:
    """Each area's nearest neighbours, nearest first, from the file's bytes."""
    if len(data) > MAX_BYTES:
        raise PeerFileError([LineProblem(0, f"the file is {len(data):,} bytes; at most {MAX_BYTES:,}")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        raise PeerFileError([LineProblem(text_line(data, bad.start), "is not UTF-8")]) from None
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 1:
        raise PeerFileError([LineProblem(MAX_ROWS + 2, f"more than {MAX_ROWS:,} rows")])
    reader = csv.reader(lines)
    header = tuple(c.strip() for c in next(reader, []))
    if header != HEADER:
        raise PeerFileError([LineProblem(1, f"the header must be {','.join(HEADER)}, not {','.join(header) or 'empty'}")])
    problems: list[LineProblem] = []
    ranked: dict[str, dict[int, str]] = {}
    for line, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        problem = _row_problem(row, known, ranked)
        if problem:
            problems.append(LineProblem(line, problem))
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        area, neighbour, rank = row[0].strip(), row[1].strip(), int(row[2])
        ranked.setdefault(area, {})[rank] = neighbour
    if problems:
        raise PeerFileError(problems)
    return {area: tuple(n for _, n in sorted(by_rank.items())) for area, by_rank in ranked.items()}


def _row_problem(row: list[str], known: Collection[str], ranked: dict[str, dict[int, str]]) -> str:
    if len(row) != len(HEADER):
        return f"has {len(row)} columns; {len(HEADER)} expected ({', '.join(HEADER)})"
    area, neighbour, rank = (c.strip() for c in row)
    for column, code in (("area_code", area), ("neighbour_code", neighbour)):
        if code not in known:
            return f"{column} '{code[:20]}' is not a known area"
    if area == neighbour:
        return f"{area} cannot be its own neighbour"
    if not rank.isdigit() or not 1 <= int(rank) <= MAX_NEIGHBOURS:
        return f"rank '{rank[:10]}' must be a whole number from 1 to {MAX_NEIGHBOURS}"
    mine = ranked.get(area, {})
    if int(rank) in mine:
        return f"{area} has a neighbour ranked {rank} already ({mine[int(rank)]})"
    if neighbour in mine.values():
        return f"{neighbour} is a neighbour of {area} already"
    return ""


def text_line(data: bytes, offset: int) -> int:
    """The line (from 1) of a byte offset."""
    return data.count(b"\n", 0, offset) + 1
