"""One nomination per person or unit, award type and round: a second one is
refused with the reason, nothing written; another award type, another person
or another round is a nomination of its own."""

import pytest
from django.core.exceptions import ValidationError

from antq.awards.models import Nomination
from antq.awards.services import nominate
from antq.awards.tests.conftest import collective, individual
from antq.awards.tests.test_rules import recognise


def test_the_same_person_is_not_nominated_twice_for_one_award_in_one_round(
    tree, personas, year_end
):
    nominate(by=personas.officer_a, round=year_end, data=individual(tree.area_a))
    with pytest.raises(ValidationError) as caught:
        nominate(
            by=personas.officer_a, round=year_end, data=individual(tree.area_a, name="lê  văn tâm")
        )
    assert caught.value.message_dict["person_name"] == [
        "lê văn tâm đã được đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh trong đợt này; "
        "không đề nghị lần thứ hai."
    ]
    assert Nomination.objects.count() == 1
    nominate(by=personas.officer_a, round=year_end, data=individual(tree.area_a, name="Lê Văn Tám"))
    assert Nomination.objects.count() == 2


def test_the_same_unit_is_not_nominated_twice_for_one_award_in_one_round(tree, personas, year_end):
    recognise(tree.commune_a, 2026)
    nominate(by=personas.officer_a, round=year_end, data=collective(tree.commune_a))
    with pytest.raises(ValidationError) as caught:
        nominate(by=personas.officer_a, round=year_end, data=collective(tree.commune_a))
    assert "Phường Hạ Long đã được đề nghị" in caught.value.message_dict["unit"][0]
    assert Nomination.objects.count() == 1
