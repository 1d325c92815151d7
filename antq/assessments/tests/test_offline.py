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
    page = client.get(url)  # opening the form starts the draft on the server
    assert page["X-Antq-Offline-Page"] == "1" and f'data-offline="{url}"' in page.content.decode()
    assessment = Assessment.objects.get(campaign=world.campaign, unit=area)
    draft = {"version": assessment.version, "save": "1", "client_key": "area-draft-0001"}
    first = client.post(url, draft, **OFFLINE)
    assert first.status_code == 200 and first.json()["status"] == "saved"
    saved = Assessment.objects.get(pk=assessment.pk).version
    again = client.post(url, draft, **OFFLINE)
    assert again.json()["status"] == "already"
    assert Assessment.objects.get(pk=assessment.pk).version == saved
    assert ClientSubmission.objects.filter(key="area-draft-0001").count() == 1
    stale = client.post(url, {**draft, "client_key": "area-draft-0002"}, **OFFLINE)
    assert stale.status_code == 409
    conflict = client.post(
        stale.json()["conflict_url"],
        {"version": assessment.version, "draft_version": assessment.version},
    )
    assert conflict.status_code == 200 and 'id="conflict"' in conflict.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).version == saved
