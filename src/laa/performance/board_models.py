"""The board report printed to PDF (issue 13), kept as the agreement's PDF is
(`agreements.DocumentPdf`, ADR 0013): under the SHA-256 of the print HTML it was printed
from, served only while the report's HTML for the reader still has that fingerprint."""

from __future__ import annotations

from django.db import models


class BoardReportPdf(models.Model):
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=24, help_text='The quarter reported on: "2008/09 Q1"')
    fingerprint = models.CharField(max_length=64, help_text="The SHA-256 of the print HTML it was printed from")
    pdf = models.BinaryField()
    pages = models.PositiveIntegerField()
    seconds = models.FloatField(help_text="How long WeasyPrint took to print it")
    made_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "fingerprint"], name="one_pdf_per_board_report_html")]

    def __str__(self) -> str:
        return f"Board report {self.period} of agreement {self.agreement_id} ({self.fingerprint[:12]})"
