"""Text typed by a user stays text in every spreadsheet antq writes: a name that
starts with =, +, -, @, a tab or a carriage return never becomes a formula."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from antq.assessments.services.campaigns import campaign_open
from antq.core.actors import SYSTEM
from antq.core.periods import parse
from antq.indicators.models import ReportForm, Submission
from antq.indicators.services import catalogue_load, write_values
from antq.units.models import Unit

EVIL = [
    '=HYPERLINK("http://evil","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def sheets_of(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")}


@pytest.fixture
def evil_tree(tree, personas):
    catalogue_load()
    Unit.objects.filter(pk=tree.commune_a.pk).update(name=EVIL[0], name_folded=EVIL[0].lower())
    Unit.objects.filter(pk=tree.area_a.pk).update(name=EVIL[1])
    for index, name in enumerate(EVIL[2:], start=3):
        Unit.objects.create(
            parent=tree.commune_a,
            code=f"06688-0{index:02d}",
            name=name,
            type=Unit.Type.RESIDENTIAL_AREA,
            kind=Unit.Kind.KHU_PHO,
            path=f"{tree.commune_a.path}{index}/",
            depth=tree.commune_a.depth + 1,
        )
    write_values(
        by=SYSTEM,
        unit=Unit.objects.get(pk=tree.commune_a.pk),
        period=parse("202607"),
        values={"TT_BUOI": {"": Decimal(4)}},
        comments={},
    )
    # figures count approved reports only (issue 23): approve the one it is in
    period = parse("202607")
    Submission.objects.create(
        form=ReportForm.objects.get(code="BC-THANG-XA"),
        unit=Unit.objects.get(pk=tree.commune_a.pk),
        period=period.id,
        period_start=period.start,
        status=Submission.Status.APPROVED,
    )
    return tree


def test_every_spreadsheet_export_writes_formula_like_names_as_text(client, personas, evil_tree):
    tree = evil_tree
    campaign = campaign_open(by=personas.province_approver, province=tree.province, year=2026)
    client.force_login(personas.province_approver)
    exports = {
        "unit template": reverse("units:unit-template", args=[tree.commune_a.pk]),
        "statistics template": reverse("indicators:template", args=["BC-THANG-XA"]),
        "assessment template": reverse(
            "assessments:assessment-template", args=[campaign.pk, tree.commune_a.pk]
        ),
        "results": reverse("assessments:results-export") + f"?unit={tree.province.pk}&year=2026",
        "dashboard": reverse("reports:dashboard")
        + f"?unit={tree.province.pk}&period=202607&indicator=TT_BUOI&export=xlsx",
    }
    seen = {}
    for label, url in exports.items():
        response = client.get(url)
        assert response.status_code == 200, label
        content = b"".join(response) if response.streaming else response.content
        parts = sheets_of(content)
        assert not [n for n, xml in parts.items() if "worksheets" in n and "<f>" in xml], label
        seen[label] = parts["xl/sharedStrings.xml"]
    # the names are there, as text
    assert EVIL[0] in seen["statistics template"]
    assert EVIL[0] in seen["dashboard"]
    for name in EVIL[1:4]:
        assert name.replace("'", "&apos;") in seen["unit template"] or name in seen["unit template"]
        assert (
            name in seen["assessment template"]
            or name.replace("'", "&apos;") in (seen["assessment template"])
        )


UNIT_HEADER = "Mã;Tên;Loại đơn vị;Loại hình;Số hộ;Số nhân khẩu;Địa chỉ;Ghi chú\n"


IN_NAME = "Dòng 3, cột B (Tên): "


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('=HYPERLINK("http://evil","x")', IN_NAME + "Ô bắt đầu bằng =, +, -, @ "),
        ("@SUM(1+1)", IN_NAME + "Ô bắt đầu bằng"),
        ("+84 912", IN_NAME + "Ô bắt đầu bằng"),
        ("Khu phố " + "Rất Dài " * 40, IN_NAME + "Dài 327 ký tự, quá 255 ký tự cho phép."),
        ("Khu phố " + "Rất Dài " * 20_000, "Tệp: Không đọc được tệp CSV: có ô dài quá"),
    ],
)
def test_an_import_with_a_formula_or_an_endless_text_is_refused_whole(
    personas, tree, cell, message
):
    from antq.audit.models import AuditEntry
    from antq.core.tabular import TabularError
    from antq.units.importers import units_import

    rows = [";Khu phố Hải Yến;Khu dân cư;khu phố;;;;", f";{cell};Khu dân cư;khu phố;;;;"]
    upload = io.BytesIO((UNIT_HEADER + "\n".join(rows) + "\n").encode())
    before = Unit.objects.count()
    with pytest.raises(TabularError) as caught:
        units_import(commune=tree.commune_a, upload=upload, filename="d.csv", by=personas.officer_a)
    [error] = caught.value.errors
    assert str(error).startswith(message)
    assert Unit.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_a_negative_number_and_a_dash_list_item_are_not_formulas():
    from antq.core.tabular import looks_like_formula

    assert not looks_like_formula("-5")
    assert not looks_like_formula("-1.480,5")
    assert not looks_like_formula("- họp chi bộ")
    assert looks_like_formula("-2+3")
    assert looks_like_formula("=1+1")


def test_a_statistics_import_with_a_formula_comment_writes_nothing(client, personas, tree):
    from antq.indicators.models import DataValue

    catalogue_load()
    client.force_login(personas.officer_a)
    body = (
        "dataElement,period,orgUnit,value,comment\n"
        "TT_BUOI,202607,06688,4,\n"
        'TT_LUOT,202607,06688,120,"=HYPERLINK(""http://evil"",""x"")"\n'
    )
    response = client.post("/api/v1/statistics/dataValueSets", body, content_type="text/csv")
    assert response.status_code == 409
    [conflict] = response.json()["conflicts"]
    assert "công thức" in conflict["value"]
    assert not DataValue.objects.exists()
