"""A draft kept on a phone meets a newer version: only the fields the person
changed offline are theirs; a colleague's figure in another field stays."""

from django.urls import reverse

from .conftest import put


def test_only_the_fields_changed_offline_count_as_the_persons(client, personas, tree, monthly_form):
    put(tree.commune_a, "202607", TT_LUOT="5", TT_BUOI="7")  # TT_BUOI: a colleague's, meanwhile
    client.force_login(personas.officer_a)
    url = reverse("indicators:entry-conflict", args=["BC-THANG-XA", tree.commune_a.pk, "202607"])
    page = client.post(
        url,
        {
            "v__TT_LUOT": "1.480",  # changed on the phone
            "v__TT_BUOI": "1",  # as the phone had loaded it, untouched
            "changed_offline": "v__TT_LUOT",
            "draft_version": "1",
        },
    ).content.decode()
    keep = page[page.index('id="keep-mine"') :]
    assert 'name="v__TT_LUOT" value="1.480"' in keep
    assert 'name="v__TT_BUOI" value="7"' in keep
    assert "không sửa, giữ số trên hệ thống" in page


def test_a_draft_that_does_not_say_what_changed_keeps_every_field_as_typed(
    client, personas, tree, monthly_form
):
    put(tree.commune_a, "202607", TT_BUOI="7")
    client.force_login(personas.officer_a)
    url = reverse("indicators:entry-conflict", args=["BC-THANG-XA", tree.commune_a.pk, "202607"])
    page = client.post(url, {"v__TT_BUOI": "1", "draft_version": "1"}).content.decode()
    assert 'name="v__TT_BUOI" value="1"' in page
