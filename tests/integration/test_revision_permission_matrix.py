"""The permission matrix of the revisions' pages and API (rows: matrix_revisions.py),
every role and a resident, against Kent's published agreement with two revisions, built
once for the class (ADR 0021). A forbidden request writes nothing."""

from __future__ import annotations

import pytest

from laa.audit.models import AuditEvent

from . import matrix_revisions as revision_rows
from .test_permission_matrix import Call, _context, cases, check, world_for_the_class

pytestmark = pytest.mark.django_db


class TestRevisions:
    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, revision_rows.prepare_revisions_matrix) as ids:
            yield ids

    @pytest.mark.parametrize(("url_name", "role"), cases(revision_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for, settings):
        settings.LAA_TODAY = revision_rows.TODAY
        revision_events = AuditEvent.objects.filter(action__startswith="revision-")
        before = revision_events.count()
        check(url_name, role, Call(**revision_rows.kwargs(world)[url_name]), _context(role), client_for)
        wrote = revision_events.count() > before
        assert wrote == (revision_rows.ENTRIES[url_name][role] == revision_rows.REDIRECT), role
