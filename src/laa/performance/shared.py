"""Results computed once per hub import, shared by every process of the service (ADR 0026,
"Later"): looked for in the process's cache, then in the database (`SharedComputation`,
written by the background task after an import, or by the first process that needed
it), and only then computed. A web process therefore reads in milliseconds what the
worker computed in seconds; with no worker, the first reader computes and keeps it for
the other processes.

The key is the SHA-256 of everything the result is computed from (the stamps); the
payload is bytes this service pickled itself, in its own table."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from laa.performance.computed_models import SharedComputation
from laa.presentation.fragments import cached

T = TypeVar("T")
KEPT_FOR = timedelta(days=2)  # rows older than this are removed when a new one is written


def _digest(parts: tuple[object, ...]) -> str:
    return hashlib.sha256(repr(("shared", *parts)).encode()).hexdigest()


def shared(parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """`build()`'s result under `parts`: from this process's cache, else the database's,
    else built and kept in both."""
    return cached(("shared", *parts), lambda: _from_database(parts, build))


def _from_database(parts: tuple[object, ...], build: Callable[[], T]) -> T:
    key = _digest(parts)
    payload = SharedComputation.objects.filter(key=key).values_list("payload", flat=True).first()
    if payload is not None:
        return pickle.loads(bytes(payload))  # noqa: S301 - bytes this service pickled, in its own table
    result = build()
    _write(parts, result)
    return result


def keep(parts: tuple[object, ...], result: T) -> bool:
    """Keep the result in this process and write it for the others (False if another
    process wrote it first)."""
    cached(("shared", *parts), lambda: result)
    return _write(parts, result)


def _write(parts: tuple[object, ...], result: object) -> bool:
    now = timezone.now()
    try:
        with transaction.atomic():
            SharedComputation.objects.create(key=_digest(parts), computed_at=now,
                                             payload=pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
    except IntegrityError:
        return False
    SharedComputation.objects.filter(computed_at__lt=now - KEPT_FOR).delete()
    return True


def is_kept(parts: tuple[object, ...]) -> bool:
    return SharedComputation.objects.filter(key=_digest(parts)).exists()
