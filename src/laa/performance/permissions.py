"""Who reads progress against trajectory (`rules`; asked by the pages and the API).

An area's progress is read by its partnership (the officer and the partner authorities),
the area's Government Office and national readers (CLG, the inspectorate, the
administrator), as the annual review is. Departments read their indicators across all
areas on their own page (a later slice of issue 13); residents read published progress
there too. The object is the agreement.
"""

from __future__ import annotations

import rules

from laa.permissions import in_agreement_area, is_department, is_go, is_national_reader

rules.add_perm("performance.read_progress", in_agreement_area | is_national_reader)
# The region's areas with their counts of on track, at risk and off track: the GO's own
# region, or any region for national readers.
rules.add_perm("performance.view_region_progress", is_go | is_national_reader)
# An indicator's areas compared: public, as the hub's values are (residents read the final
# values only: the comparison is computed from what the reader may see).
rules.add_perm("performance.read_comparison", rules.always_allow)
# Hotspots: a Government Office (its region's areas), a department (its own indicators) and
# national readers (any region or department).
rules.add_perm("performance.view_hotspots", is_go | is_department | is_national_reader)
