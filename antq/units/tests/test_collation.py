"""Unit tables list names in Vietnamese alphabetical order: D before Đ, A
before Ă before Â, and Đ among the d's rather than after Y."""

from django.urls import reverse

from conftest import make_unit


def test_a_communes_residential_areas_are_listed_in_vietnamese_order(client, personas, tree):
    for name in ("Khu phố Yên Lập", "Khu phố Đông Sơn", "Khu phố Dương Xá", "Khu phố Âu Lạc"):
        make_unit(parent=tree.commune_b, name=name)
    client.force_login(personas.officer_b)
    page = client.get(reverse("units:unit-detail", args=[tree.commune_b.pk])).content.decode()
    order = [
        page.index(name)
        for name in (
            "Khu phố Âu Lạc",
            "Khu phố Dương Xá",
            "Khu phố Đông Sơn",
            "Khu phố Hòa Bình",
            "Khu phố Yên Lập",
        )
    ]
    assert order == sorted(order)
