from django.urls import path

from antq.indicators import review_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.report_home, name="home"),
    path("duyet/", review_views.approval_list, name="approval-list"),
    path("duyet/nhieu/", review_views.approve_many, name="approve-many"),
    path(
        "bao-cao/<int:pk>/duyet/",
        review_views.submission_move,
        {"move": "approve"},
        name="submission-approve",
    ),
    path(
        "bao-cao/<int:pk>/tra-lai/",
        review_views.submission_move,
        {"move": "return"},
        name="submission-return",
    ),
    path("tinh-hinh-nop/", views.completeness_view, name="completeness"),
    path("nhap-tep/", views.values_file_import, name="import"),
    path("<str:form_code>/mau.xlsx", views.template_download, name="template"),
    path("<str:form_code>/<int:unit_pk>/<str:period_id>/", views.entry, name="entry"),
    path(
        "<str:form_code>/<int:unit_pk>/<str:period_id>/xung-dot/",
        views.entry_conflict,
        name="entry-conflict",
    ),
    path(
        "<str:form_code>/<int:unit_pk>/<str:period_id>/kiem-tra/",
        views.entry_check,
        name="entry-check",
    ),
]
