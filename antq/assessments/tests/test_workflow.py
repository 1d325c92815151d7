"""The rules of the annual cycle, as the legal texts and the offices state them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from antq.accounts.access import Refused
from antq.assessments.models import Assessment, CriteriaSet, Criterion
from antq.assessments.services.campaigns import registration_create
from antq.assessments.services.criteria import criterion_update
from antq.assessments.services.workflow import (
    assessment_confirm_scores,
    assessment_propose,
    assessment_reject,
    assessment_return,
    assessment_save,
    assessment_start,
    assessment_submit,
    classify,
)
from antq.audit.models import AuditEntry
from antq.core.actors import SystemActor
from antq.core.workflow import WrongState
from antq.units.models import Unit
from conftest import make_unit

from .conftest import YEAR, fill_all_met

S = Assessment.Status


def test_opening_a_campaign_sets_the_legal_periods_and_deadlines(campaign):
    assert (campaign.area_period_start.isoformat(), campaign.area_period_end.isoformat()) == (
        "2025-11-01",
        "2026-10-31",
    )
    assert (campaign.other_period_start.isoformat(), campaign.other_period_end.isoformat()) == (
        "2025-11-16",
        "2026-11-15",
    )
    assert (campaign.area_deadline.day, campaign.other_deadline.day) == (20, 30)


def test_a_self_assessment_starts_with_the_national_criteria_of_its_type(area_assessment):
    codes = [a.criterion.code for a in area_assessment.answers.order_by("criterion__order")]
    assert codes == ["1a", "1b", "2", "3", "4", "5"]
    assert area_assessment.scores.count() == 7


def test_drafts_save_at_any_point_and_submission_locks_them(area_assessment, personas):
    assessment_save(
        by=personas.officer_a,
        assessment=area_assessment,
        answers={area_assessment.answers.first().criterion_id: {"met": True}},
    )
    with pytest.raises(ValidationError, match="Chưa trả lời tiêu chí"):
        assessment_submit(by=personas.officer_a, assessment=area_assessment)
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    assert area_assessment.status == S.SUBMITTED and area_assessment.self_result is True
    with pytest.raises(WrongState, match="Đã nộp"):
        assessment_save(by=personas.officer_a, assessment=area_assessment, answers={})


def test_the_households_threshold_decides_criterion_1b(area_assessment, personas):
    criterion = Criterion.objects.get(
        criteria_set__year=YEAR, code="1b", criteria_set__target="residential_area"
    )
    assessment_save(
        by=personas.officer_a,
        assessment=area_assessment,
        answers={criterion.pk: {"number": Decimal("98.5")}},
    )
    assert area_assessment.answers.get(criterion=criterion).met is False


def test_commune_a_officer_cannot_review_commune_b(campaign, tree, personas):
    assessment = assessment_start(by=personas.officer_b, campaign=campaign, unit=tree.area_b)
    fill_all_met(assessment, personas.officer_b)
    assessment_submit(by=personas.officer_b, assessment=assessment)
    with pytest.raises(Refused, match="không có thẩm quyền xét duyệt"):
        assessment_return(by=personas.officer_a, assessment=assessment, reason="Thiếu biên bản")
    with pytest.raises(Refused, match="không có quyền tự đánh giá"):
        assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.area_b)


def test_return_then_resubmit_then_propose(area_assessment, personas):
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    with pytest.raises(ValidationError):
        assessment_return(by=personas.officer_a, assessment=area_assessment, reason="  ")
    assessment_return(
        by=personas.officer_a, assessment=area_assessment, reason="Bổ sung biên bản họp"
    )
    assert area_assessment.status == S.RETURNED
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    assessment_propose(by=personas.officer_a, assessment=area_assessment)
    assert area_assessment.status == S.PROPOSED
    notes = list(
        AuditEntry.objects.filter(object_type="assessments.assessment").values_list(
            "note", flat=True
        )
    )
    assert "Bổ sung biên bản họp" in notes


def test_wrong_state_moves_are_refused_with_a_clear_message(area_assessment, personas):
    with pytest.raises(WrongState, match="đề nghị công nhận"):
        assessment_propose(by=personas.officer_a, assessment=area_assessment)


def test_a_unit_that_failed_its_own_assessment_cannot_be_proposed(area_assessment, personas):
    fill_all_met(area_assessment, personas.officer_a, met=False)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    assert area_assessment.self_result is False
    with pytest.raises(WrongState, match="chưa đạt"):
        assessment_propose(by=personas.officer_a, assessment=area_assessment)


def test_no_excellent_or_good_class_without_meeting_the_standard(campaign):
    assert classify(campaign, Decimal("95"), True) == "Xuất sắc"
    assert classify(campaign, Decimal("75"), True) == "Khá"
    assert classify(campaign, Decimal("95"), False) == "Trung bình"
    assert classify(campaign, Decimal("49.5"), True) == "Yếu"
    campaign.cap_unrecognized = False
    assert classify(campaign, Decimal("95"), False) == "Xuất sắc"


def test_reviewer_confirmed_scores_decide_the_class(area_assessment, personas):
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    assert area_assessment.self_score == Decimal("100")
    lowered = {s.item_id: s.item.max_points - 2 for s in area_assessment.scores.all()}
    assessment_confirm_scores(by=personas.officer_a, assessment=area_assessment, scores=lowered)
    assert (
        area_assessment.confirmed_score == Decimal("86") and area_assessment.classification == "Khá"
    )
    assessment_reject(by=personas.officer_a, assessment=area_assessment, reason="Có vụ việc")
    assert area_assessment.classification == "Trung bình"
    with pytest.raises(ValidationError):
        assessment_confirm_scores(
            by=personas.officer_a,
            assessment=area_assessment,
            scores={next(iter(lowered)): Decimal("500")},
        )


def test_a_past_years_criteria_set_is_immutable_once_used(area_assessment, personas):
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    recalled = Criterion.objects.get(
        criteria_set__year=YEAR, code="5", criteria_set__target="residential_area"
    )
    assert CriteriaSet.objects.get(pk=recalled.criteria_set_id).is_locked
    with pytest.raises(ValidationError, match="đã được dùng"):
        criterion_update(by=personas.system_admin, criterion=recalled, text="Sửa lại")
    from antq.assessments.services.criteria import criteria_load

    criteria_load(year=YEAR + 1)
    next_year = Criterion.objects.get(
        criteria_set__year=YEAR + 1, code="5", criteria_set__target="residential_area"
    )
    criterion_update(by=personas.system_admin, criterion=next_year, text="Nội dung năm sau")
    recalled.refresh_from_db()
    assert recalled.text != "Nội dung năm sau"


def test_confirmed_wording_of_the_national_set_is_not_editable(campaign, personas):
    confirmed = Criterion.objects.get(
        criteria_set__year=YEAR, code="2", criteria_set__target="residential_area"
    )
    with pytest.raises(ValidationError):
        criterion_update(by=personas.system_admin, criterion=confirmed, text="Khác")
    with pytest.raises(Refused, match="Chỉ quản trị hệ thống"):
        criterion_update(by=personas.province_approver, criterion=confirmed, text="Khác")


def test_a_commune_needs_every_unit_registered_and_70_percent_recognized(campaign, tree, personas):
    """The worked rule: of 25 units, 18 recognized (72 %) passes, 17 (68 %) fails."""
    commune = tree.commune_b
    areas = [tree.area_b] + [
        make_unit(parent=commune, code=f"06673-{i:03d}", name=f"Khu phố {i}") for i in range(2, 26)
    ]
    for area in areas:
        registration_create(by=personas.officer_b, campaign=campaign, unit=area)
    for area in areas[:17]:
        Assessment.objects.create(campaign=campaign, unit=area, status=S.RECOGNIZED)
    commune_assessment = assessment_start(by=personas.officer_b, campaign=campaign, unit=commune)
    fill_all_met(commune_assessment, personas.officer_b)
    answers = {a.criterion.code: a for a in commune_assessment.answers.select_related("criterion")}
    assert answers["4a"].met is True and answers["4a"].computed["denominator"] == 25
    assert answers["4b"].met is False and answers["4b"].computed["value"] == "68.00"
    assert "17/25" in answers["4b"].computed["explanation"]
    Assessment.objects.create(campaign=campaign, unit=areas[17], status=S.RECOGNIZED)
    assessment_save(by=personas.officer_b, assessment=commune_assessment, answers={})
    assert commune_assessment.answers.get(criterion__code="4b").met is True


def test_the_commune_itself_is_reviewed_by_the_province_not_by_its_own_officer(
    campaign, tree, personas
):
    assessment = assessment_start(by=personas.officer_a, campaign=campaign, unit=tree.commune_a)
    fill_all_met(assessment, personas.officer_a)
    for unit in (tree.area_a, tree.school_a):
        registration_create(by=personas.officer_a, campaign=campaign, unit=unit)
        Assessment.objects.create(campaign=campaign, unit=unit, status=S.RECOGNIZED)
    assessment_submit(by=personas.officer_a, assessment=assessment)
    with pytest.raises(Refused):
        assessment_propose(by=personas.officer_a, assessment=assessment)
    assessment_propose(by=personas.province_approver, assessment=assessment)


def test_units_outside_the_campaigns_province_cannot_be_assessed(campaign, tree, personas):
    with pytest.raises(ValidationError):
        assessment_start(by=personas.system_admin, campaign=campaign, unit=tree.vinh_long)
    district = Unit.objects.get(pk=tree.district.pk)
    with pytest.raises(ValidationError):
        assessment_start(by=personas.system_admin, campaign=campaign, unit=district)


def test_the_moves_open_from_each_state_are_declared_once_on_the_model(area_assessment):
    allowed = [move.name for move in Assessment.moves.allowed(area_assessment)]
    assert allowed == ["edit", "submit"]
    area_assessment.status = S.PROPOSED
    allowed = [move.name for move in Assessment.moves.allowed(area_assessment)]
    assert allowed == ["return", "reject", "recognize", "confirm_scores"]


def test_a_wrong_state_names_the_current_state(area_assessment, personas):
    with pytest.raises(WrongState) as refused:
        assessment_return(by=personas.officer_a, assessment=area_assessment, reason="Thiếu")
    assert refused.value.as_dict() == {
        "current_state": "draft",
        "current_state_label": "Đang tự đánh giá",
    }


def test_a_service_called_without_an_actor_fails_instead_of_skipping_the_check(
    area_assessment,
):
    with pytest.raises(TypeError):
        assessment_save(by=None, assessment=area_assessment, answers={})


def test_the_system_actor_reviews_and_is_named_in_the_audit_log(area_assessment, personas):
    """The demo loader reviews as the system: no person is recorded as the
    reviewer, the audit entry names the system."""
    robot = SystemActor("demo")
    fill_all_met(area_assessment, personas.officer_a)
    assessment_submit(by=personas.officer_a, assessment=area_assessment)
    assessment_propose(by=robot, assessment=area_assessment)
    area_assessment.refresh_from_db()
    assert area_assessment.status == S.PROPOSED and area_assessment.reviewed_by is None
    entry = AuditEntry.objects.filter(object_type="assessments.assessment").latest("pk")
    assert (entry.actor_id, entry.actor_name) == (None, "hệ thống (demo)")


def test_a_meeting_dated_after_today_is_refused_and_nothing_is_written(area_assessment, personas):
    from datetime import timedelta

    from antq.core.dates import today

    version = area_assessment.version
    with pytest.raises(ValidationError, match=r"Ngày họp .* ở sau ngày hôm nay"):
        assessment_save(
            by=personas.officer_a,
            assessment=area_assessment,
            meeting={"date": today() + timedelta(days=3), "chair": "Trưởng khu phố"},
        )
    area_assessment.refresh_from_db()
    assert area_assessment.meeting_date is None and area_assessment.version == version
