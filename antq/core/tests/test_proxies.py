"""The client's address behind the trusted reverse proxies (ANTQ_TRUSTED_PROXIES):
the proxies' own addresses and whatever a client writes into X-Forwarded-For
are never taken for the client."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from antq.core.proxies import client_address, parse_trusted_proxies


def address(settings, trusted: str, remote: str, forwarded: str | None = None) -> str | None:
    settings.TRUSTED_PROXIES = parse_trusted_proxies(trusted)
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    assert address(settings, "", "203.0.113.5", "10.1.1.1") == "203.0.113.5"


def test_behind_the_local_nginx_the_client_is_the_address_nginx_appended(settings):
    assert address(settings, "127.0.0.1,::1", "127.0.0.1", "198.51.100.7") == "198.51.100.7"


def test_a_client_cannot_name_another_address_through_a_trusted_proxy(settings):
    # the client wrote 10.0.0.9 itself; nginx appended the address it saw
    got = address(settings, "127.0.0.1", "127.0.0.1", "10.0.0.9, 198.51.100.7")
    assert got == "198.51.100.7"


def test_a_request_that_did_not_come_through_the_proxy_is_its_own_client(settings):
    assert address(settings, "127.0.0.1", "203.0.113.5", "198.51.100.7") == "203.0.113.5"


def test_a_chain_of_trusted_networks_is_walked_from_the_right(settings):
    got = address(settings, "127.0.0.1,10.0.0.0/8", "127.0.0.1", "198.51.100.7, 10.2.3.4")
    assert got == "198.51.100.7"


def test_garbage_in_the_header_falls_back_to_the_last_readable_proxy(settings):
    assert address(settings, "127.0.0.1,10.0.0.0/8", "127.0.0.1", "x, 10.2.3.4") == "10.2.3.4"


def test_a_count_of_hops_takes_the_address_before_the_proxies(settings):
    assert address(settings, "2", "10.0.0.2", "1.1.1.1, 198.51.100.7, 10.0.0.1") == ("198.51.100.7")
    # fewer addresses than proxies: the request skipped a proxy
    assert address(settings, "2", "10.0.0.2", "") == "10.0.0.2"


def test_ipv6_addresses_are_read(settings):
    assert address(settings, "::1", "::1", "2001:db8::7") == "2001:db8::7"


def test_no_remote_address_is_no_address(settings):
    assert address(settings, "", "") is None


@pytest.mark.parametrize("raw", ["nginx", "127.0.0.1,300.1.1.1", "-1"])
def test_a_bad_setting_stops_start_up(raw, monkeypatch):
    from antq import settings as antq_settings

    monkeypatch.setenv("ANTQ_TRUSTED_PROXIES", raw)
    with pytest.raises(ImproperlyConfigured, match="ANTQ_TRUSTED_PROXIES"):
        antq_settings.env_proxies("ANTQ_TRUSTED_PROXIES", "")


def test_no_module_but_the_proxies_reads_the_remote_address_itself():
    """Behind nginx, REMOTE_ADDR is nginx: a module reading it would key a
    throttle or an audit entry on the proxy (the DHIS2 import's job did)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "proxies.py"
        and "REMOTE_ADDR" in path.read_text(encoding="utf-8")
    )
    assert readers == [], "call antq.core.proxies.client_address(request)"
