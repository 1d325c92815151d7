"""Results by subtree and year, as published and restated across the 2025 mergers."""

from antq.assessments.models import Assessment, Campaign, Registration
from antq.assessments.selectors import recognized_units, results_for
from antq.assessments.services.campaigns import campaign_defaults
from antq.assessments.services.workflow import assessment_start
from antq.units.models import REFORM_2025_CLOSE
from antq.units.placement import place
from conftest import link, make_unit


def test_results_published_vs_restated_after_a_merger(tree, personas, merged_commune):
    # Bến Tre 2024: a residential area recognized, before the province merged.
    old_commune, new_commune = merged_commune
    area = make_unit(
        parent=old_commune, code="28756-001", name="Khu phố 1", valid_to=REFORM_2025_CLOSE
    )
    link(area, new_commune)
    campaign = Campaign.objects.create(province=tree.ben_tre, year=2024, **campaign_defaults(2024))
    Registration.objects.create(campaign=campaign, unit=area, registered_on="2024-03-01")
    assessment = Assessment(campaign=campaign, unit=area, status="recognized", classification="Khá")
    place(assessment)
    assert (assessment.restated_province, assessment.restated_commune) == (
        tree.vinh_long,
        new_commune,
    )
    assessment.save()

    published = results_for(root=tree.ben_tre, year=2024, view="published")
    area_row = next(t for t in published.targets if t.target == "residential_area")
    assert (area_row.units, area_row.recognized, area_row.recognized_pct) == (1, 1, 100)

    restated = results_for(root=tree.vinh_long, year=2024, view="restated")
    area_row = next(t for t in restated.targets if t.target == "residential_area")
    assert (area_row.units, area_row.recognized) == (1, 1)
    assert restated.classification == {"Khá": 1}
    # As published, Vĩnh Long had nothing in 2024: the figure stays with Bến Tre.
    assert results_for(root=tree.vinh_long, year=2024, view="published").targets == []


def test_change_from_last_year_in_percentage_points(tree, campaign):
    last = Campaign.objects.create(province=tree.province, year=2025, **campaign_defaults(2025))
    Assessment.objects.create(
        campaign=last, unit=tree.area_a, status="not_recognized", self_result=False
    )
    Assessment.objects.create(campaign=campaign, unit=tree.area_a, status="recognized")
    rows = {t.target: t for t in results_for(root=tree.commune_a, year=2026).targets}
    assert rows["residential_area"].recognized_pct == 100
    assert rows["residential_area"].last_year_recognized_pct == 0
    assert rows["residential_area"].change_pct_points == 100


def test_an_area_closed_with_its_commune_and_no_successor_of_its_own_counts_in_todays_commune(
    tree, personas, merged_commune
):
    """Only the commune has a successor: its areas closed with it are carried by
    that successor, so a 2024 recognition counts in today's Vĩnh Long."""
    old_commune, new_commune = merged_commune
    area = make_unit(
        parent=old_commune, code="28756-002", name="Khu phố 2", valid_to=REFORM_2025_CLOSE
    )
    campaign = Campaign.objects.create(province=tree.ben_tre, year=2024, **campaign_defaults(2024))
    assessment = assessment_start(by=personas.system_admin, campaign=campaign, unit=area)
    assert (assessment.restated_province, assessment.restated_commune) == (
        tree.vinh_long,
        new_commune,
    )
    Assessment.objects.filter(pk=assessment.pk).update(status="recognized")

    restated = results_for(root=tree.vinh_long, year=2024, view="restated")
    area_row = next(t for t in restated.targets if t.target == "residential_area")
    assert area_row.recognized == 1
    assert recognized_units(province=tree.vinh_long, year=2024) == [
        {"name": "Khu phố 2", "type": "residential_area", "commune": "Phường An Hội"}
    ]
