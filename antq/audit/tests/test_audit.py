import pytest
from django.urls import reverse

from antq.audit.models import AuditEntry
from antq.audit.selectors import audit_list
from antq.units.models import Unit
from antq.units.services import unit_create, unit_update


@pytest.fixture
def changes(personas, tree):
    unit_update(unit=tree.area_a, by=personas.officer_a, households=400)
    unit_update(unit=tree.area_b, by=personas.officer_b, households=90)
    unit_create(
        parent=tree.commune_b,
        by=personas.officer_b,
        type="residential_area",
        kind=Unit.Kind.KHU_PHO,
        name="Khu phố Cột 8",
    )


def test_unit_admin_of_commune_a_sees_only_commune_a_changes(personas, tree, changes):
    from antq.accounts.models import Role
    from conftest import make_user

    admin_a = make_user("quantri.a", Role.UNIT_ADMIN, tree.commune_a)
    names = {e.object_repr for e in audit_list(user=admin_a)}
    assert names == {"Khu phố Đồng Tâm"}
    assert len(audit_list(user=personas.unit_admin)) == 3


def test_the_audit_page_shows_who_changed_what_from_what_to_what(client, personas, changes):
    client.force_login(personas.unit_admin)
    page = client.get(reverse("audit:auditentry-list"), {"actor": "xa.a"}).content.decode()
    assert "Khu phố Đồng Tâm" in page and "320 → 400" in page
    assert "Khu phố Cột 8" not in page


def test_writes_from_the_command_line_are_marked_cli(tree):
    from antq.audit.context import audit_context
    from antq.core.actors import SystemActor

    with audit_context("cli"):
        unit_create(
            parent=tree.commune_a,
            by=SystemActor("import_units"),
            type="school",
            kind=Unit.Kind.TRUONG_THPT,
            name="Trường THPT Hòn Gai",
        )
    entry = AuditEntry.objects.get(action="create")
    assert (entry.source, entry.actor_name) == ("cli", "hệ thống (import_units)")
