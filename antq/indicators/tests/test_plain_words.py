"""Statistics pages speak plainly: the form's title, not its code
(BC-THANG-XA); "Tháng 7/2026", not 202607; no indicator codes."""

from django.urls import reverse

from antq.indicators.models import Submission

from .conftest import put


def test_the_approval_list_names_the_form_and_the_month_in_words(
    client, personas, tree, monthly_form
):
    Submission.objects.create(
        form=monthly_form,
        unit=tree.commune_a,
        period="202607",
        period_start="2026-07-01",
        status="submitted",
    )
    client.force_login(personas.province_approver)
    page = client.get(reverse("indicators:approval-list")).content.decode()
    table = page[page.index('id="approval-queue"') :]
    assert monthly_form.name in table and "Tháng 7/2026" in table
    assert ">BC-THANG-XA<" not in table and ">202607<" not in table


def test_the_entry_form_shows_indicator_names_without_their_codes(
    client, personas, tree, monthly_form
):
    put(tree.commune_a, "202607", TT_LUOT="5")
    client.force_login(personas.officer_a)
    page = client.get(
        reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, "202607"])
    ).content.decode()
    assert ">TT_LUOT<" not in page and "<title>BC-THANG-XA" not in page
    assert monthly_form.name in page


def test_the_completeness_grid_heads_its_columns_with_months_in_words(
    client, personas, tree, monthly_form
):
    client.force_login(personas.province_approver)
    page = client.get(
        reverse("indicators:completeness") + "?form=BC-THANG-XA&first=202605&last=202607"
    ).content.decode()
    assert "<th>Tháng 7/2026</th>" in page and "<th>202607</th>" not in page
