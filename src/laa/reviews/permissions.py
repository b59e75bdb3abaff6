"""The annual review's permissions (`rules`; checked in its actions, asked by its pages).

Only the Government Office of the agreement's area writes a review (D16: the review is
the GO's); the area's partnership reads it, as do national readers. The object is the
agreement. No command and no administrator writes one.
"""

from __future__ import annotations

import rules

from laa.permissions import in_agreement_area, is_go, is_national_reader

rules.add_perm("reviews.write_review", is_go & in_agreement_area)
rules.add_perm("reviews.read_review", in_agreement_area | is_national_reader)
# The region's list of reviews due, in progress and done: the GO's own region, or any
# region for national readers.
rules.add_perm("reviews.view_region_reviews", is_go | is_national_reader)
