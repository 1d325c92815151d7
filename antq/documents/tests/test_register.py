"""The outgoing register read back as a clerk reads it: who issues and signs by
award type, TM. above KT., the place line, the register's numbers, a
correction with its own number, the laws in force on the date, a signature
pyHanko verifies, and no date after today."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from antq.core.dates import today
from antq.documents.composers import Body, paper_of
from antq.documents.legal import EMULATION, LOCAL_GOVERNMENT
from antq.documents.models import Document
from antq.documents.rendering import render_docx
from antq.documents.services import document_correct, document_create, document_issue
from antq.documents.tests.conftest import body_of, docx_lines, holder, pdf_text


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    """Issue a draft and run the job that makes its files, as the worker would."""

    def run(by, document, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            issued = document_issue(by=by, document=document, **fields)
        issued.refresh_from_db()
        return issued

    return run


def draft(by, unit, purpose, day=date(2026, 11, 20), **fields):
    fields.setdefault("signer_name", "Nguyễn Văn Chủ")
    fields.setdefault("subject", "Về việc tặng khen thưởng")
    return document_create(by=by, unit=unit, purpose=purpose, day=day, **fields)


def docx(document) -> list[str]:
    return docx_lines(document.file_of("docx").file.read())


def test_a_giay_khen_of_the_police_director_comes_from_the_provincial_police_signed_giam_doc(
    tree, personas, issue
):
    document = issue(
        personas.province_approver,
        draft(personas.province_approver, tree.province, "award:giay_khen_giam_doc_ca"),
    )
    lines = docx(document)
    assert document.reference == "01/QĐ-CAT" and "Số: 01/QĐ-CAT" in lines
    assert "CÔNG AN TỈNH QUẢNG NINH" in lines
    assert "GIÁM ĐỐC CÔNG AN TỈNH QUẢNG NINH" in lines  # whose decision it is
    assert "GIÁM ĐỐC" in lines and not any(line.startswith(("TM.", "KT.")) for line in lines)
    assert not any("ỦY BAN NHÂN DÂN" in line or "UBND" in line for line in lines)
    assert not any("TRƯỞNG CÔNG AN TỈNH" in line for line in lines)


def test_a_bang_khen_of_the_chairman_comes_from_the_chairman_of_the_provincial_committee(
    tree, personas, issue
):
    document = issue(
        personas.province_approver,
        draft(personas.province_approver, tree.province, "award:bang_khen_chu_tich_tinh"),
    )
    lines = docx(document)
    assert document.reference == "01/QĐ-UBND"
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in lines
    assert "CHỦ TỊCH" in lines and "TM. ỦY BAN NHÂN DÂN" not in lines


def test_a_deputy_signs_under_tm_of_the_committee_above_kt_of_the_chairman(tree, personas, issue):
    document = issue(
        personas.officer_a,
        draft(
            personas.officer_a,
            tree.commune_a,
            "recognition",
            signing_form="TM_KT",
            signer_title="Phó Chủ tịch",
            signer_name="Trần Thị Phó",
        ),
    )
    lines = docx(document)
    tm, kt = lines.index("TM. ỦY BAN NHÂN DÂN"), lines.index("KT. CHỦ TỊCH")
    assert tm < kt < lines.index("PHÓ CHỦ TỊCH") < lines.index("Trần Thị Phó")


def test_a_deputy_cannot_sign_kt_with_the_heads_own_title(tree, personas):
    with pytest.raises(ValidationError, match="PHÓ CHỦ TỊCH"):
        draft(personas.officer_a, tree.commune_a, "recognition", signing_form="TM_KT",
              signer_title="CHỦ TỊCH")  # fmt: skip


def test_the_place_line_names_the_place_without_its_unit_type(tree, personas, issue):
    province = issue(
        personas.province_approver, draft(personas.province_approver, tree.province, "report")
    )
    commune = issue(personas.officer_a, draft(personas.officer_a, tree.commune_a, "report"))
    assert "Quảng Ninh, ngày 20 tháng 11 năm 2026" in docx(province)
    assert not any(line.startswith("Tỉnh Quảng Ninh, ngày") for line in docx(province))
    assert "Hạ Long, ngày 20 tháng 11 năm 2026" in docx(commune)


def test_numbers_run_per_body_and_year_and_a_number_is_never_given_twice(tree, personas, issue):
    by = personas.province_approver
    first = issue(by, draft(by, tree.province, "report"))
    second = issue(by, draft(by, tree.province, "plan"))
    police = issue(by, draft(by, tree.province, "award:giay_khen_giam_doc_ca"))
    last_year = issue(by, draft(by, tree.province, "report", day=date(2025, 12, 30)))
    assert [first.reference, second.reference] == ["01/BC-UBND", "02/KH-UBND"]
    assert police.reference == "01/QĐ-CAT"  # the police's own register
    assert last_year.reference == "01/BC-UBND" and last_year.year == 2025
    with pytest.raises(ValidationError, match="Số 02/KH-UBND đã cấp"):
        draft(by, tree.province, "report", number=2)
    given = issue(by, draft(by, tree.province, "report"), number=9)
    following = issue(by, draft(by, tree.province, "report"))
    assert (given.number, following.number) == (9, 10)


def test_the_signer_is_the_holder_of_the_title_on_the_documents_date(tree, personas, issue):
    by = personas.province_approver
    body = body_of(tree.province)
    holder(body, "CHỦ TỊCH", "Cao Tường Huy", date(2021, 1, 1), date(2025, 6, 30))
    holder(body, "CHỦ TỊCH", "Bùi Văn Khắng", date(2025, 7, 1))
    then = issue(by, draft(by, tree.province, "report", day=date(2024, 3, 1), signer_name=""))
    now = issue(by, draft(by, tree.province, "report", signer_name=""))
    assert (then.signer_name, now.signer_name) == ("Cao Tường Huy", "Bùi Văn Khắng")
    with pytest.raises(ValidationError, match="là Bùi Văn Khắng"):
        issue(by, draft(by, tree.province, "report", signer_name="Người Khác"))


def test_a_correction_has_its_own_number_cites_the_original_and_keeps_its_files(
    tree, personas, issue
):
    by = personas.province_approver
    original = issue(by, draft(by, tree.province, "award:bang_khen_chu_tich_tinh"))
    first_docx = original.file_of("docx").file.read()
    correction = issue(by, document_correct(by=by, original=original, text="Sửa năm sinh"))
    original.refresh_from_db()
    assert correction.reference == "02/QĐ-UBND" and correction.corrects == original
    assert original.status == "corrected" and original.replaced_by == correction
    assert original.file_of("docx").file.read() == first_docx  # never rendered again
    lines = docx(correction)
    cited = "Quyết định số 01/QĐ-UBND ngày 20/11/2026 của Ủy ban nhân dân tỉnh Quảng Ninh"
    assert any(line.startswith(f"Về việc đính chính {cited}") for line in lines)
    assert any(f"Đính chính {cited}: Sửa năm sinh" in line for line in lines)


@pytest.mark.parametrize(
    ("day", "cited", "not_cited"),
    [
        (
            date(2019, 6, 20),
            ["Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
             "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003"],
            ["năm 2022", "năm 2025", "47/2019"],
        ),
        (
            date(2025, 11, 20),
            ["Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
             "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"],
            ["năm 2003", "năm 2015"],
        ),
    ],
)  # fmt: skip
def test_a_decision_cites_the_laws_in_force_on_its_date(tree, personas, day, cited, not_cited):
    document = draft(personas.province_approver, tree.province, "award:bang_khen_chu_tich_tinh",
                     day=day)  # fmt: skip
    paper = paper_of(document, Body(subject="Về việc tặng Bằng khen",
                                    legal_topics=[LOCAL_GOVERNMENT, EMULATION]))  # fmt: skip
    grounds = [line for line in docx_lines(render_docx(paper, "qd", tree.province))
               if line.startswith("Căn cứ")]  # fmt: skip
    assert len(grounds) == 2, grounds
    for law in cited:
        assert any(line.startswith(f"Căn cứ {law}") for line in grounds), (law, grounds)
    for year in not_cited:
        assert not any(year in line for line in grounds), (year, grounds)


def test_no_document_is_dated_after_today_and_nothing_is_written(tree, personas, issue):
    tomorrow = today() + timedelta(days=1)
    before = Document.objects.count()
    with pytest.raises(ValidationError, match="Ngày ban hành"):
        draft(personas.province_approver, tree.province, "report", day=tomorrow)
    assert Document.objects.count() == before
    document = draft(personas.province_approver, tree.province, "report", day=None)
    with pytest.raises(ValidationError, match="Ngày ban hành"):
        document_issue(by=personas.province_approver, document=document, day=tomorrow)
    document.refresh_from_db()
    assert document.status == "draft" and document.number is None


def test_an_issued_pdf_is_signed_and_pyhanko_verifies_it_against_the_register(
    tree, personas, issue, settings, tmp_path, client
):
    from antq.documents import signing

    settings.ANTQ_SIGNING_DIR = str(tmp_path / "signing")
    by = personas.province_approver
    signing.make_test_certificate(body_of(tree.province))
    document = issue(by, draft(by, tree.province, "award:bang_khen_chu_tich_tinh"))
    data = document.file_of("pdf").file.read()
    assert document.signed_by_certificate and "CHỦ TỊCH" in pdf_text(data)
    checked = signing.verify_pdf(data)
    assert checked.valid, checked.reason
    answer = client.post("/api/v1/documents/verify", {"file": io.BytesIO(data)})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["valid"] and body["document"]["reference"] == "01/QĐ-UBND"
    assert body["document"]["pdf_sha256"] == document.pdf_sha256
    tampered = data.replace(b"/Producer", b"/Producex", 1)
    assert not client.post("/api/v1/documents/verify", {"file": io.BytesIO(tampered)}).json()[
        "valid"
    ]
    page = client.post("/van-ban/xac-minh/", {"file": io.BytesIO(data)}).content.decode()
    assert "01/QĐ-UBND" in page and "thử nghiệm" in page  # the demo's certificate, said so


def test_the_register_is_scoped_searched_and_exported(tree, personas, issue, client):
    from python_calamine import CalamineWorkbook

    issue(personas.officer_a, draft(personas.officer_a, tree.commune_a, "report"))
    client.force_login(personas.officer_b)
    assert "01/BC-UBND" not in client.get("/van-ban/").content.decode()
    client.force_login(personas.province_approver)
    page = client.get("/van-ban/?doc_type=bc").content.decode()
    assert "01/BC-UBND" in page
    exported = client.get("/van-ban/?doc_type=bc&format=xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(exported.content))
    rows = book.get_sheet_by_index(0).to_python()
    values = [cell for row in rows for cell in row if cell]
    assert any("01/BC-UBND" in str(value) for value in values), values
    listed = client.get("/api/v1/documents?type=bc&year=2026").json()
    assert [item["reference"] for item in listed] == ["01/BC-UBND"]
