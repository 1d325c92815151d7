from django.contrib import admin
from django.urls import include, path

from antq.accounts.views import login_view
from antq.api.api import api
from antq.api.dhis2 import dhis2_urls
from antq.core.views import (
    healthz,
    job_detail,
    job_retry_view,
    manifest,
    offline_page,
    service_worker,
)
from antq.reports.public import public_archive, public_page
from antq.reports.views import home

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("sw.js", service_worker, name="service-worker"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("ngoai-tuyen/", offline_page, name="offline"),
    path("cong-viec/<int:pk>/", job_detail, name="job-detail"),
    path("cong-viec/<int:pk>/chay-lai/", job_retry_view, name="job-retry"),
    path("don-vi/", include("antq.units.urls")),
    path("tai-khoan/", include("antq.accounts.urls")),
    path("nhat-ky/", include("antq.audit.urls")),
    path("danh-gia/", include("antq.assessments.urls")),
    path("thong-ke/", include("antq.indicators.urls")),
    path("hoat-dong/", include("antq.activities.urls")),
    path("luc-luong/", include("antq.forces.urls")),
    path("mo-hinh/", include("antq.community.urls")),
    path("ke-hoach/", include("antq.plans.urls")),
    path("khen-thuong/", include("antq.awards.urls")),
    path("bang-dieu-khien/", include("antq.reports.urls")),
    path("ban-do/", include("antq.maps.urls")),
    path("bao-cao/", include("antq.reports.report_urls")),
    path("thong-bao/", include("antq.reminders.urls")),
    path("van-ban/", include("antq.documents.urls")),
    path("cong-khai/<str:code>/", public_page, name="public-province"),
    path("cong-khai/<str:code>/luu-tru/<str:archived>/", public_archive, name="public-archive"),
    path("api/v1/", api.urls),
    path("api/", dhis2_urls),  # DHIS2's paths (docs/dhis2.md)
    path("i18n/", include("django.conf.urls.i18n")),
    # One sign-in path, one throttle: the administration site signs in on
    # antq's page (throttle, lock, second factor), never on Django's own form.
    path("admin/login/", login_view),
    path("admin/", admin.site.urls),
]

# /api/ answers JSON even when no route matches or something breaks outside a view.
handler404 = "antq.api.views.not_found"
handler500 = "antq.api.views.server_error"
