"""The permission matrix of a partner authority's pages and API (rows: matrix_partners.py),
every role and a resident, against Kent's demonstration draft built once for the class."""

from __future__ import annotations

import pytest

from laa.agreements.models import TargetPartner

from . import matrix_partners as partner_rows
from .test_permission_matrix import Call, _context, cases, check, world_for_the_class

pytestmark = pytest.mark.django_db


class TestPartnerSignUp:
    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker):
        with world_for_the_class(django_db_blocker, partner_rows.build_world) as built:
            yield built

    @pytest.mark.parametrize(("url_name", "role"), cases(partner_rows.ENTRIES))
    def test_permission(self, world, url_name, role, client_for):
        check(url_name, role, Call(**partner_rows.call(url_name, world)), _context(role), client_for)
        writes = {"agreements:sign_up_target": world["sign_up"], "api:sign_up_to_target": world["sign_up"]}
        if url_name in writes:  # only the partner's request changed anything
            signed = TargetPartner.objects.filter(target_id=writes[url_name], name="Kent Police Authority").exists()
            assert signed == (role == "partner"), role
        if url_name == "api:withdraw_from_target":
            kept = TargetPartner.objects.filter(target_id=world["withdraw"], name="Kent Police Authority").exists()
            assert kept == (role != "partner"), role
