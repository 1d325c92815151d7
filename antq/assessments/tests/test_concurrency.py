"""Two reviewers proposing one assessment at the same moment: exactly one
proposal lands, the other is refused because the assessment already moved.
(Propose then reject is a legitimate sequence, so both click the same move.)"""

import threading

import pytest
from django.db import connection, connections

from antq.assessments.models import Assessment
from antq.assessments.services.campaigns import campaign_open, registration_create
from antq.assessments.services.workflow import (
    assessment_propose,
    assessment_start,
    assessment_submit,
)
from antq.core.workflow import WrongState

from .conftest import fill_all_met


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_proposing_at_once_make_one_proposal(tree, personas):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrent moves are tested on PostgreSQL")
    campaign = campaign_open(by=personas.province_approver, province=tree.province, year=2026)
    registration_create(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    assessment = assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.area_a)
    fill_all_met(assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=assessment)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(service, **kwargs) -> None:
        try:
            barrier.wait(timeout=30)
            service(
                by=personas.officer_a,
                assessment=Assessment.objects.get(pk=assessment.pk),
                **kwargs,
            )
            outcomes.append("done")
        except WrongState:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(assessment_propose,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["done", "refused"]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PROPOSED
    assert assessment.version == 4  # created, saved, submitted, then exactly one proposal
