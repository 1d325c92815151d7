"""The demo's documents read as a clerk would sign them: the 2022–2026 plan
222/KH-UBND issued on the register, signed by the chairman of 15/03/2022,
citing the circular in force then; every signer a person holding the title
on the document's date, never a title typed as a name."""

from datetime import date

import pytest

from antq.demo.documents import load_demo_office_holders
from antq.demo.plans import load_demo_plans
from antq.documents.models import OfficeHolder
from antq.documents.tests.conftest import body_of, docx_lines
from antq.plans.models import Plan


@pytest.mark.django_db
def test_the_demo_2022_plan_is_issued_on_the_register_as_the_clerk_signed_it(
    tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_plans(tree.province)
    plan = Plan.objects.get(unit=tree.province, date=date(2022, 3, 15))
    assert plan.reference == "222/KH-UBND" and not plan.is_draft
    document = plan.register_document
    document.refresh_from_db()
    assert (document.status, document.signer_name) == ("issued", "Phạm Văn Thành")
    text = "\n".join(docx_lines(document.file_of("docx").file.read()))
    assert "Số: 222/KH-UBND" in text and "Quảng Ninh, ngày 15 tháng 3 năm 2022" in text
    assert "Căn cứ Thông tư số 124/2021/TT-BCA" in text and "48/2025" not in text
    assert "Hằng năm, trước ngày 19/8" in text and "FREQ=" not in text
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nPhạm Văn Thành" in text


@pytest.mark.django_db
def test_every_demo_signer_is_a_person_holding_the_title(tree):
    load_demo_office_holders(tree.province)
    police = body_of(tree.province, "cong_an")
    assert police.holders.get().name == "Lê Minh Đức"
    names = OfficeHolder.objects.values_list("name", flat=True)
    assert names and not any(n.upper().startswith(("CHỦ TỊCH", "GIÁM ĐỐC")) for n in names)
