import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from antq.assessments.importers import assessments_import, assessments_template
from antq.assessments.models import Assessment
from antq.core.tabular import TabularError


def workbook_rows(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def filled(campaign, commune, row_values: dict[str, list]) -> io.BytesIO:
    """The downloaded template with some rows filled, as a CSV upload."""
    rows = workbook_rows(assessments_template(campaign, commune))
    header = rows[3]
    lines = [";".join(str(c) for c in header)]
    for row in rows[4:]:
        values = row_values.get(row[0])
        if values:
            lines.append(";".join([row[0], row[1], *values]))
    return io.BytesIO(("\n".join(lines) + "\n").encode())


GOOD = ["Đạt", "100", "Đạt", "Đạt", "Đạt", "Đạt", "25/10/2026", "Trưởng khu phố", "Có"]


def test_the_template_has_one_column_per_criterion(campaign, tree):
    header = workbook_rows(assessments_template(campaign, tree.commune_a))[3]
    assert header[:4] == ["Mã khu dân cư", "Tên khu dân cư", "Tiêu chí 1a", "Tiêu chí 1b"]
    assert header[-3:] == ["Ngày họp", "Chủ trì", "Nộp"]


def test_a_valid_sheet_saves_and_submits_every_row(campaign, tree, personas):
    result = assessments_import(
        campaign=campaign,
        commune=tree.commune_a,
        upload=filled(campaign, tree.commune_a, {"06688-001": GOOD}),
        filename="kq.csv",
        by=personas.officer_a,
    )
    assert (result.saved, result.submitted) == (1, 1)
    assessment = Assessment.objects.get(unit=tree.area_a)
    assert assessment.status == "submitted" and assessment.self_result is True


def test_one_bad_cell_rejects_the_sheet_and_writes_nothing(campaign, tree, personas):
    bad = [*GOOD]
    bad[2] = "tốt"
    bad[6] = "31/13/2026"
    with pytest.raises(TabularError) as caught:
        assessments_import(
            campaign=campaign,
            commune=tree.commune_a,
            upload=filled(campaign, tree.commune_a, {"06688-001": bad}),
            filename="kq.csv",
            by=personas.officer_a,
        )
    messages = [str(e) for e in caught.value.errors]
    assert messages == [
        "Dòng 2, cột E (Tiêu chí 2): Ghi “Đạt” hoặc “Không đạt”.",
        "Dòng 2, cột I (Ngày họp): Ngày phải có dạng dd/mm/yyyy.",
    ]
    assert not Assessment.objects.exists()


def test_rows_of_another_commune_are_refused(campaign, tree, personas):
    upload = filled(campaign, tree.commune_b, {"06673-001": GOOD})
    with pytest.raises(TabularError, match="Không có khu dân cư mã “06673-001”"):
        assessments_import(
            campaign=campaign,
            commune=tree.commune_a,
            upload=upload,
            filename="kq.csv",
            by=personas.officer_a,
        )


def test_numbers_in_a_sheet_are_read_as_an_office_writes_them(campaign, tree, personas):
    written = [*GOOD]
    written[1], written[-1] = "98,5", "Không"  # saved as a draft
    assessments_import(
        campaign=campaign,
        commune=tree.commune_a,
        upload=filled(campaign, tree.commune_a, {"06688-001": written}),
        filename="kq.csv",
        by=personas.officer_a,
    )
    answer = Assessment.objects.get(unit=tree.area_a).answers.get(criterion__code="1b")
    assert answer.number == Decimal("98.5") and answer.met is False
    written[1] = "chín mươi"
    with pytest.raises(TabularError) as caught:
        assessments_import(
            campaign=campaign,
            commune=tree.commune_a,
            upload=filled(campaign, tree.commune_a, {"06688-001": written}),
            filename="kq.csv",
            by=personas.officer_a,
        )
    assert [str(e) for e in caught.value.errors] == [
        "Dòng 2, cột D (Tiêu chí 1b): “chín mươi” không phải là số."
    ]
