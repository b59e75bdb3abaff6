"""What a person reads on a page: a response's text without its tags, entities decoded,
white space folded to single spaces. Page tests assert on this, not on the markup."""

from __future__ import annotations

import re
from html import unescape


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))
