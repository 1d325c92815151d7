"""An activity of a district abolished in 2025 with no successor is counted,
restated, in today's province that carries it, and seen by its officers
(issue 20's live bug: Thành phố Bến Tre, a district of Bến Tre until
30/06/2025, is carried by today's Tỉnh Vĩnh Long)."""

import io
from datetime import date

import pytest
from django.urls import reverse

from antq.accounts.access import SystemActor
from antq.accounts.models import Role
from antq.activities.importers import activities_import
from antq.activities.models import Activity
from antq.activities.services import activity_create
from antq.activities.tests.conftest import entry
from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import make_unit, make_user

TITLE = "Tuyên truyền phòng, chống tội phạm trên không gian mạng"


@pytest.fixture
def ben_tre_city(tree) -> Unit:
    return make_unit(
        parent=tree.ben_tre,
        code="829",
        name="Thành phố Bến Tre",
        type=Unit.Type.DISTRICT,
        kind=Unit.Kind.THANH_PHO,
        valid_to=REFORM_2025_CLOSE,
    )


@pytest.fixture
def activity_2022(ben_tre_city) -> Activity:
    """Recorded as the past is: by the system (an archive loaded), not chosen in a form."""
    return activity_create(
        by=SystemActor("lưu trữ"),
        data=entry(ben_tre_city, date(2022, 5, 10), title=TITLE, outputs={"bai_mang": 1480}),
    )


@pytest.fixture
def vinh_long_approver(tree):
    return make_user("vinhlong.duyet", Role.APPROVER, tree.vinh_long)


def test_a_district_closed_in_2025_may_record_an_activity_of_the_days_it_existed(
    activity_2022, tree
):
    assert activity_2022.published_province == tree.ben_tre
    assert activity_2022.restated_province == tree.vinh_long
    assert activity_2022.scope_path == tree.vinh_long.path


def test_the_api_counts_thanh_pho_ben_tre_2022_in_todays_vinh_long(
    client, auth, activity_2022, vinh_long_approver
):
    answer = client.get(
        "/api/v1/activities/summary?unit=86&year=2022&view=restated",
        **auth(vinh_long_approver),
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["unit_name"] == "Tỉnh Vĩnh Long" and body["total"] == 1
    assert {o["code"]: o["total"] for o in body["outputs"]}["bai_mang"] == 1480


def test_published_the_activity_stays_with_the_ben_tre_of_then(
    client, auth, activity_2022, vinh_long_approver, personas
):
    answer = client.get(
        "/api/v1/activities/summary?unit=83&year=2022&view=published&as_of=2022-05-10",
        **auth(personas.system_admin),
    ).json()
    assert answer["unit_name"] == "Tỉnh Bến Tre"
    assert {o["code"]: o["total"] for o in answer["outputs"]}["bai_mang"] == 1480


def test_the_vinh_long_approver_sees_it_in_the_activity_list(
    client, activity_2022, vinh_long_approver, personas
):
    client.force_login(vinh_long_approver)
    page = client.get(reverse("activities:activity-list")).content.decode()
    assert TITLE in page and "Thành phố Bến Tre" in page
    assert (
        client.get(reverse("activities:activity-detail", args=[activity_2022.pk])).status_code
        == 200
    )
    client.force_login(personas.province_approver)  # Quảng Ninh's
    assert TITLE not in client.get(reverse("activities:activity-list")).content.decode()


def test_the_system_may_import_an_activity_of_a_closed_district(ben_tre_city, tree):
    header = "Mã đơn vị;Ngày;Loại hoạt động;Tên hoạt động;Số người dự;bai_mang\n"
    row = "829;10/05/2022;Tuyên truyền;Tuyên truyền trên mạng;120;1.480\n"
    activities_import(
        upload=io.BytesIO((header + row).encode()),
        filename="luu-tru.csv",
        by=SystemActor("lưu trữ"),
    )
    assert Activity.objects.get().unit == ben_tre_city
