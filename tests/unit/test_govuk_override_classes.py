"""Every GOV.UK Frontend override class the pages use (`govuk-!-font-size-16`,
`govuk-!-margin-bottom-6`, ...) is one the installed GOV.UK Frontend defines. A class it
does not define does nothing, silently: `govuk-!-font-size-14`, gone from GOV.UK
Frontend 6, left the progress page's figures tables at 19 px."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

SRC = Path(__file__).resolve().parents[2] / "src" / "laa"
CSS = settings.PROJECT_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.css"
USED = re.compile(r"govuk-!-[a-z-]+-\d+")


def used_classes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*")):
        if path.suffix in {".html", ".py"}:
            for name in USED.findall(path.read_text(encoding="utf-8")):
                found.setdefault(name, []).append(str(path.relative_to(SRC)))
    return found


def test_every_override_class_used_is_defined_by_govuk_frontend():
    defined = set(re.findall(r"govuk-\\!-[a-z-]+-\d+", CSS.read_text(encoding="utf-8")))
    used = used_classes()
    assert "govuk-!-font-size-16" in used  # the scan finds what the pages use
    missing = {name: places for name, places in used.items() if name.replace("!", "\\!") not in defined}
    assert not missing, missing
