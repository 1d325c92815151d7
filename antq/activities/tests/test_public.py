"""Only the province's officers put an activity on the province's public page."""

import pytest
from django.core.exceptions import ValidationError

from antq.activities.services import activity_create, activity_update
from antq.activities.tests.conftest import entry


def test_a_commune_officer_cannot_make_an_activity_public(tree, personas):
    with pytest.raises(ValidationError, match="cán bộ cấp tỉnh"):
        activity_create(by=personas.officer_a, data=entry(tree.area_a, is_public=True))


def test_the_province_publishes_and_the_commune_still_edits_it(tree, personas):
    public = activity_create(by=personas.province_approver, data=entry(tree.area_a, is_public=True))
    assert public.is_public
    edited = activity_update(
        by=personas.officer_a,
        activity=public,
        data=entry(tree.area_a, is_public=True, title="Tuyên truyền phòng, chống ma túy"),
    )
    assert edited.is_public and edited.title == "Tuyên truyền phòng, chống ma túy"
    with pytest.raises(ValidationError, match="cán bộ cấp tỉnh"):
        activity_update(by=personas.officer_a, activity=edited, data=entry(tree.area_a))
