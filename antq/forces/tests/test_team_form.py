"""The team form's residential area is the searchable unit picker (issue 22):
it offers the areas that existed on the founding date typed (an area of a
commune closed in 2025 for a team founded in 2020, today's areas for today),
and an area that already has a team is refused with its name."""

import re

from django.urls import reverse

from antq.forces.models import Team
from antq.units.models import REFORM_2025_CLOSE, Unit
from conftest import make_unit


def _picker(page: str) -> str:
    return re.search(r'data-url="([^"]+)"', page).group(1).replace("&amp;", "&")


def test_the_area_picker_offers_the_areas_that_existed_on_the_founding_date(client, personas, tree):
    make_unit(
        parent=tree.old_commune,
        code="06688-900",
        name="Khu phố 3 Bạch Đằng",
        type=Unit.Type.RESIDENTIAL_AREA,
        kind=Unit.Kind.KHU_PHO,
        valid_to=REFORM_2025_CLOSE,
    )
    client.force_login(personas.officer_a)
    page = client.get(reverse("forces:team-create")).content.decode()
    assert 'role="combobox"' in page and 'data-date-field="established_on"' in page
    url = _picker(page)

    def labels(q: str, on: str) -> list[str]:
        return [item["label"] for item in client.get(f"{url}&q={q}&on={on}").json()["items"]]

    assert labels("khu pho", "2020-03-01") == [
        "Khu phố 3 Bạch Đằng (đến 30/06/2025) — Phường Bạch Đằng"
    ]
    assert labels("khu pho", "2026-01-05") == ["Khu phố Đồng Tâm — Phường Hạ Long"]
    assert labels("hoa binh", "2026-01-05") == []  # Bãi Cháy's, another commune's


def test_an_area_that_already_has_a_team_is_refused_by_name_on_the_form(
    client, personas, tree, team_a
):
    client.force_login(personas.officer_a)
    response = client.post(
        reverse("forces:team-create"), {"unit": tree.area_a.pk, "established_on": "2026-01-05"}
    )
    assert response.status_code == 200
    assert "Khu phố Đồng Tâm đã có Tổ bảo vệ an ninh, trật tự." in response.content.decode()
    # the picker shows the area chosen, by name, when the form comes back
    assert 'value="Khu phố Đồng Tâm — Phường Hạ Long"' in response.content.decode()
    assert Team.objects.count() == 1


def test_a_team_is_founded_through_the_picker_in_todays_area(client, personas, tree):
    client.force_login(personas.officer_a)
    response = client.post(
        reverse("forces:team-create"),
        {"unit": tree.area_a.pk, "established_on": "2025-08-01", "decision_number": "12/QĐ-UBND"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Team.objects.get().unit == tree.area_a
