"""A unit page links only to the units the reader may open: a commune officer
sees the province's name above their commune, not a link that answers 404."""

from django.urls import reverse


def test_a_commune_officer_sees_the_province_named_but_not_linked(client, personas, tree):
    client.force_login(personas.officer_a)
    page = client.get(reverse("units:unit-detail", args=[tree.commune_a.pk])).content.decode()
    province = reverse("units:unit-detail", args=[tree.province.pk])
    assert tree.province.name in page and f'href="{province}"' not in page
    assert client.get(province).status_code in (403, 404)


def test_the_province_approver_still_gets_the_link(client, personas, tree):
    client.force_login(personas.province_approver)
    page = client.get(reverse("units:unit-detail", args=[tree.commune_a.pk])).content.decode()
    assert f'href="{reverse("units:unit-detail", args=[tree.province.pk])}"' in page
