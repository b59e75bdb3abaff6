"""The permission matrix of the MAAs' pages and API (rows: matrix_maa.py), every role and
a resident, built once for the class (ADR 0028). A refused request writes nothing."""

from __future__ import annotations

import pytest

from laa.audit.models import AuditEvent

from . import matrix_maa as maa_rows
from .test_permission_matrix import Call, _context, cases, check, world_for_the_class

pytestmark = pytest.mark.django_db


class TestMaa:
    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, maa_rows.prepare_maa_matrix) as ids:
            yield ids

    @pytest.mark.parametrize(("url_name", "role"), cases(maa_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for, settings):
        settings.LAA_TODAY = maa_rows.TODAY
        events = AuditEvent.objects.filter(action__startswith="maa-")
        before = events.count()
        check(url_name, role, Call(**maa_rows.kwargs(world)[url_name]), _context(role), client_for)
        wrote = events.count() > before
        writes = url_name not in {"maa:list", "maa:detail", "api:maa_list", "api:maa_detail"}
        assert wrote == (writes and maa_rows.ENTRIES[url_name][role] in {maa_rows.REDIRECT, maa_rows.CREATED,
                                                                         maa_rows.OK}), role
