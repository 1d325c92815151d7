"""One of everything, in commune A, commune B and the province, for the tests
that walk every URL: the ids that fill each URL pattern come from here."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.test import TestCase

from antq.accounts.models import ApiToken, Assignment, User
from antq.accounts.services import token_issue
from antq.activities.models import Activity, ActivityAttachment, FestivalPlan
from antq.activities.services import (
    activity_create,
    attachment_add,
    festival_plan_save,
    festival_site_add,
)
from antq.activities.tests.conftest import entry
from antq.assessments.models import Assessment, Criterion, Evidence, RecognitionDecision
from antq.assessments.services.campaigns import campaign_open, registration_create
from antq.assessments.services.decisions import decision_create, decision_issue
from antq.assessments.services.workflow import (
    assessment_propose,
    assessment_start,
    assessment_submit,
)
from antq.assessments.tests.conftest import fill_all_met
from antq.awards import services as awards
from antq.awards.models import AwardType, Nomination, Round
from antq.awards.models import Decision as AwardDecision
from antq.community.models import CommunityModel, Example
from antq.community.services import ExampleInput, example_create, model_register
from antq.community.tests.conftest import model_input
from antq.core.models import Job
from antq.core.periods import parse
from antq.forces.models import Member, Team
from antq.forces.services import member_add, team_create
from antq.forces.tests.conftest import person
from antq.indicators.models import ReportForm, Submission
from antq.indicators.services import catalogue_load, submission_submit, values_save
from antq.plans.models import Committee, Plan, ProgressEvidence
from antq.plans.services import (
    PlanInput,
    TaskInput,
    committee_create,
    committee_member_add,
    evidence_add,
    plan_create,
)
from antq.reminders.models import Notification
from antq.reports.charts import bar_by_unit
from antq.reports.models import Report, ReportTemplate

MONTH = "202610"
FULL_REPORT = {
    "TT_BUOI": {"": Decimal(2)},
    "NT_TIN_BAO": {"": Decimal(1)},
    "TP_SO_VU": {"trom_cap": Decimal(1)},
    "TP_KHAM_PHA": {"": Decimal(1)},
    "TNGT_SO_VU": {"": Decimal(0)},
}


@dataclass
class World:
    tree: object
    personas: object
    campaign: object
    assessment_a: Assessment
    assessment_b: Assessment
    evidence_a: Evidence
    decision_a: RecognitionDecision
    submission_a: Submission
    submission_b: Submission
    criterion: Criterion
    job_a: Job
    user_a: User
    assignment_a: Assignment
    token_a: ApiToken
    activity_a: Activity
    attachment_a: ActivityAttachment
    team_a: Team
    member_a: Member
    model_a: CommunityModel
    example_a: Example
    festival: FestivalPlan
    plan: Plan
    evidence: ProgressEvidence
    committee: Committee
    award_round: Round
    nomination_a: Nomination
    award_decision: AwardDecision
    report_a: Report
    report_province: Report
    notification_a: Notification


def _reviewable(campaign, unit, by) -> Assessment:
    registration_create(by=by, campaign=campaign, unit=unit)
    assessment = assessment_start(by=by, campaign=campaign, unit=unit)
    fill_all_met(assessment, by)
    return assessment_submit(by=by, assessment=assessment)


def _report(form, unit, by) -> Submission:
    submission = values_save(by=by, form=form, unit=unit, period=parse(MONTH), values=FULL_REPORT)
    return submission_submit(by=by, submission=submission)


def build_world(tree, personas) -> World:
    catalogue_load()
    form = ReportForm.objects.get(code="BC-THANG-XA")
    p = personas
    campaign = campaign_open(by=p.province_approver, province=tree.province, year=2026)
    assessment_a = _reviewable(campaign, tree.area_a, p.officer_a)
    assessment_b = _reviewable(campaign, tree.area_b, p.officer_b)
    school = _reviewable(campaign, tree.school_a, p.officer_a)
    assessment_propose(by=p.officer_a, assessment=school)
    decision = decision_create(
        by=p.officer_a,
        campaign=campaign,
        issuer=tree.commune_a,
        assessments=[school],
        number=3,
        day=date(2026, 12, 1),
        signer_name="Nguyễn Văn Chủ",
        place="Hạ Long",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the files, made after the commit
        decision_issue(by=p.officer_a, decision=decision)
    evidence = Evidence(
        assessment=assessment_a, name="bien-ban.pdf", size=8, content_type="application/pdf"
    )
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4"), save=False)
    evidence.save()
    activity = activity_create(by=p.officer_a, data=entry(tree.area_a))
    attachment = attachment_add(
        by=p.officer_a, activity=activity, upload=ContentFile(b"%PDF-1.4", name="bien-ban.pdf")
    )
    team = team_create(by=p.officer_a, unit=tree.area_a, established_on=date(2025, 7, 1))
    member = member_add(by=p.officer_a, team=team, data=person("Lê Văn Tâm", role="to_truong"))
    model = model_register(by=p.officer_a, data=model_input(tree.commune_a), site_unit=tree.area_a)
    example = example_create(
        by=p.officer_a,
        data=ExampleInput(kind="collective", unit=tree.area_a, year=2026, achievement="Tốt"),
    )
    festival = festival_plan_save(
        by=p.province_approver,
        province=tree.province,
        year=2026,
        window_start=date(2026, 7, 1),
        window_end=date(2026, 8, 19),
    )
    festival_site_add(
        by=p.officer_a, plan=festival, unit=tree.school_a, planned_on=date(2026, 8, 2)
    )
    plan = plan_create(
        by=p.province_approver,
        data=PlanInput(
            unit=tree.province,
            number="222",
            symbol="KH-UBND",
            date=date(2022, 3, 10),
            title="Kế hoạch 2022–2026",
            first_year=2022,
            last_year=2026,
            tasks=[TaskInput(1, "Ngày hội 19/8", tree.commune_a, deadline=date(2026, 8, 19))],
        ),
    )
    progress = evidence_add(
        by=p.officer_a,
        occurrence=plan.tasks.get().occurrences.get(),
        upload=ContentFile(b"%PDF-1.4", name="bao-cao.pdf"),
    )
    committee = committee_create(
        by=p.province_approver,
        unit=tree.province,
        name="Ban Chỉ đạo 138 tỉnh",
        decision_number="1234/QĐ-UBND",
        decision_date=date(2025, 8, 1),
    )
    committee_member_add(
        by=p.province_approver,
        committee=committee,
        full_name="Nguyễn Văn Trưởng",
        position="Phó Chủ tịch UBND tỉnh",
        role="truong_ban",
        started_on=date(2025, 8, 1),
    )
    award_round = awards.round_open(
        by=p.province_approver,
        unit=tree.province,
        year=2026,
        kind="year_end",
        name="Tổng kết năm 2026",
        deadline=date(2026, 12, 10),
    )
    nomination = awards.nominate(
        by=p.officer_a,
        round=award_round,
        data=awards.NominationInput(
            award_type=AwardType.objects.get(code="giay_khen_chu_tich_xa"),
            recipient_kind="individual",
            unit=tree.area_a,
            achievement="Báo tin giúp bắt 2 đối tượng",
            person_name="Lê Văn Tâm",
            birth_year=1978,
        ),
    )
    accepted = awards.nominate(
        by=p.officer_a,
        round=award_round,
        data=awards.NominationInput(
            award_type=AwardType.objects.get(code="giay_khen_chu_tich_xa"),
            recipient_kind="collective",
            unit=tree.area_a,
            achievement="Ba năm liền không có tội phạm",
        ),
    )
    awards.nomination_accept(by=p.province_approver, nomination=accepted)
    award_decision = awards.decision_create(
        by=p.province_approver,
        round=award_round,
        award_type=accepted.award_type,
        number=300,
        date=date(2026, 11, 20),
        signer_name="Nguyễn Văn Chủ",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        awards.decision_issue(by=p.province_approver, decision=award_decision)
    # a decision issued outside antq, recorded with its recipient (placed rows too)
    awards.award_record_create(
        by=p.province_approver,
        data=awards.AwardRecordInput(
            unit=tree.province,
            authority="Bộ trưởng Bộ Công an",
            number="1200/QĐ-BCA",
            date=date(2026, 10, 15),
            award_type=AwardType.objects.get(code="bang_khen_bo_truong"),
            recipients=[awards.RecipientInput("collective", tree.commune_a)],
        ),
    )
    return World(
        tree=tree,
        personas=personas,
        campaign=campaign,
        assessment_a=assessment_a,
        assessment_b=assessment_b,
        evidence_a=evidence,
        decision_a=decision,
        submission_a=_report(form, tree.commune_a, p.officer_a),
        submission_b=_report(form, tree.commune_b, p.officer_b),
        criterion=Criterion.objects.filter(criteria_set__year=2026).first(),
        job_a=Job.objects.create(
            kind="import", label="nhập thử", status=Job.Status.DONE, created_by=p.officer_a
        ),
        user_a=p.officer_a,
        assignment_a=p.officer_a.assignments.get(),
        token_a=_token(p.officer_a),
        activity_a=activity,
        attachment_a=attachment,
        team_a=team,
        member_a=member,
        model_a=model,
        example_a=example,
        festival=festival,
        plan=plan,
        evidence=progress,
        committee=committee,
        award_round=award_round,
        nomination_a=nomination,
        award_decision=award_decision,
        report_a=_movement_report(tree.commune_a, Report.Status.ISSUED, p),
        report_province=_movement_report(tree.province, Report.Status.DRAFT, p),
        notification_a=Notification.objects.create(
            user=p.officer_a,
            kind="statistics_due",
            key="stat-due:BC-THANG-XA:202611:a",
            unit=tree.commune_a,
            text="Báo cáo tháng 11/2026 của Phường Hạ Long: hạn nộp 20/12/2026.",
            url="/thong-ke/",
        ),
    )


def _movement_report(unit, status, personas) -> Report:
    """A movement report stored directly (drafting and issuing are tested in
    antq/reports/tests): one section with a figure, a chart and its narrative;
    issued, its document in the register (number 12, 20/11/2026)."""
    chart = bar_by_unit("Buổi tuyên truyền", "buổi", [("Khu phố 1", 3.0)])
    section = {
        "key": "s4", "number": "2", "heading": "Công tác tuyên truyền", "level": 2,
        "placeholder": "[Nêu hình thức tuyên truyền.]",
        "lines": [{"code": "HD_TUYEN_TRUYEN", "name": "Buổi tuyên truyền đã ghi nhận",
                   "unit": "buổi", "current": "3", "previous": None,
                   "sentence": "Tổ chức 3 buổi tuyên truyền", "link": "/bang-dieu-khien/"}],
        "table": None, "chart": {"title": "Buổi tuyên truyền", "spec": chart},
    }  # fmt: skip
    issued = status == Report.Status.ISSUED
    report = Report.objects.create(
        template=ReportTemplate.objects.get(is_default=True),
        unit=unit,
        scope_path=unit.path,
        period="2026",
        view="restated",
        status=status,
        figures={"unit": unit.name, "period": "2026", "note": "", "sections": [section]},
        narrative={"s4": "Tuyên truyền qua loa truyền thanh." if issued else "[Nêu hình thức.]"},
    )
    if issued:
        from antq.documents.services import document_create, document_issue
        from antq.reports.documents import SOURCE

        draft = document_create(
            by=personas.province_approver,
            unit=unit,
            purpose="report",
            source_kind=SOURCE,
            source_id=report.pk,
            number=12,
            day=date(2026, 11, 20),
            signer_name="Nguyễn Văn Chủ",
        )
        with TestCase.captureOnCommitCallbacks(execute=True):
            report.document = document_issue(by=personas.province_approver, document=draft)
        report.save(update_fields=["document"])
    return report


def _token(user) -> ApiToken:
    token_issue(user=user, name="máy nhập liệu")
    return user.api_tokens.get()
