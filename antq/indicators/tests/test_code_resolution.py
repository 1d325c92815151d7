"""A unit code with a period means one unit: restated figures are about today's
unit of that code, published ones about the unit that carried it in the period,
and `as_of` overrides both. The 2025 reform reused codes (today's Vĩnh Long and
the former one are both 86), so getting this wrong answers about the wrong unit."""

from datetime import date

import pytest

from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import link, make_unit

from .conftest import put_approved

ROLLUP = "/api/v1/statistics/rollup"


@pytest.fixture
def old_vinh_long(tree):
    """The pre-2025 Tỉnh Vĩnh Long, code 86 like today's, merged into today's."""
    old = make_unit(
        code="86",
        name="Tỉnh Vĩnh Long (trước 2025)",
        type=Unit.Type.PROVINCE,
        kind=Unit.Kind.TINH,
        valid_to=REFORM_2025_CLOSE,
    )
    link(old, tree.vinh_long)
    return old


def rollup_of(client, **query):
    response = client.get(ROLLUP, {"indicator": "TT_TIN_BAI", "period": "202301", **query})
    assert response.status_code == 200, response.json()
    return response.json()


def test_restated_province_code_means_todays_province_which_holds_ben_tre(
    client, personas, monthly_form, merged_commune, old_vinh_long
):
    old_an_hoi, _new = merged_commune
    put_approved(old_an_hoi, "202301", TT_TIN_BAI=7)  # figures count approved reports
    client.force_login(personas.system_admin)

    restated = rollup_of(client, unit="86", view="restated")
    assert restated["unit_used"]["name"] == "Tỉnh Vĩnh Long"
    assert restated["unit_used"]["valid_from"] == "2025-07-01"
    assert [(r["name"], r["value"]) for r in restated["rows"]] == [("Phường An Hội", "7.00")]

    published = rollup_of(client, unit="86", view="published")
    assert published["unit_used"]["name"] == "Tỉnh Vĩnh Long (trước 2025)"
    assert published["rows"] == []  # the former Vĩnh Long never held Bến Tre's communes

    as_of = rollup_of(client, unit="86", view="restated", as_of="2023-01-31")
    assert as_of["unit_used"]["valid_to"] == REFORM_2025_CLOSE.isoformat()

    ben_tre = rollup_of(client, unit="83", view="published")
    assert [(r["name"], r["value"]) for r in ben_tre["rows"]] == [("Phường An Hội (cũ)", "7.00")]


def test_a_reused_commune_code_means_the_old_commune_as_published_and_the_new_restated(
    client, personas, monthly_form, tree
):
    put_approved(tree.old_commune, "202301", TT_TIN_BAI=3)
    client.force_login(personas.province_approver)

    published = rollup_of(client, unit="06688", view="published", by_child=False)
    assert published["unit_used"]["name"] == "Phường Bạch Đằng"
    assert [r["value"] for r in published["rows"]] == ["3.00"]

    restated = rollup_of(client, unit="06688", view="restated", by_child=False)
    assert restated["unit_used"]["name"] == "Phường Hạ Long"
    assert [r["value"] for r in restated["rows"]] == ["3.00"]


def test_a_code_that_named_a_unit_but_not_on_the_day_is_a_422_naming_what_to_pick(
    client, personas, monthly_form, tree
):
    client.force_login(personas.system_admin)
    response = client.get(
        ROLLUP, {"indicator": "TT_TIN_BAI", "period": "202301", "unit": "83", "view": "restated"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "Tỉnh Bến Tre chỉ tồn tại đến 30/06/2025" in detail
    assert "Vĩnh Long" in detail  # today's province that holds Bến Tre's past


def test_a_code_that_never_named_a_unit_is_a_404_with_the_day(client, personas, monthly_form):
    client.force_login(personas.system_admin)
    response = client.get(
        ROLLUP, {"indicator": "TT_TIN_BAI", "period": "202301", "unit": "99", "view": "restated"}
    )
    assert response.status_code == 404
    assert "Không tìm thấy đơn vị mã 99 vào ngày" in response.json()["detail"]


def test_assessment_results_name_the_unit_they_used(client, personas, tree):
    client.force_login(personas.system_admin)
    published = client.get(
        "/api/v1/assessments/results", {"unit": "83", "year": 2024, "view": "published"}
    ).json()
    assert published["unit_used"]["name"] == "Tỉnh Bến Tre"
    assert published["unit_used"]["valid_to"] == "2025-06-30"
    assert date.fromisoformat(published["unit_used"]["valid_to"]) == REFORM_2025_CLOSE
