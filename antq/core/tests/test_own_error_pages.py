"""The demo runs with DEBUG on, yet a person who mistypes an address, opens
what is not theirs or meets a failure reads antq's Vietnamese pages, never
Django's English debug pages (ANTQ_DEBUG_PAGES=true brings those back)."""

import pytest
from django.http import Http404
from django.test import override_settings
from django.urls import path

from antq.urls import urlpatterns as antq_urls


def _broken(request):
    raise RuntimeError("hỏng")


def _missing(request):
    raise Http404("không có")


urlpatterns = [path("thu-loi/", _broken), path("thu-thieu/", _missing), *antq_urls]
handler404 = "antq.api.views.not_found"
handler500 = "antq.api.views.server_error"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    return settings


@pytest.mark.parametrize("url", ["/khong-co-trang-nay/", "/thu-thieu/"])
def test_a_missing_page_in_the_demo_is_antqs_vietnamese_404(demo, client, personas, url):
    client.force_login(personas.officer_a)
    answer = client.get(url)
    page = answer.content.decode()
    assert answer.status_code == 404
    assert "Không tìm thấy trang" in page and "Using the URLconf" not in page


def test_a_failure_in_the_demo_is_antqs_vietnamese_500(demo, client, personas):
    client.raise_request_exception = False
    client.force_login(personas.officer_a)
    answer = client.get("/thu-loi/")
    assert answer.status_code == 500
    assert "Traceback" not in answer.content.decode()
    assert 'lang="vi"' in answer.content.decode()


def test_an_api_address_that_does_not_exist_still_answers_json(demo, client, personas):
    client.force_login(personas.officer_a)
    answer = client.get("/api/v1/khong-co/")
    assert answer.status_code == 404 and "detail" in answer.json()


@override_settings(ANTQ_DEBUG_PAGES=True)
def test_a_developer_can_ask_for_djangos_debug_pages(demo, client, personas):
    client.force_login(personas.officer_a)
    assert "Using the URLconf" in client.get("/khong-co-trang-nay/").content.decode()
