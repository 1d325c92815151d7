"""Every page, as every persona: who may open it (200/302), who is told no (403),
and for whom it does not exist (404). Commune B's officer never sees commune A."""

import pytest
from django.urls import reverse

PERSONAS = [
    "province_approver",
    "officer_a",
    "officer_b",
    "viewer",
    "unit_admin",
    "system_admin",
    "outsider",
]

# url name, args factory, expected status by persona (in PERSONAS order)
MATRIX = [
    ("home", lambda t: [], [200, 200, 200, 200, 200, 200, 200]),
    ("units:unit-tree", lambda t: [], [200] * 7),
    ("units:unit-search", lambda t: [], [200] * 7),
    ("units:unit-detail", lambda t: [t.commune_a.pk], [200, 200, 404, 200, 200, 200, 404]),
    ("units:unit-detail", lambda t: [t.area_b.pk], [200, 404, 200, 200, 200, 200, 404]),
    ("units:unit-children", lambda t: [t.commune_a.pk], [200, 200, 404, 200, 200, 200, 404]),
    ("units:unit-create", lambda t: [t.commune_a.pk], [200, 200, 404, 403, 200, 200, 404]),
    ("units:unit-edit", lambda t: [t.area_a.pk], [200, 200, 404, 403, 200, 200, 404]),
    ("units:unit-close", lambda t: [t.area_a.pk], [200, 200, 404, 403, 200, 200, 404]),
    ("units:unit-import", lambda t: [t.commune_a.pk], [200, 200, 404, 403, 200, 200, 404]),
    ("units:unit-template", lambda t: [t.commune_a.pk], [200, 200, 404, 200, 200, 200, 404]),
    ("units:unit-edit", lambda t: [t.commune_a.pk], [403, 403, 404, 403, 403, 403, 404]),
    ("accounts:user-list", lambda t: [], [403, 403, 403, 403, 200, 200, 403]),
    ("accounts:user-create", lambda t: [], [403, 403, 403, 403, 200, 200, 403]),
    ("audit:auditentry-list", lambda t: [], [403, 403, 403, 403, 200, 200, 403]),
    ("accounts:password-change", lambda t: [], [200] * 7),
]


@pytest.mark.parametrize(
    ("name", "args", "expected"), MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)]
)
def test_every_page_answers_each_persona_as_the_rules_say(
    client, tree, personas, name, args, expected
):
    url = reverse(name, args=args(tree))
    got = []
    for persona in PERSONAS:
        client.force_login(getattr(personas, persona))
        got.append(client.get(url).status_code)
    assert got == expected


def test_anonymous_visitors_are_sent_to_sign_in(client, tree):
    response = client.get(reverse("units:unit-detail", args=[tree.commune_a.pk]))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_user_detail_of_someone_outside_my_subtree_is_404(client, tree, personas):
    from antq.accounts.models import Role
    from conftest import make_user

    admin_b = make_user("quantri.b", Role.UNIT_ADMIN, tree.commune_b)
    client.force_login(admin_b)
    assert (
        client.get(reverse("accounts:user-detail", args=[personas.officer_a.pk])).status_code == 404
    )
    assert (
        client.get(reverse("accounts:user-detail", args=[personas.officer_b.pk])).status_code == 200
    )
