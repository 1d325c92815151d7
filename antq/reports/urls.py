from django.urls import path

from antq.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("vega.js", views.vega_bundle_view, name="vega-bundle"),
    path("viec-dang-cho/", views.waiting, name="waiting"),
]
