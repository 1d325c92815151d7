"""The idle timeout without a session write on every page: reading pages
writes the session at most once a minute, the session still ends after the
idle time, and "keep working" restarts the clock at once."""

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD


def _session_writes(client, method: str, url: str, **extra) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **extra)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    return response, writes


def _sign_in(client) -> None:
    response = client.post(reverse("accounts:login"), {"username": "xa.a", "password": PASSWORD})
    assert response.status_code == 302


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_two_pages_in_a_row_write_the_session_not_once(client, personas):
    _sign_in(client)
    for url in ("/", reverse("units:unit-tree")):
        response, writes = _session_writes(client, "get", url)
        assert response.status_code == 200
        assert writes == []


def test_a_page_a_minute_after_the_last_write_restarts_the_idle_clock(client, personas):
    _sign_in(client)
    signed_in_until = _expiry(client)
    with time_machine.travel(timedelta(seconds=61)):
        response, writes = _session_writes(client, "get", reverse("units:unit-tree"))
        assert response.status_code == 200
        assert len(writes) == 1
        assert _expiry(client) - signed_in_until >= timedelta(seconds=61)
        _response, writes = _session_writes(client, "get", reverse("units:unit-tree"))
        assert writes == []


def test_an_idle_session_still_ends_after_the_idle_time(client, settings, personas):
    _sign_in(client)
    with time_machine.travel(timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)):
        response = client.get(reverse("units:unit-tree"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_reading_pages_keeps_a_session_alive_longer_than_the_idle_time(client, settings, personas):
    _sign_in(client)
    step = settings.SESSION_COOKIE_AGE // 2
    for minutes in range(1, 5):
        with time_machine.travel(timedelta(seconds=step * minutes)):
            assert client.get(reverse("units:unit-tree")).status_code == 200


def test_keep_working_restarts_the_clock_at_once_and_the_page_counts_from_the_last_write(
    client, settings, personas
):
    _sign_in(client)
    with time_machine.travel(timedelta(seconds=30)):
        page = client.get(reverse("units:unit-tree")).content.decode()
        assert f'data-session-left="{settings.SESSION_COOKIE_AGE - 30}"' in page
        htmx = client.get(reverse("units:unit-tree"), HTTP_HX_REQUEST="true")
        assert htmx["X-Session-Seconds"] == str(settings.SESSION_COOKIE_AGE - 30)
        response, writes = _session_writes(client, "post", reverse("accounts:session-keepalive"))
        assert response.status_code == 204
        assert len(writes) == 1
        page = client.get(reverse("units:unit-tree")).content.decode()
        assert f'data-session-left="{settings.SESSION_COOKIE_AGE}"' in page
