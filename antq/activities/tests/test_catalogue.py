"""The default catalogue: "An ninh phi truyền thống" with its threats under
it, added without touching a row that existed."""

import importlib

from django.apps import apps

from antq.activities.catalogue import NON_TRADITIONAL, load
from antq.activities.forms import ActivityForm
from antq.activities.models import ThreatCategory
from antq.units.selectors import units_for_entry


def test_non_traditional_security_is_a_group_with_its_threats_under_it(tree):
    group = ThreatCategory.objects.get(code=NON_TRADITIONAL)
    assert group.name == "An ninh phi truyền thống" and group.parent is None
    threats = set(group.children.values_list("code", flat=True))
    assert {"an_ninh_mang", "lua_dao_mang", "thien_tai", "dich_benh", "bien_doi_khi_hau"} <= threats
    assert ThreatCategory.objects.get(code="ma_tuy").parent is None  # a traditional field


def test_seeding_again_keeps_every_row_and_each_name_and_regroups_only_what_has_no_group(tree):
    ThreatCategory.objects.filter(code="dich_benh").update(
        parent=None, name="Dịch bệnh truyền nhiễm"
    )
    rows = ThreatCategory.objects.count()
    load()
    migration = importlib.import_module("antq.activities.migrations.0006_threat_groups")
    migration.groups(apps, None)
    assert ThreatCategory.objects.count() == rows
    renamed = ThreatCategory.objects.get(code="dich_benh")
    assert renamed.name == "Dịch bệnh truyền nhiễm"
    assert renamed.parent.code == NON_TRADITIONAL  # ungrouped: put in its group again


def test_the_form_lists_each_group_followed_by_its_threats(personas, tree):
    form = ActivityForm(units=units_for_entry(personas.officer_a))
    labels = [label for _value, label in form.fields["categories"].choices]
    start = labels.index("An ninh phi truyền thống")
    assert labels[start + 1].startswith("An ninh phi truyền thống: ")
    assert "An ninh phi truyền thống: Lừa đảo qua mạng" in labels
