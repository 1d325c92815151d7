"""`/api/v1/reports` and `antq draft_report`: the same drafting as the pages."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from antq.reports.models import Report


def test_post_drafts_a_report_and_get_returns_its_sections(world, client, auth):
    headers = auth(world.personas.officer_a)
    created = client.post(
        "/api/v1/reports",
        {"unit": "06688", "period": "2026s1"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["unit"] == "06688" and body["period"] == "2026S1"
    assert body["period_label"] == "6 tháng đầu năm 2026" and body["status"] == "draft"
    assert (body["covered"], body["covered_label"]) == ("2026S1", "6 tháng đầu năm 2026")
    sections = {s["number"]: s for s in body["sections"]}
    assert [line["code"] for line in sections["2"]["lines"]][:2] == [
        "TT_BUOI",  # the approved statistic, not the activities counted one by one
        "HD_CHUYEN_DE",
    ]
    assert sections["III"]["narrative"].startswith("**Ưu điểm:**")
    again = client.get(f"/api/v1/reports/{body['id']}", **headers).json()
    assert again["sections"] == body["sections"]
    docx = client.get(f"/api/v1/reports/{body['id']}/docx", **headers)
    assert docx.status_code == 200
    assert "DỰ THẢO" in [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]


def test_bad_input_answers_422_in_vietnamese_and_writes_nothing(world, client, auth):
    headers = auth(world.personas.officer_a)
    before = Report.objects.count()
    answer = client.post(
        "/api/v1/reports",
        {"unit": "06688", "period": "2026Q2"},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["errors"][0]["loc"][-1] == "period"
    assert "6 tháng (2026S1)" in body["errors"][0]["msg"]
    assert Report.objects.count() == before


def test_the_command_writes_a_docx_with_progress(world, tmp_path, capsys):
    target = tmp_path / "bc.docx"
    call_command("draft_report", unit="22", period="2026S1", output=str(target))
    out = capsys.readouterr().out
    assert (
        "Lấy số liệu: mục 11/11" in out
    )  # year-only sections left out and f"Đã ghi {target}" in out
    paragraphs = [p.text for p in Document(target).paragraphs]
    assert "Sơ kết 6 tháng đầu năm 2026 phong trào Toàn dân bảo vệ an ninh Tổ quốc" in paragraphs
    assert not Report.objects.filter(period="2026S1").exists()  # nothing stored without --save
    call_command("draft_report", unit="22", period="2026S1", output=str(target), save=True)
    assert Report.objects.filter(period="2026S1", unit=world.tree.province).exists()
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("draft_report", unit="99999", period="2026")
    with pytest.raises(CommandError, match="chưa bắt đầu"):
        call_command("draft_report", unit="22", period="2099")
