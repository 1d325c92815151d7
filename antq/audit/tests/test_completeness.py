"""Every write service leaves its trail: each public function of a `services`
module is declared here either as a write (called on a world of real data, it
must add exactly the audit entries declared, each with what it changed) or as
a read/helper. A service added later without a declaration fails this test."""

import importlib
import inspect
import pkgutil
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import timezone

import antq
from antq.accounts.models import Role
from antq.audit.models import AuditEntry
from antq.core.periods import parse
from tests.world import FULL_REPORT

# Functions of services modules that write nothing (reads, helpers, pure
# functions) or write only through a caller that audits (documented there).
NOT_WRITES = {
    "antq.accounts.services.login_is_throttled",
    "antq.accounts.services.token_user",  # marks last use only
    "antq.accounts.services.forget_cached_tokens",  # empties a per-process cache
    "antq.accounts.services.users_managed_by",
    "antq.accounts.services.tokens_visible_to",
    "antq.accounts.services.two_factor_required",
    "antq.accounts.services.two_factor_device",
    "antq.accounts.services.two_factor_start",  # an unconfirmed secret; confirming is audited
    "antq.accounts.services.account_changes",
    "antq.assessments.services.campaigns.campaign_defaults",
    "antq.assessments.services.criteria.criteria_for",
    "antq.assessments.services.workflow.reviewer_unit",
    "antq.assessments.services.workflow.assessment_blank",
    "antq.assessments.services.workflow.assessment_require_reviewer",
    "antq.assessments.services.workflow.missing_answers",
    "antq.assessments.services.workflow.classify",
    "antq.assessments.services.workflow.assessment_deadline_passed",
    "antq.activities.services.activity_check",
    "antq.activities.services.may_publish",
    "antq.activities.services.festival_link",  # part of activity_create, audited there
    "antq.forces.services.rating_period",
    "antq.forces.services.months_between",
    "antq.forces.services.member_check",
    "antq.forces.services.rating_refusal",
    "antq.forces.services.excellent_cap",
    "antq.community.services.model_check",
    "antq.community.services.site_check",
    "antq.community.services.model_statuses",
    "antq.plans.services.tasks.period_of",
    "antq.plans.services.tasks.expand",
    "antq.plans.services.tasks.task_check",
    "antq.plans.services.plans.plan_check",
    "antq.plans.services.progress.may_report",
    "antq.plans.services.recurrence.recurrence_rule",
    "antq.plans.services.recurrence.recurrence_choice",
    "antq.plans.services.recurrence.recurrence_label",
    "antq.awards.services.nominations.nomination_check",
    "antq.awards.services.records.award_record_check",
    "antq.awards.services.records.recipients_snapshot",
    # a person's own read marks on their reminders: their reading, not data
    "antq.reminders.services.notification_open",
    "antq.reminders.services.notifications_read_all",
    "antq.reports.services.report_check",
    "antq.documents.services.drafts.default_recipients",
    "antq.documents.services.drafts.where",  # the unit a right is checked at
    "antq.documents.services.issuing.file_stem",
    # queues the job that makes the files; the files it makes are audited (document_render)
    "antq.documents.services.issuing.document_render_start",
    "antq.reports.services.narrative_keys",
    "antq.reports.services.quotable",
    "antq.audit.services.snapshot",
    "antq.audit.services.audit_record",  # the trail itself
    "antq.audit.services.audit_record_each",  # the trail itself, for bulk moves
    "antq.audit.services.audit_rows",  # the trail itself, for bulk moves
    "antq.audit.services.audit_read",  # the trail itself, for reads of personal data
    "antq.indicators.services.existing_values",
    "antq.indicators.services.existing_comments",
    "antq.indicators.services.write_values",  # its callers validate and audit
    "antq.units.services.unit_set_path",
    "antq.units.services.unit_refresh_derived",
    "antq.units.services.unit_next_code",
    # seeding of reference data, run by the system at set-up (no user, no row history)
    "antq.assessments.services.criteria.criteria_load",
    "antq.indicators.services.catalogue_load",
}


def _login(w):
    from antq.accounts.services import login_authenticate

    request = RequestFactory().post("/tai-khoan/dang-nhap/", REMOTE_ADDR="127.0.0.1")
    return login_authenticate(request=request, username="xa.a", password="sai-mat-khau")


def _confirm_two_factor(w):
    from django_otp.oath import TOTP

    from antq.accounts.services import two_factor_confirm, two_factor_start

    user = w.personas.officer_a
    device = two_factor_start(user=user)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    assert two_factor_confirm(user=user, device=device, code=f"{code:06d}")


def _new_assessment(w, unit):
    from antq.assessments.services.campaigns import registration_create
    from antq.assessments.services.workflow import assessment_start

    registration_create(by=w.personas.officer_a, campaign=w.campaign, unit=unit)
    return assessment_start(by=w.personas.officer_a, campaign=w.campaign, unit=unit)


def _area(w, code):
    from conftest import make_unit

    return make_unit(parent=w.tree.commune_a, code=code, name=f"Khu phố {code}")


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _plan_draft(w):
    """A draft plan of the province's People's Committee in the register."""
    return _s("documents.services", "document_create")(
        by=w.personas.province_approver,
        unit=w.tree.province,
        purpose="plan",
        subject="Kế hoạch",
        day=date(2026, 11, 2),
        signer_name="Nguyễn Văn Chủ",
    )


def _drafted_plan(w):
    """A plan of the province drafted on its People's Committee's register."""
    plans = importlib.import_module("antq.plans.services")
    return plans.plan_create(
        by=w.personas.province_approver,
        data=plans.PlanInput(
            unit=w.tree.province, number="", symbol="", date=date(2026, 11, 2),
            title="Thực hiện phong trào năm 2026", first_year=2026, last_year=2026,
            on_register=True,
            tasks=[plans.TaskInput(1, "Tổ chức Ngày hội 19/8", w.tree.commune_a)],
        ),
    )  # fmt: skip


def _s(module: str, name: str):
    return getattr(importlib.import_module(f"antq.{module}"), name)


def _record(w):
    """Quảng Ninh's record of a 2019 decision of the Minister (one entry)."""
    awards = importlib.import_module("antq.awards.services")
    return awards.award_record_create(
        by=w.personas.province_approver,
        data=awards.AwardRecordInput(
            unit=w.tree.province,
            authority="Bộ trưởng Bộ Công an",
            number="9650/QĐ-BCA",
            date=date(2019, 12, 20),
            award_type=_s("awards.models", "AwardType").objects.get(code="bang_khen_bo_truong"),
            recipients=[awards.RecipientInput("collective", w.tree.old_commune)],
        ),
    )


def _closed_plan(w):
    """A 2024 plan of Tỉnh Bến Tre, closed in 2025 (one entry)."""
    plans = importlib.import_module("antq.plans.services")
    return plans.plan_create(
        by=w.personas.system_admin,
        data=plans.PlanInput(
            unit=w.tree.ben_tre,
            number="50",
            symbol="KH-UBND",
            date=date(2024, 2, 1),
            title="Kế hoạch 2024–2025",
            first_year=2024,
            last_year=2025,
        ),
    )


def _boundaries_import(w):
    """Two communes' squares near Hạ Long, in a GeoJSON file of today."""
    import json
    import tempfile
    from pathlib import Path

    features = [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[x, 20.9], [x + 0.01, 20.9], [x + 0.01, 20.91], [x, 20.91], [x, 20.9]]
                ],
            },
        }
        for code, x in (("06688", 107.05), ("06673", 107.02))
    ]
    path = Path(tempfile.mkdtemp()) / "ranh-gioi.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return _s("maps.services", "boundaries_import")(
        path=path, as_of=date(2026, 1, 1), by=w.personas.province_approver
    )


# "module.function": (call on the world, audit entries it must add)
WRITES = {
    "accounts.services.login_authenticate": (_login, 1),  # a failed sign-in is recorded
    "accounts.services.token_issue": (
        lambda w: _s("accounts.services", "token_issue")(user=w.personas.officer_a),
        1,
    ),
    "accounts.services.token_revoke": (
        lambda w: _s("accounts.services", "token_revoke")(by=w.personas.officer_a, token=w.token_a),
        1,
    ),
    "accounts.services.two_factor_confirm": (_confirm_two_factor, 1),
    "accounts.services.two_factor_check": (
        lambda w: _s("accounts.services", "two_factor_check")(
            user=w.personas.officer_a, code="000000"
        ),
        1,  # a wrong code is recorded like a failed sign-in
    ),
    "accounts.services.user_create": (
        lambda w: _s("accounts.services", "user_create")(
            by=w.personas.unit_admin,
            username="xa.moi",
            password="mat-khau-dai-2026!",
            role=Role.DATA_ENTRY,
            unit=w.tree.commune_a,
        ),
        2,  # the account, then its first assignment
    ),
    "accounts.services.assignment_add": (
        lambda w: _s("accounts.services", "assignment_add")(
            by=w.personas.unit_admin,
            user=w.personas.viewer,
            role=Role.VIEWER,
            unit=w.tree.commune_a,
        ),
        1,
    ),
    "accounts.services.assignment_remove": (
        lambda w: _s("accounts.services", "assignment_remove")(
            by=w.personas.unit_admin, assignment=w.assignment_a
        ),
        1,
    ),
    "accounts.services.user_set_active": (
        lambda w: _s("accounts.services", "user_set_active")(
            by=w.personas.unit_admin, user=w.user_a, active=False, unit=w.tree.commune_a
        ),
        2,  # the account, and its one token revoked
    ),
    "accounts.services.password_change": (
        lambda w: _s("accounts.services", "password_change")(
            user=w.personas.officer_a, password="mat-khau-moi-2026!"
        ),
        2,  # its one token revoked, then the password
    ),
    "accounts.services.user_access_revoke": (
        lambda w: _s("accounts.services", "user_access_revoke")(
            by=w.personas.unit_admin, user=w.personas.officer_a
        ),
        1,  # one entry per token revoked
    ),
    "assessments.services.campaigns.campaign_open": (
        lambda w: _s("assessments.services.campaigns", "campaign_open")(
            by=w.personas.province_approver, province=w.tree.province, year=2027
        ),
        1,
    ),
    "assessments.services.campaigns.registration_create": (
        lambda w: _s("assessments.services.campaigns", "registration_create")(
            by=w.personas.officer_a, campaign=w.campaign, unit=_area(w, "06688-009")
        ),
        1,
    ),
    "assessments.services.criteria.criterion_add": (
        lambda w: _s("assessments.services.criteria", "criterion_add")(
            by=w.personas.province_approver,
            province=w.tree.province,
            year=2027,
            target="residential_area",
            code="QN1",
            text="Có camera an ninh tại cổng khu phố",
        ),
        1,
    ),
    "assessments.services.criteria.criterion_update": (
        lambda w: _s("assessments.services.criteria", "criterion_update")(
            by=w.personas.province_approver,
            criterion=_s("assessments.services.criteria", "criterion_add")(
                by=w.personas.province_approver,
                province=w.tree.province,
                year=2027,
                target="residential_area",
                code="QN2",
                text="Nội dung cũ",
            ),
            text="Nội dung mới",
        ),
        2,  # the added criterion, then its update
    ),
    "assessments.services.criteria.criteria_copy_year": (
        lambda w: (
            _s("assessments.services.criteria", "criterion_add")(
                by=w.personas.province_approver,
                province=w.tree.province,
                year=2026,
                target="residential_area",
                code="QN1",
                text="Có camera an ninh tại cổng khu phố",
            ),
            _s("assessments.services.criteria", "criteria_copy_year")(
                by=w.personas.province_approver,
                province=w.tree.province,
                from_year=2026,
                to_year=2027,
            ),
        ),
        2,  # the 2026 criterion, then the copied 2027 set
    ),
    "activities.services.activity_create": (
        lambda w: _s("activities.services", "activity_create")(
            by=w.personas.officer_a, data=_s("activities.tests.conftest", "entry")(w.tree.commune_a)
        ),
        1,
    ),
    "activities.services.activity_update": (
        lambda w: _s("activities.services", "activity_update")(
            by=w.personas.officer_a,
            activity=w.activity_a,
            data=_s("activities.tests.conftest", "entry")(w.tree.area_a, attendance=7),
        ),
        1,
    ),
    "activities.services.activity_delete": (
        lambda w: _s("activities.services", "activity_delete")(
            by=w.personas.officer_a, activity=w.activity_a
        ),
        1,
    ),
    "activities.services.attachment_add": (
        lambda w: _s("activities.services", "attachment_add")(
            by=w.personas.officer_a,
            activity=w.activity_a,
            upload=ContentFile(b"x", name="anh.jpg"),
        ),
        1,
    ),
    "activities.services.festival_plan_save": (
        lambda w: _s("activities.services", "festival_plan_save")(
            by=w.personas.province_approver,
            province=w.tree.province,
            year=2025,
            window_start=date(2025, 7, 1),
            window_end=date(2025, 8, 19),
        ),
        1,
    ),
    "activities.services.festival_site_add": (
        lambda w: _s("activities.services", "festival_site_add")(
            by=w.personas.officer_a,
            plan=w.festival,
            unit=w.tree.area_a,
            planned_on=date(2026, 8, 10),
        ),
        1,
    ),
    "community.services.model_register": (
        lambda w: _s("community.services", "model_register")(
            by=w.personas.officer_a,
            data=_s("community.tests.conftest", "model_input")(w.tree.commune_a, name="Mới"),
            site_unit=w.tree.area_a,
        ),
        2,  # the model, then its first site
    ),
    "community.services.model_update": (
        lambda w: _s("community.services", "model_update")(
            by=w.personas.officer_a, model=w.model_a, status="paused"
        ),
        1,
    ),
    "community.services.model_recognise": (
        lambda w: _s("community.services", "model_recognise")(
            by=w.personas.officer_a, model=w.model_a, year=2026
        ),
        1,
    ),
    "community.services.site_add": (
        lambda w: _s("community.services", "site_add")(
            by=w.personas.officer_a,
            model=w.model_a,
            unit=_area(w, "06688-030"),
            started_on=date(2026, 2, 1),
        ),
        1,
    ),
    "community.services.site_end": (
        lambda w: _s("community.services", "site_end")(
            by=w.personas.officer_a, site=w.model_a.sites.get(), on=date(2026, 10, 1)
        ),
        1,
    ),
    "community.services.site_evaluate": (
        lambda w: _s("community.services", "site_evaluate")(
            by=w.personas.officer_a, site=w.model_a.sites.get(), year=2026, result="effective"
        ),
        1,
    ),
    "community.services.example_create": (
        lambda w: _s("community.services", "example_create")(
            by=w.personas.officer_a,
            data=_s("community.services", "ExampleInput")(
                kind="individual",
                unit=w.tree.area_a,
                year=2026,
                achievement="Báo tin",
                person_name="Lê Văn Tâm",
            ),
        ),
        1,
    ),
    "community.services.example_update": (
        lambda w: _s("community.services", "example_update")(
            by=w.personas.officer_a,
            example=w.example_a,
            data=_s("community.services", "ExampleInput")(
                kind="collective",
                unit=w.tree.area_a,
                year=2025,
                achievement="Tốt",
            ),
        ),
        1,
    ),
    "awards.services.rounds.round_open": (
        lambda w: _s("awards.services", "round_open")(
            by=w.personas.province_approver,
            unit=w.tree.province,
            year=2026,
            kind="festival",
            name="Ngày hội 2026",
            deadline=date(2026, 8, 30),
        ),
        1,
    ),
    "awards.services.rounds.round_close": (
        lambda w: _s("awards.services", "round_close")(
            by=w.personas.province_approver, round=w.award_round
        ),
        1,
    ),
    "awards.services.nominations.nominate": (
        lambda w: _s("awards.services", "nominate")(
            by=w.personas.officer_a,
            round=w.award_round,
            data=_s("awards.services", "NominationInput")(
                award_type=_s("awards.models", "AwardType").objects.get(
                    code="giay_khen_chu_tich_xa"
                ),
                recipient_kind="individual",
                unit=w.tree.area_a,
                achievement="Tốt",
                person_name="Phạm Thị Lan",
            ),
        ),
        1,
    ),
    "awards.services.nominations.nomination_accept": (
        lambda w: _s("awards.services", "nomination_accept")(
            by=w.personas.province_approver, nomination=w.nomination_a
        ),
        1,
    ),
    "awards.services.nominations.nomination_reject": (
        lambda w: _s("awards.services", "nomination_reject")(
            by=w.personas.province_approver,
            nomination=w.nomination_a,
            reason="Chưa đủ thành tích",
        ),
        1,
    ),
    "awards.services.decisions.decision_create": (
        lambda w: _s("awards.services", "decision_create")(
            by=w.personas.province_approver,
            round=w.award_round,
            award_type=_s("awards.services", "nomination_accept")(
                by=w.personas.province_approver, nomination=w.nomination_a
            ).award_type,
            number=301,
            date=date(2026, 11, 22),
            signer_name="Nguyễn Văn Chủ",
        ),
        3,  # the council's acceptance, the draft document, then the draft decision
    ),
    "awards.services.proposals.proposal_draft": (
        lambda w: _s("awards.services", "proposal_draft")(
            by=w.personas.province_approver,
            round=w.award_round,
            award_type=_s("awards.services", "nomination_accept")(
                by=w.personas.province_approver, nomination=w.nomination_a
            ).award_type,
        ),
        3,  # the council's acceptance, its body (made on first use), then the draft
    ),
    "awards.services.decisions.decision_issue": (
        lambda w: _s("awards.services", "decision_issue")(
            by=w.personas.province_approver,
            decision=WRITES["awards.services.decisions.decision_create"][0](w),
        ),
        7,  # the acceptance, the drafts (document, decision), the decision issued, its one
        # nomination awarded, the document issued, its one certificate
    ),
    "awards.services.decisions.decision_reissue": (
        lambda w: _s("awards.services", "decision_reissue")(
            by=w.personas.province_approver, decision=w.award_decision, note="Sửa tên"
        ),
        4,  # the correction's draft, its issue (its own number), the first marked
        # corrected, then the decision
    ),
    "awards.services.records.award_record_create": (_record, 1),
    "awards.services.records.award_record_original_attach": (
        lambda w: _s("awards.services", "award_record_original_attach")(
            by=w.personas.province_approver,
            record=_record(w),
            upload=ContentFile(b"%PDF-1.4", name="9650-qd-bca.pdf"),
        ),
        2,  # the record, then its scan
    ),
    "awards.services.records.award_record_delete": (
        lambda w: _s("awards.services", "award_record_delete")(
            by=w.personas.province_approver, record=_record(w)
        ),
        2,  # the record, then its removal
    ),
    "plans.services.plans.plan_take_over": (
        lambda w: _s("plans.services", "plan_take_over")(
            by=w.personas.system_admin,
            plan=_closed_plan(w),
            unit=w.tree.vinh_long,
            on=date(2025, 7, 1),
        ),
        2,  # the plan, then Vĩnh Long takes it over
    ),
    "reminders.services.reminders_send": (
        lambda w: _s("reminders.services", "reminders_send")(today=date(2026, 12, 18)),
        1,  # one entry per daily run, with how many were written
    ),
    "reminders.services.preferences_save": (
        lambda w: _s("reminders.services", "preferences_save")(
            by=w.personas.officer_a, choices={"task_due": (True, False)}
        ),
        1,
    ),
    "maps.services.boundaries_import": (lambda w: _boundaries_import(w), 2),  # one per unit
    "maps.services.location_set": (
        lambda w: _s("maps.services", "location_set")(
            by=w.personas.officer_a,
            subject=w.team_a,
            latitude=Decimal("20.95"),
            longitude=Decimal("107.05"),
        ),
        1,
    ),
    "maps.services.location_clear": (
        lambda w: (
            _s("maps.services", "location_set")(
                by=w.personas.officer_a,
                subject=w.team_a,
                latitude=Decimal("20.95"),
                longitude=Decimal("107.05"),
            ),
            _s("maps.services", "location_clear")(by=w.personas.officer_a, subject=w.team_a),
        ),
        2,  # the point set, then taken off
    ),
    "reports.services.report_create": (
        lambda w: _s("reports.services", "report_create")(
            by=w.personas.province_approver, unit=w.tree.province, period="2026S1"
        ),
        1,
    ),
    "reports.services.report_refresh": (
        lambda w: _s("reports.services", "report_refresh")(
            by=w.personas.province_approver, report=w.report_province
        ),
        1,
    ),
    "reports.services.report_edit": (
        lambda w: _s("reports.services", "report_edit")(
            by=w.personas.province_approver,
            report=w.report_province,
            narrative={"s4": "Tuyên truyền trên loa truyền thanh."},
        ),
        1,
    ),
    "reports.services.report_quote": (
        lambda w: _s("reports.services", "report_quote")(
            by=w.personas.province_approver, report=w.report_province, key="s4", source=w.report_a
        ),
        1,
    ),
    "reports.services.report_issue": (
        lambda w: _s("reports.services", "report_issue")(
            by=w.personas.province_approver,
            report=_s("reports.services", "report_edit")(
                by=w.personas.province_approver,
                report=w.report_province,
                narrative={  # every section of the template written
                    **{
                        k: "Đã viết."
                        for k in _s("reports.services", "narrative_keys")(w.report_province)
                    },
                    "s1": "Ổn định.",
                    "s3": "Đã ban hành kế hoạch.",
                    "s4": "Loa.",
                    "s7": "Nhân rộng.",
                    "s12": "Tốt.",
                    "s13": "Tiếp tục.",
                },
            ),
            data=_s("reports.services", "IssueInput")(
                number=9,
                date=date(2026, 11, 23),
                signer_name="Nguyễn Văn Chủ",
                signer_title="Chủ tịch",
            ),
        ),
        4,  # the narrative, the report's document drafted and issued, then the report
    ),
    "documents.services.bodies.issuing_body_ensure": (
        lambda w: _s("documents.services", "issuing_body_ensure")(
            by=w.personas.province_approver, unit=w.tree.commune_b, kind="cong_an"
        ),
        1,  # made on first use, with its defaults
    ),
    "documents.services.drafts.document_create": (
        lambda w: _plan_draft(w),
        1,
    ),
    "documents.services.drafts.document_update": (
        lambda w: _s("documents.services", "document_update")(
            by=w.personas.province_approver, document=_plan_draft(w), subject="Kế hoạch năm 2026"
        ),
        2,  # the draft, then its edit
    ),
    "documents.services.drafts.document_correct": (
        lambda w: _s("documents.services", "document_correct")(
            by=w.personas.officer_a, original=w.decision_a.document, text="Sửa tên khu phố"
        ),
        1,  # a draft citing the original; the original is marked when it is issued
    ),
    "documents.services.drafts.document_replace": (
        lambda w: _s("documents.services", "document_replace")(
            by=w.personas.officer_a, original=w.decision_a.document, reason="Sai thẩm quyền"
        ),
        1,
    ),
    "documents.services.issuing.document_issue": (
        lambda w: _s("documents.services", "document_issue")(
            by=w.personas.province_approver, document=_plan_draft(w)
        ),
        2,  # the draft, then its issue (number, date)
    ),
    "documents.services.issuing.document_render": (
        lambda w: _s("documents.services", "document_render")(
            by=w.personas.province_approver,
            document=_s("documents.services", "document_issue")(
                by=w.personas.province_approver, document=_plan_draft(w)
            ),
        ),
        3,  # the draft, its issue, then its files (outside the issuing transaction)
    ),
    "plans.services.plans.plan_create": (
        lambda w: _s("plans.services", "plan_create")(
            by=w.personas.province_approver,
            data=_s("plans.services", "PlanInput")(
                unit=w.tree.province,
                number="7",
                symbol="KH-CAT",
                date=date(2026, 2, 1),
                title="Kế hoạch chuyên đề",
                first_year=2026,
                last_year=2026,
                kind="thematic",
                tasks=[_s("plans.services", "TaskInput")(1, "Ra quân", w.tree.commune_a)],
            ),
        ),
        2,  # the plan, then its task
    ),
    "plans.services.issuing.plan_issue": (
        lambda w: _s("plans.services", "plan_issue")(
            by=w.personas.province_approver,
            plan=_drafted_plan(w),
            day=date(2026, 11, 20),
            signer_name="Nguyễn Văn Chủ",
        ),
        5,  # the draft document, the plan, its task, the document issued, the plan
        # numbered (the files follow in a job after the commit: `document_render`)
    ),
    "plans.services.tasks.task_add": (
        lambda w: _s("plans.services", "task_add")(
            by=w.personas.province_approver,
            plan=w.plan,
            data=_s("plans.services", "TaskInput")(2, "Tổng kết", w.tree.province),
        ),
        1,
    ),
    "plans.services.tasks.task_update": (
        lambda w: _s("plans.services", "task_update")(
            by=w.personas.province_approver,
            task=w.plan.tasks.get(),
            data=_s("plans.services", "TaskInput")(
                1, "Ngày hội", w.tree.commune_a, deadline=date(2026, 8, 15)
            ),
        ),
        1,
    ),
    "plans.services.progress.progress_report": (
        lambda w: _s("plans.services", "progress_report")(
            by=w.personas.officer_a,
            occurrence=w.plan.tasks.get().occurrences.get(),
            status="in_progress",
            percent=40,
        ),
        1,
    ),
    "plans.services.progress.evidence_add": (
        lambda w: _s("plans.services", "evidence_add")(
            by=w.personas.officer_a,
            occurrence=w.plan.tasks.get().occurrences.get(),
            upload=ContentFile(b"%PDF", name="bao-cao.pdf"),
        ),
        1,
    ),
    "plans.services.committees.committee_create": (
        lambda w: _s("plans.services", "committee_create")(
            by=w.personas.officer_a,
            unit=w.tree.commune_a,
            name="Ban Chỉ đạo phường",
            decision_number="5/QĐ-UBND",
            decision_date=date(2025, 9, 1),
        ),
        1,
    ),
    "plans.services.committees.committee_member_add": (
        lambda w: _s("plans.services", "committee_member_add")(
            by=w.personas.province_approver,
            committee=w.committee,
            full_name="Trần Văn Mới",
            position="Chủ tịch UBND tỉnh",
            role="truong_ban",
            started_on=date(2026, 3, 1),
        ),
        2,  # the former head's term ends, the new one begins
    ),
    "plans.services.committees.committee_member_end": (
        lambda w: _s("plans.services", "committee_member_end")(
            by=w.personas.province_approver,
            member=w.committee.members.get(),
            on=date(2026, 3, 1),
        ),
        1,
    ),
    "plans.services.plans.plan_document_upload": (
        lambda w: _s("plans.services", "plan_document_upload")(
            by=w.personas.province_approver,
            plan=w.plan,
            upload=ContentFile(b"%PDF-1.4", name="222-kh-ubnd.pdf"),
        ),
        1,
    ),
    "plans.services.committees.committee_decision_upload": (
        lambda w: _s("plans.services", "committee_decision_upload")(
            by=w.personas.province_approver,
            committee=w.committee,
            upload=ContentFile(b"%PDF-1.4", name="1234-qd-ubnd.pdf"),
        ),
        1,
    ),
    "forces.services.team_create": (
        lambda w: _s("forces.services", "team_create")(
            by=w.personas.officer_a, unit=_area(w, "06688-010"), established_on=date(2025, 8, 1)
        ),
        1,
    ),
    "forces.services.team_update": (
        lambda w: _s("forces.services", "team_update")(
            by=w.personas.officer_a, team=w.team_a, decision_number="130/QĐ-UBND"
        ),
        1,
    ),
    "forces.services.team_dissolve": (
        lambda w: _s("forces.services", "team_dissolve")(
            by=w.personas.officer_a, team=w.team_a, on=date(2026, 10, 1)
        ),
        1,
    ),
    "forces.services.member_add": (
        lambda w: _s("forces.services", "member_add")(
            by=w.personas.officer_a,
            team=w.team_a,
            data=_s("forces.tests.conftest", "person")("Phạm Thị Lan", gender="female"),
        ),
        1,
    ),
    "forces.services.member_update": (
        lambda w: _s("forces.services", "member_update")(
            by=w.personas.officer_a,
            member=w.member_a,
            data=_s("forces.tests.conftest", "person")(
                "Lê Văn Tâm", role="to_truong", birth_year=1979
            ),
        ),
        1,
    ),
    "forces.services.training_add": (
        lambda w: _s("forces.services", "training_add")(
            by=w.personas.officer_a,
            member=w.member_a,
            course="Bồi dưỡng nghiệp vụ",
            start=date(2025, 9, 1),
            result="passed",
        ),
        1,
    ),
    "forces.services.ratings_save": (
        lambda w: _s("forces.services", "ratings_save")(
            by=w.personas.officer_a,
            commune=w.tree.commune_a,
            year=2026,
            members={w.member_a.pk: "good"},
        ),
        1,
    ),
    "assessments.services.decisions.decision_create": (
        lambda w: _s("assessments.services.decisions", "decision_create")(
            by=w.personas.officer_a,
            campaign=w.campaign,
            issuer=w.tree.commune_a,
            assessments=[
                _s("assessments.services.workflow", "assessment_propose")(
                    by=w.personas.officer_a, assessment=w.assessment_a
                )
            ],
            number=11,
            day=date(2026, 12, 1),  # not after the test's today (02/12/2026)
            signer_name="Nguyễn Văn Chủ",
            place="Hạ Long",
        ),
        3,  # the proposal, its draft document, then the draft decision
    ),
    "assessments.services.decisions.decision_issue": (
        lambda w: _s("assessments.services.decisions", "decision_issue")(
            by=w.personas.officer_a,
            decision=WRITES["assessments.services.decisions.decision_create"][0](w),
        ),
        7,  # proposal, draft document and decision, the recognized assessment, the document
        # issued, its one certificate (its own register number), then the decision issued
    ),
    "assessments.services.decisions.decision_reissue": (
        lambda w: _s("assessments.services.decisions", "decision_reissue")(
            by=w.personas.officer_a, decision=w.decision_a, note="Sửa người ký", place="Quảng Ninh"
        ),
        6,  # the replacing draft, its edit, its issue, the first marked replaced, the
        # replacement's certificate, then the decision
    ),
    "assessments.services.workflow.assessment_start": (
        lambda w: _new_assessment(w, _area(w, "06688-010")),
        2,  # registration, then the assessment
    ),
    "assessments.services.workflow.assessment_save": (
        lambda w: _s("assessments.services.workflow", "assessment_save")(
            by=w.personas.officer_a,
            assessment=_new_assessment(w, _area(w, "06688-011")),
            meeting={"chair": "Trưởng khu phố"},
        ),
        3,
    ),
    "assessments.services.workflow.assessment_submit": (
        lambda w: _s("assessments.services.workflow", "assessment_submit")(
            by=w.personas.officer_a,
            assessment=_s("assessments.tests.conftest", "fill_all_met")(
                _new_assessment(w, _area(w, "06688-012")), w.personas.officer_a
            ),
        ),
        4,
    ),
    "assessments.services.workflow.assessment_return": (
        lambda w: _s("assessments.services.workflow", "assessment_return")(
            by=w.personas.officer_a, assessment=w.assessment_a, reason="Bổ sung biên bản"
        ),
        1,
    ),
    "assessments.services.workflow.assessment_propose": (
        lambda w: _s("assessments.services.workflow", "assessment_propose")(
            by=w.personas.officer_a, assessment=w.assessment_a
        ),
        1,
    ),
    "assessments.services.workflow.assessment_reject": (
        lambda w: _s("assessments.services.workflow", "assessment_reject")(
            by=w.personas.officer_a, assessment=w.assessment_a, reason="Còn vụ việc phức tạp"
        ),
        1,
    ),
    "assessments.services.workflow.assessment_confirm_scores": (
        lambda w: _s("assessments.services.workflow", "assessment_confirm_scores")(
            by=w.personas.officer_a,
            assessment=w.assessment_a,
            scores={s.item_id: Decimal(1) for s in w.assessment_a.scores.all()},
        ),
        1,
    ),
    "indicators.services.values_save": (
        lambda w: _s("indicators.services", "values_save")(
            by=w.personas.officer_a,
            form=w.submission_a.form,
            unit=w.tree.commune_a,
            period=parse("202609"),
            values={"TT_BUOI": {"": Decimal(4)}},
        ),
        1,
    ),
    "indicators.services.submission_submit": (
        lambda w: _s("indicators.services", "submission_submit")(
            by=w.personas.officer_a,
            submission=_s("indicators.services", "values_save")(
                by=w.personas.officer_a,
                form=w.submission_a.form,
                unit=w.tree.commune_a,
                period=parse("202609"),
                values=FULL_REPORT,
            ),
        ),
        2,
    ),
    "indicators.services.submission_approve": (
        lambda w: _s("indicators.services", "submission_approve")(
            by=w.personas.province_approver, submission=w.submission_a
        ),
        1,
    ),
    "indicators.services.submissions_approve": (
        lambda w: _s("indicators.services", "submissions_approve")(
            by=w.personas.province_approver, submissions=[w.submission_a, w.submission_b]
        ),
        2,
    ),
    "indicators.services.submission_return": (
        lambda w: _s("indicators.services", "submission_return")(
            by=w.personas.province_approver, submission=w.submission_a, reason="Sai số"
        ),
        1,
    ),
    "units.services.unit_create": (
        lambda w: _s("units.services", "unit_create")(
            by=w.personas.officer_a,
            parent=w.tree.commune_a,
            type="residential_area",
            kind="khu_pho",
            name="Khu phố Mới",
        ),
        1,
    ),
    "units.services.unit_update": (
        lambda w: _s("units.services", "unit_update")(
            by=w.personas.officer_a, unit=w.tree.area_a, households=400
        ),
        1,
    ),
    "audit.services.configuration_create": (
        lambda w: _s("audit.services", "configuration_create")(
            by=w.personas.system_admin,
            model=_model("activities.ThreatCategory"),
            values={"code": "an_ninh_du_lieu", "name": "An ninh dữ liệu"},
        ),
        1,
    ),
    "audit.services.configuration_update": (
        lambda w: _s("audit.services", "configuration_update")(
            by=w.personas.system_admin,
            entry=_model("activities.ActivityKind").objects.get(code="tuyen_truyen"),
            changes={"active": False},
        ),
        1,
    ),
    "units.services.unit_close": (
        lambda w: _s("units.services", "unit_close")(
            by=w.personas.officer_a, unit=_area(w, "06688-013"), on=timezone.localdate()
        ),
        1,
    ),
}


def service_functions() -> set[str]:
    """Every public function defined in a `services` module or package of antq."""
    found = set()
    for module_info in pkgutil.walk_packages(antq.__path__, "antq."):
        name = module_info.name
        if ".tests" in name or not (name.endswith(".services") or ".services." in name):
            continue
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if (
                inspect.isfunction(value)
                and value.__module__ == name
                and not attribute.startswith("_")
            ):
                found.add(f"{name}.{attribute}")
    return found


def test_every_service_is_declared_a_write_or_not():
    declared = {f"antq.{name}" for name in WRITES} | NOT_WRITES
    assert sorted(service_functions() - declared) == [], "declare them in this module"
    assert sorted(declared - service_functions()) == [], "declared but gone"


@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_service_leaves_exactly_its_audit_entries(world, name):
    call, expected = WRITES[name]
    first = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    call(world)
    entries = list(AuditEntry.objects.filter(pk__gt=first).order_by("pk"))
    assert len(entries) == expected, [(e.action, e.object_type, e.note) for e in entries]
    for entry in entries:
        assert entry.object_type and entry.action, entry
        if entry.action in {AuditEntry.Action.UPDATE, AuditEntry.Action.CLOSE}:
            assert entry.before is not None and entry.after is not None, entry
            assert entry.changed_fields(), f"{entry} records no change"
        if entry.action == AuditEntry.Action.CREATE:
            assert entry.after, entry
