"""A residential area's self-assessment typed offline and sent later: applied
once, never over a newer version."""

from antq.assessments.models import Assessment
from antq.core.models import ClientSubmission

OFFLINE = {"HTTP_X_ANTQ_OFFLINE": "1"}


def test_a_draft_is_applied_once_and_a_stale_one_is_a_conflict(world, client, tree):
    from conftest import make_unit

    area = make_unit(parent=tree.commune_a, code="06688-031", name="Khu phố Mới")
    client.force_login(world.personas.officer_a)
    url = f"/danh-gia/{world.campaign.pk}/don-vi/{area.pk}/"
    page = client.get(url)  # opening the form writes nothing; the first save opens the file
    assert page["X-Antq-Offline-Page"] == "1" and f'data-offline="{url}"' in page.content.decode()
    assert not Assessment.objects.filter(campaign=world.campaign, unit=area).exists()
    version = page.context["form"]["version"].value()
    draft = {"version": version, "save": "1", "client_key": "area-draft-0001"}
    first = client.post(url, draft, **OFFLINE)
    assert first.status_code == 200 and first.json()["status"] == "saved"
    assessment = Assessment.objects.get(campaign=world.campaign, unit=area)
    saved = Assessment.objects.get(pk=assessment.pk).version
    again = client.post(url, draft, **OFFLINE)
    assert again.json()["status"] == "already"
    assert Assessment.objects.get(pk=assessment.pk).version == saved
    assert ClientSubmission.objects.filter(key="area-draft-0001").count() == 1
    stale = client.post(url, {**draft, "client_key": "area-draft-0002"}, **OFFLINE)
    assert stale.status_code == 409
    conflict = client.post(
        stale.json()["conflict_url"],
        {"version": version, "draft_version": version},
    )
    assert conflict.status_code == 200 and 'id="conflict"' in conflict.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).version == saved


def test_only_the_fields_changed_offline_are_the_persons_on_the_conflict_page(world, client, tree):
    from conftest import make_unit

    area = make_unit(parent=tree.commune_a, code="06688-032", name="Khu phố Bên Cạnh")
    client.force_login(world.personas.officer_a)
    url = f"/danh-gia/{world.campaign.pk}/don-vi/{area.pk}/"
    client.post(url, {"save": "1"})  # the file is opened: version 1
    first = Assessment.objects.get(unit=area).version
    client.post(url, {"version": first, "save": "1", "meeting_attendees": "Cả tổ dân phố"})
    page = client.post(  # the phone's draft, based on the first version
        url + "xung-dot/",
        {
            "version": first,
            "draft_version": first,
            "meeting_chair": "Trưởng khu phố",  # changed on the phone
            "meeting_attendees": "",  # as loaded, untouched
            "changed_offline": "meeting_chair",
        },
    )
    form = page.context["form"]
    assert form["meeting_chair"].value() == "Trưởng khu phố"
    assert form["meeting_attendees"].value() == "Cả tổ dân phố"


def _opened_twice(world, client, tree, code: str):
    """A file opened (version 1) on the phone, then changed on the server."""
    from conftest import make_unit

    area = make_unit(parent=tree.commune_a, code=code, name=f"Khu phố {code}")
    client.force_login(world.personas.officer_a)
    url = f"/danh-gia/{world.campaign.pk}/don-vi/{area.pk}/"
    client.post(url, {"save": "1"})
    first = Assessment.objects.get(unit=area).version
    client.post(url, {"version": first, "save": "1", "meeting_attendees": "Cả tổ dân phố"})
    return area, url, first


def test_a_draft_changing_other_fields_than_the_server_merges_without_asking(world, client, tree):
    import json

    area, url, first = _opened_twice(world, client, tree, "06688-033")
    answer = client.post(
        url,
        {
            "version": first,
            "save": "1",
            "client_key": "area-merge-0001",
            "meeting_chair": "Trưởng khu phố",  # changed on the phone
            "meeting_attendees": "",  # as the phone loaded it
            "changed_offline": "meeting_chair",
            "was_offline": json.dumps({"meeting_chair": ""}),
        },
        **OFFLINE,
    )
    assert answer.status_code == 200 and answer.json()["merged"] is True
    merged = Assessment.objects.get(unit=area)
    assert (merged.meeting_chair, merged.meeting_attendees) == ("Trưởng khu phố", "Cả tổ dân phố")


def test_a_draft_changing_the_field_the_server_changed_is_still_a_conflict(world, client, tree):
    import json

    area, url, first = _opened_twice(world, client, tree, "06688-034")
    answer = client.post(
        url,
        {
            "version": first,
            "save": "1",
            "client_key": "area-merge-0002",
            "meeting_attendees": "Một nửa tổ",
            "changed_offline": "meeting_attendees",
            "was_offline": json.dumps({"meeting_attendees": ""}),
        },
        **OFFLINE,
    )
    assert answer.status_code == 409
    assert Assessment.objects.get(unit=area).meeting_attendees == "Cả tổ dân phố"
