"""The audit trail's permission: read whole by administrators and national readers."""

from __future__ import annotations

import rules

from laa.permissions import is_administrator, is_national_reader

rules.add_perm("audit.read_trail", is_administrator | is_national_reader)
