"""What is computed once per hub import and shared between the service's processes (ADR
0026, "Later"): the comparisons of every national indicator and the placings they give,
kept as the pickled bytes of `laa.performance.comparing`'s results under the SHA-256 of
the stamps they were computed from. A change of any stamp makes a new key, so a row is
never updated, only added; `laa.performance.shared` removes the old ones."""

from __future__ import annotations

from django.db import models


class SharedComputation(models.Model):
    key = models.CharField(max_length=64, unique=True, help_text="SHA-256 of what it was computed from")
    payload = models.BinaryField(help_text="The result, pickled by this service")
    computed_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-computed_at"]

    def __str__(self) -> str:
        return f"Computed {self.key[:12]} at {self.computed_at:%Y-%m-%d %H:%M}"
