"""Agreement files in and out: YAML, JSON (laa-agreement/1) and the XLSX workbook."""

from __future__ import annotations

from laa.agreements.convert import agreement_to_draft
from laa.agreements.models import Agreement
from laa.domain.agreement_file import AgreementFileError, dump_json, dump_yaml, parse_agreement
from laa.domain.agreement_workbook import read_agreement_workbook, write_agreement_workbook
from laa.domain.composition import AgreementDraft
from laa.domain.input_limits import MAX_FILE_BYTES, LimitExceeded, check_size

FORMATS = {"yaml": "application/yaml", "json": "application/json",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
MAX_BYTES = MAX_FILE_BYTES


class UnreadableAgreement(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def load_agreement_file(name: str, content: bytes) -> AgreementDraft:
    """A draft from a file's bytes, by its name's ending (.xlsx, .json, else YAML)."""
    try:
        check_size(len(content), MAX_BYTES, "the file")
        if name.lower().endswith(".xlsx"):
            return read_agreement_workbook(content).draft
        syntax = "json" if name.lower().endswith(".json") else "auto"
        return parse_agreement(content, syntax=syntax).draft
    except AgreementFileError as exc:
        problems = [str(p) for p in getattr(exc, "problems", [])] or [str(exc)]
        raise UnreadableAgreement(problems) from exc
    except LimitExceeded as exc:
        raise UnreadableAgreement([str(exc)]) from exc


def render_agreement(agreement: Agreement, fmt: str) -> str | bytes:
    draft = agreement_to_draft(agreement)
    if fmt == "yaml":
        return dump_yaml(draft)
    if fmt == "json":
        return dump_json(draft)
    if fmt == "xlsx":
        return write_agreement_workbook(draft)
    raise ValueError(f"unknown format {fmt}")
