"""Plans drafted in antq are documents of the outgoing register: the People's
Committee (or its steering committee) issues them with the register's number,
the date, the holder of the signing title that day, the place line and the
circular in force; the files are read back as a clerk reads them. (The suite
runs on 02/12/2026.)"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from antq.core.workflow import WrongState
from antq.documents.models import Document
from antq.documents.tests.conftest import body_of, docx_lines, holder, pdf_text
from antq.plans.models import Occurrence, Plan
from antq.plans.selectors import overdue_for
from antq.plans.services import (
    PlanInput,
    TaskInput,
    plan_create,
    plan_issue,
    recurrence_rule,
    task_add,
)


def drafted(by, unit, *, issuer="ubnd", day=date(2026, 11, 20), first=2026, last=2026, **fields):
    festival = date(first, 8, 19)
    tasks = [
        TaskInput(1, "Tổ chức Ngày hội Toàn dân bảo vệ ANTQ ở 100 % xã, phường", unit,
                  deadline=festival, recurrence=recurrence_rule("yearly", festival)),
        TaskInput(2, "Báo cáo kết quả thực hiện phong trào hằng quý", unit,
                  recurrence=recurrence_rule("quarterly", None)),
        TaskInput(3, "Sơ kết, tổng kết, khen thưởng phong trào", unit, deadline=date(last, 12, 31),
                  coordinating="Sở Nội vụ", expected_output="Báo cáo tổng kết"),
    ]  # fmt: skip
    data = PlanInput(
        unit=unit, number="", symbol="", date=day,
        title=f"Thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc năm {first}",
        first_year=first, last_year=last, tasks=tasks, on_register=True, issuer=issuer, **fields,
    )  # fmt: skip
    return plan_create(by=by, data=data)


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """Issue the plan and run the job that makes its files, as the worker would."""

    def run(by, plan, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            issued = plan_issue(by=by, plan=plan, **fields)
        issued.register_document.refresh_from_db()
        return issued

    return run


def test_a_drafted_plan_is_a_draft_of_the_committees_register_and_nobodys_work_yet(tree, personas):
    plan = drafted(personas.province_approver, tree.province, day=date(2026, 1, 5))
    assert plan.is_draft and plan.reference == "…/KH-UBND"
    document = plan.register_document
    assert (document.status, document.doc_type, document.source_kind) == (
        "draft",
        "kh",
        "plans.plan",
    )
    assert str(document.body) == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"
    # its August and quarterly occurrences are past, yet not overdue: it is not issued
    assert Occurrence.objects.filter(task__plan=plan, due__lt=date(2026, 12, 2)).exists()
    assert not overdue_for(personas.province_approver).filter(task__plan=plan).exists()
    assert not Occurrence.objects.filter(task__plan=plan).current().exists()


def test_issuing_numbers_dates_and_signs_the_plan_from_the_register(tree, personas, issue):
    by = personas.province_approver
    holder(body_of(tree.province), "CHỦ TỊCH", "Nguyễn Văn Hải", start=date(2021, 1, 1))
    plan = issue(by, drafted(by, tree.province), day=date(2026, 11, 20))
    assert (plan.number, plan.symbol, plan.date) == ("01", "KH-UBND", date(2026, 11, 20))
    assert not plan.is_draft and plan.reference == "01/KH-UBND"
    document = plan.register_document
    assert (document.status, document.signer_name) == ("issued", "Nguyễn Văn Hải")
    lines = docx_lines(document.file_of("docx").file.read())
    text = "\n".join(lines)
    assert "Số: 01/KH-UBND" in lines
    assert "Quảng Ninh, ngày 20 tháng 11 năm 2026" in lines  # without "Tỉnh"
    assert "KẾ HOẠCH" in lines
    assert "Thực hiện phong trào Toàn dân bảo vệ an ninh Tổ quốc năm 2026" in lines
    assert "I. MỤC ĐÍCH, YÊU CẦU" in lines and "III. TỔ CHỨC THỰC HIỆN" in lines
    assert "Căn cứ Thông tư số 124/2021/TT-BCA" in text and "48/2025/TT-BCA" in text
    assert "Hằng năm, trước ngày 19/8" in lines and "Hằng quý (ngày cuối quý)" in lines
    assert (
        "Ủy ban nhân dân tỉnh Quảng Ninh ban hành Kế hoạch thực hiện phong trào Toàn dân bảo vệ "
        "an ninh Tổ quốc năm 2026 như sau:" in lines
    )
    assert "Trước ngày 31/12/2026" in lines and "Sở Nội vụ" in lines
    assert "FREQ=" not in text  # never an RRULE on paper
    assert [line for line in lines if line in {"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"}] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]
    assert "Nguyễn Văn Hải" in lines
    pdf = pdf_text(document.file_of("pdf").file.read())
    assert "01/KH-UBND" in pdf and "Quảng Ninh, ngày 20 tháng 11 năm 2026" in pdf


def test_the_2022_plan_comes_out_with_its_number_and_the_circular_in_force_then(
    tree, personas, issue
):
    """The seed's plan 222/KH-UBND of 2022: its number kept, its signer the
    chairman of that day, and the 2021 circular (not its 2025 amendment)."""
    by = personas.province_approver
    body = body_of(tree.province)
    holder(body, "CHỦ TỊCH", "Trần Văn Trước", start=date(2016, 1, 1), end=date(2024, 6, 30))
    holder(body, "CHỦ TỊCH", "Nguyễn Văn Hải", start=date(2024, 7, 1))
    plan = drafted(by, tree.province, day=date(2022, 3, 15), first=2022, last=2026)
    plan = issue(by, plan, day=date(2022, 3, 15), number=222)
    assert plan.reference == "222/KH-UBND" and plan.date == date(2022, 3, 15)
    document = plan.register_document
    text = "\n".join(docx_lines(document.file_of("docx").file.read()))
    assert "Số: 222/KH-UBND" in text and "Quảng Ninh, ngày 15 tháng 3 năm 2022" in text
    assert "Căn cứ Thông tư số 124/2021/TT-BCA" in text and "48/2025" not in text
    assert "Trần Văn Trước" in text and "Nguyễn Văn Hải" not in text
    assert "giai đoạn 2022–2026" in text


def test_a_steering_committees_plan_is_signed_tm_ban_chi_dao(tree, personas, issue):
    by = personas.province_approver
    plan = issue(by, drafted(by, tree.province, issuer="bcd"), signer_name="Trần Quốc Tuấn")
    assert plan.reference == "01/KH-BCĐ"
    lines = docx_lines(plan.register_document.file_of("docx").file.read())
    assert "BAN CHỈ ĐẠO 138" in lines and "UBND TỈNH QUẢNG NINH" in lines
    assert "TM. BAN CHỈ ĐẠO" in lines and "TRƯỞNG BAN" in lines


def test_a_plan_is_not_issued_after_today_and_nothing_is_written(tree, personas):
    by = personas.province_approver
    plan = drafted(by, tree.province)
    with pytest.raises(ValidationError) as refused:
        plan_issue(by=by, plan=plan, day=date(2026, 12, 3), signer_name="Nguyễn Văn Hải")
    assert "ở sau ngày hôm nay" in refused.value.messages[0]
    plan.refresh_from_db()
    assert plan.is_draft and plan.register_document.status == "draft"
    assert not Document.objects.exclude(status="draft").exists()


def test_a_plan_without_key_tasks_is_not_issued_and_nothing_is_written(client, tree, personas):
    """Section II of a plan is its key tasks: a clerk would not sign one that
    reads "(Chưa có nhiệm vụ.)". The service and the page refuse, in Vietnamese."""
    by = personas.province_approver
    plan = drafted(by, tree.province)
    plan.tasks.all().delete()
    with pytest.raises(ValidationError) as refused:
        plan_issue(by=by, plan=plan, day=date(2026, 11, 20), signer_name="Nguyễn Văn Hải")
    assert refused.value.messages == [
        "Kế hoạch chưa có nhiệm vụ trọng tâm: thêm nhiệm vụ trước khi ban hành."
    ]
    client.force_login(by)
    page = client.post(
        reverse("plans:plan-issue", args=[plan.pk]),
        {"date": "20/11/2026", "version": plan.version},
    )
    assert page.status_code == 200
    assert "chưa có nhiệm vụ trọng tâm" in page.content.decode()
    plan.refresh_from_db()
    assert plan.is_draft and plan.register_document.status == "draft"
    assert not Document.objects.exclude(status="draft").exists()


def test_a_plan_recorded_with_its_number_is_not_issued_again(tree, personas):
    by = personas.province_approver
    recorded = plan_create(
        by=by,
        data=PlanInput(unit=tree.province, number="18", symbol="KH-CAT", date=date(2026, 1, 20),
                       title="Kế hoạch năm 2026", first_year=2026, last_year=2026),
    )  # fmt: skip
    assert recorded.register_document is None and not recorded.is_draft
    with pytest.raises(WrongState):
        plan_issue(by=by, plan=recorded, day=date(2026, 11, 20), signer_name="Nguyễn Văn Hải")


def test_a_number_recorded_by_hand_is_not_given_again(tree, personas):
    by = personas.province_approver
    plan_create(
        by=by,
        data=PlanInput(unit=tree.province, number="01", symbol="KH-UBND", date=date(2026, 1, 20),
                       title="Kế hoạch ghi tay", first_year=2026, last_year=2026),
    )  # fmt: skip
    plan = drafted(by, tree.province)
    with pytest.raises(ValidationError) as refused:
        plan_issue(by=by, plan=plan, day=date(2026, 11, 20), signer_name="Nguyễn Văn Hải")
    assert "Số 01/KH-UBND năm 2026 đã ghi cho kế hoạch “Kế hoạch ghi tay”" in str(refused.value)
    assert Plan.objects.get(pk=plan.pk).is_draft


def test_the_pages_draft_preview_and_issue_a_plan(client, tree, personas):
    client.force_login(personas.province_approver)
    answer = client.post(
        reverse("plans:plan-create"),
        {"unit": tree.province.pk, "on_register": "on", "issuer": "ubnd", "date": "20/11/2026",
         "title": "Thực hiện phong trào năm 2026", "first_year": "2026", "last_year": "2026",
         "kind": "annual", "purpose": "Nâng cao chất lượng phong trào."},
    )  # fmt: skip
    plan = Plan.objects.get(title="Thực hiện phong trào năm 2026")
    assert answer.status_code == 302 and plan.is_draft
    page = client.get(reverse("plans:plan-detail", args=[plan.pk])).content.decode()
    assert "Dự thảo kế hoạch" in page and 'id="plan-issue-form"' in page
    preview = client.get(
        reverse("documents:document-preview", args=[plan.register_document_id, "docx"])
    )
    lines = docx_lines(
        b"".join(preview.streaming_content) if preview.streaming else preview.content
    )
    assert "Nâng cao chất lượng phong trào." in lines and "DỰ THẢO" in "\n".join(lines)
    task_add(by=personas.province_approver, plan=plan,
             data=TaskInput(1, "Tổ chức Ngày hội Toàn dân bảo vệ ANTQ", tree.province,
                            deadline=date(2026, 8, 19)))  # fmt: skip
    plan.refresh_from_db()
    # a date to come: the page again with the Vietnamese reason, nothing issued
    url = reverse("plans:plan-issue", args=[plan.pk])
    early = client.post(url, {"date": "03/12/2026", "signer_name": "Nguyễn Văn Hải",
                              "version": plan.version})  # fmt: skip
    assert early.status_code == 200 and "ở sau ngày hôm nay" in early.content.decode()
    assert Plan.objects.get(pk=plan.pk).is_draft
    issued = client.post(url, {"date": "20/11/2026", "signer_name": "Nguyễn Văn Hải",
                               "version": plan.version})  # fmt: skip
    plan.refresh_from_db()
    assert plan.reference == "01/KH-UBND"
    job = plan.register_document.render_job_id
    assert issued.status_code == 302 and issued["Location"] == reverse("job-detail", args=[job])


def test_the_api_gives_a_plans_register_document(client, tree, personas):
    by = personas.province_approver
    plan = drafted(by, tree.province)
    client.force_login(by)
    listed = {item["id"]: item for item in client.get("/api/v1/plans").json()["items"]}
    assert listed[plan.pk]["document"] == plan.register_document_id
    assert listed[plan.pk]["draft"] is True
    document = client.get(f"/api/v1/documents/{plan.register_document_id}").json()
    assert (document["type"], document["status"]) == ("kh", "draft")


def test_a_plan_is_drafted_and_issued_through_the_api(client, tree, personas):
    client.force_login(personas.province_approver)
    created = client.post(
        "/api/v1/plans",
        {"unit": tree.province.code, "date": "2026-11-20", "title": "Kế hoạch năm 2026",
         "first_year": 2026, "last_year": 2026, "kind": "annual", "on_register": True},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    empty = client.post(f"/api/v1/plans/{pk}/issue", {"date": "2026-11-20"},
                        content_type="application/json")  # fmt: skip
    assert empty.status_code == 422 and "chưa có nhiệm vụ trọng tâm" in str(empty.json())
    task = client.post(f"/api/v1/plans/{pk}/tasks",
                       {"number": 1, "text": "Tổ chức Ngày hội Toàn dân bảo vệ ANTQ",
                        "lead": tree.province.code, "deadline": "2026-08-19"},
                       content_type="application/json")  # fmt: skip
    assert task.status_code == 201, task.json()
    later = client.post(f"/api/v1/plans/{pk}/issue", {"date": "2026-12-03"},
                        content_type="application/json")  # fmt: skip
    assert later.status_code == 422 and "ở sau ngày hôm nay" in str(later.json())
    issued = client.post(f"/api/v1/plans/{pk}/issue",
                         {"date": "2026-11-20", "signer_name": "Nguyễn Văn Hải"},
                         content_type="application/json")  # fmt: skip
    assert issued.status_code == 200, issued.json()
    assert (issued.json()["number"], issued.json()["symbol"]) == ("01", "KH-UBND")
    again = client.post(f"/api/v1/plans/{pk}/issue", {"date": "2026-11-20"},
                        content_type="application/json")  # fmt: skip
    assert again.status_code == 409
