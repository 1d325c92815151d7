"""Access rules that the generated URL matrix (test_url_matrix.py) does not
spell out: anonymous visitors, and unit administrators of another commune."""

from django.urls import reverse


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
