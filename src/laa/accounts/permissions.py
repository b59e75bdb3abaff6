"""The accounts app's permissions (`rules`; checked in its actions, asked by its pages).

The permission matrix test (tests/integration/test_permission_matrix.py) covers every role
against every view; tests/integration/test_action_permissions.py proves each app's actions
refuse a forbidden actor when called directly.
"""

from __future__ import annotations

import rules

from laa.permissions import is_administrator, is_signed_in

rules.add_perm("accounts.manage_people", is_administrator)
# API tokens: any signed-in person manages their own.
rules.add_perm("accounts.manage_own_tokens", is_signed_in)
