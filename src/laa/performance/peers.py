"""Which peer groups an indicator's comparison can use (issue 13; `laa.domain.peer_groups`):
the areas of the same type (the places data), and, when the service has one, a CIPFA-like
nearest-neighbours file: `LAA_NEAREST_NEIGHBOURS` (a setting; by default
`$LAA_VAR_DIR/nearest-neighbours.csv`), read when it changes (its size and time are part
of the comparisons' stamp). A file that is refused leaves the choice out and says why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from laa.domain.peer_groups import (
    MAX_BYTES,
    PeerFileError,
    Peers,
    read_nearest_neighbours,
    same_type_peers,
)
from laa.presentation.fragments import cached

SAME_TYPE, NEIGHBOURS = "type", "neighbours"
KINDS = {SAME_TYPE: "Areas of the same type", NEIGHBOURS: "Nearest neighbours (the service's file)"}


def neighbours_file() -> Path:
    return Path(getattr(settings, "LAA_NEAREST_NEIGHBOURS", "") or settings.VAR_DIR / "nearest-neighbours.csv")


def neighbours_stamp() -> tuple[int, int] | None:
    """The file's size and time of change; None when there is no file."""
    try:
        found = neighbours_file().stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


@dataclass(frozen=True)
class PeerGroups:
    kind: str
    peers: Peers
    problem: str = ""  # why the nearest neighbours cannot be used


def peer_groups(kind: str, types: dict[str, str]) -> PeerGroups:
    """The peers of each area (area -> its type) by the kind asked for; the same type when
    the file is missing or refused (with the reason)."""
    if kind != NEIGHBOURS:
        return PeerGroups(SAME_TYPE, same_type_peers(types))
    stamp = neighbours_stamp()
    if stamp is None:
        return PeerGroups(SAME_TYPE, same_type_peers(types), "No nearest-neighbours file has been loaded")
    found = cached(("nearest-neighbours", stamp, tuple(sorted(types))), lambda: _read(set(types)))
    if isinstance(found, str):
        return PeerGroups(SAME_TYPE, same_type_peers(types), found)
    return PeerGroups(NEIGHBOURS, found)


def _read(known: set[str]) -> Peers | str:
    path = neighbours_file()
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
        return read_nearest_neighbours(data, known)
    except PeerFileError as refused:
        return f"The nearest-neighbours file {path.name} was refused: {refused}"
    except OSError as failed:
        return f"The nearest-neighbours file {path.name} cannot be read: {failed.strerror}"
