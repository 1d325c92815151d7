"""Pages answer refusals in one place (core.middleware.RefusalMiddleware): a
move the state does not allow is a 409 page saying the current state, a
refused right a 403 page with its message; under htmx, which does not swap an
error answer, the message goes to the page's messages and the page reloads."""

import pytest
from django.contrib.messages import get_messages
from django.urls import path

from antq.core.access import Refused
from antq.core.workflow import WrongState
from antq.urls import urlpatterns as site_urls


def approve(request):
    raise WrongState(
        "Không thể duyệt khi hồ sơ đang ở trạng thái “Đã duyệt”.",
        current="approved",
        current_label="Đã duyệt",
    )


def edit(request):
    raise Refused("Bạn không có quyền sửa dữ liệu của đơn vị này.")


# the site's own URLs stay: the error pages extend base.html, which links to them
urlpatterns = [path("thu/duyet/", approve), path("thu/sua/", edit), *site_urls]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def signed_in(client, personas):
    client.force_login(personas.officer_a)
    return client


def test_a_move_the_state_does_not_allow_is_a_409_page_with_the_current_state(signed_in):
    response = signed_in.post("/thu/duyet/", HTTP_REFERER="http://testserver/danh-gia/")
    assert response.status_code == 409
    text = response.content.decode()
    assert "Không thể duyệt khi hồ sơ đang ở trạng thái “Đã duyệt”." in text
    assert "<strong>Đã duyệt</strong>" in text
    assert 'href="http://testserver/danh-gia/"' in text


def test_a_refused_right_is_a_403_page_with_its_message(signed_in):
    response = signed_in.post("/thu/sua/")
    assert response.status_code == 403
    assert "Bạn không có quyền sửa dữ liệu của đơn vị này." in response.content.decode()


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/thu/duyet/", 409, "Không thể duyệt khi hồ sơ đang ở trạng thái “Đã duyệt”."),
        ("/thu/sua/", 403, "Bạn không có quyền sửa dữ liệu của đơn vị này."),
    ],
)
def test_under_htmx_the_refusal_reloads_the_page_with_its_message(signed_in, url, status, message):
    response = signed_in.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == status
    assert response["HX-Refresh"] == "true"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
