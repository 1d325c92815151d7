"""Figures kept on a phone while offline and sent later: applied once, never
over a newer version, answered in JSON the offline script understands."""

import json

import pytest

from antq.core.models import ClientSubmission
from antq.indicators.models import Submission
from tests.world import MONTH

OFFLINE = {"HTTP_X_ANTQ_OFFLINE": "1"}
FIGURES = {"v__TT_BUOI": "12", "v__NT_TIN_BAO": "3", "v__TP_SO_VU__trom_cap": "2",
           "v__TP_KHAM_PHA": "1", "v__TNGT_SO_VU": "0"}  # fmt: skip


def _url(world, period="202611"):
    return f"/thong-ke/BC-THANG-XA/{world.tree.commune_a.pk}/{period}/"


def test_a_draft_sent_twice_is_applied_once(world, client):
    client.force_login(world.personas.officer_a)
    draft = {**FIGURES, "version": "", "submit": "1", "client_key": "draft-0001-abcd"}
    first = client.post(_url(world), draft, **OFFLINE)
    assert first.status_code == 200 and first.json()["status"] == "submitted"
    sent = Submission.objects.get(unit=world.tree.commune_a, period="202611")
    again = client.post(_url(world), draft, **OFFLINE)  # the connection dropped before the answer
    assert again.status_code == 200 and again.json()["status"] == "already"
    submission = Submission.objects.get(unit=world.tree.commune_a, period="202611")
    assert submission.status == "submitted" and submission.version == sent.version
    assert ClientSubmission.objects.filter(key="draft-0001-abcd").count() == 1


def test_a_draft_older_than_the_server_is_a_conflict_and_writes_nothing(world, client):
    client.force_login(world.personas.officer_a)
    url = _url(world, MONTH)  # commune A's report exists, already submitted
    before = Submission.objects.get(unit=world.tree.commune_a, period=MONTH)
    answer = client.post(
        url, {**FIGURES, "version": "", "client_key": "draft-0002-abcd"}, **OFFLINE
    )
    assert answer.status_code == 409
    assert answer.json()["conflict_url"] == url + "xung-dot/"
    after = Submission.objects.get(pk=before.pk)
    assert after.version == before.version and not ClientSubmission.objects.exists()
    page = client.post(answer.json()["conflict_url"], {**FIGURES, "draft_version": ""})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="conflict-table"' in html
    assert Submission.objects.get(pk=before.pk).version == before.version


def test_an_invalid_draft_answers_422_with_the_reasons(world, client):
    client.force_login(world.personas.officer_a)
    draft = {**FIGURES, "v__TP_KHAM_PHA": "9", "version": "", "client_key": "draft-0003-abcd"}
    answer = client.post(_url(world), draft, **OFFLINE)
    assert answer.status_code == 422
    assert "Số vụ khám phá không được lớn hơn số vụ phạm tội." in answer.json()["errors"]
    assert not Submission.objects.filter(period="202611").exists()


def test_the_page_carries_its_rules_and_is_kept_for_offline_use(world, client):
    client.force_login(world.personas.officer_a)
    page = client.get(_url(world))
    assert page["X-Antq-Offline-Page"] == "1"
    html = page.content.decode()
    start = html.index('<script id="entry-rules" type="application/json">') + 49
    rules = json.loads(html[start : html.index("</script>", start)])
    assert {"left": "TP_KHAM_PHA", "operator": "<=", "right": "TP_SO_VU"}.items() <= rules["rules"][
        0
    ].items()
    assert "TT_BUOI" in [r["code"] for r in rules["required"]]
    assert 'data-offline="' in html and 'name="client_key"' in html


def test_the_service_worker_and_manifest_come_from_the_site_root(client):
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert (
        worker["Service-Worker-Allowed"] == "/" and "X-Antq-Offline-Page" in worker.content.decode()
    )
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert client.get(manifest["icons"][0]["src"]).status_code in {
        200,
        404,
    }  # served by whitenoise in production


@pytest.mark.django_db(transaction=True)
def test_the_same_draft_sent_twice_at_once_is_applied_once(tree, personas):
    """Two sends of one draft racing (the phone retried before the first
    answer came): the key's row orders them; PostgreSQL only, as SQLite runs
    one writer at a time and hides the race."""
    import threading

    from django.db import connection, connections
    from django.test import Client

    from antq.indicators.services import catalogue_load

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrent sends are tested on PostgreSQL")
    catalogue_load()
    url = f"/thong-ke/BC-THANG-XA/{tree.commune_a.pk}/202611/"
    draft = {**FIGURES, "version": "", "submit": "1", "client_key": "race-draft-0001"}
    barrier, answers = threading.Barrier(2), []

    def send() -> None:
        client = Client()
        client.force_login(personas.officer_a)
        try:
            barrier.wait(timeout=30)
            response = client.post(url, draft, **OFFLINE)
            answers.append((response.status_code, response.json()["status"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answers) == [(200, "already"), (200, "submitted")]
    assert ClientSubmission.objects.count() == 1
    assert Submission.objects.get(period="202611").status == "submitted"
