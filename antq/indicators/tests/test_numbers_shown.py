"""Figures already entered come back in the entry form the Vietnamese way
("1.480", "7,5"), so an officer who saves again sends what the reader takes."""

from django.urls import reverse

from .conftest import put


def test_the_entry_form_shows_stored_figures_with_thousands_dots_and_a_decimal_comma(
    client, personas, tree, monthly_form
):
    put(tree.commune_a, "202607", TT_LUOT="1480", TT_BUOI="7.5")
    client.force_login(personas.officer_a)
    page = client.get(
        reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, "202607"])
    ).content.decode()
    assert 'value="1.480"' in page
    assert 'value="7,5"' in page
    assert 'type="number"' not in page
