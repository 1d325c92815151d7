from django.urls import path

from antq.awards import record_views, views

app_name = "awards"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("thong-ke/", views.counts_view, name="counts"),
    path("da-ban-hanh/", record_views.record_list, name="record-list"),
    path("da-ban-hanh/ghi-nhan/", record_views.record_create_view, name="record-create"),
    path("da-ban-hanh/nhap/", record_views.records_import_view, name="records-import"),
    path("da-ban-hanh/mau-nhap.xlsx", record_views.records_template_view, name="records-template"),
    path("da-ban-hanh/<int:pk>/", record_views.record_detail, name="record-detail"),
    path(
        "da-ban-hanh/<int:pk>/ban-goc/", record_views.record_original_view, name="record-original"
    ),
    path(
        "da-ban-hanh/<int:pk>/ban-goc/tai/",
        record_views.record_original_download,
        name="record-original-download",
    ),
    path("da-ban-hanh/<int:pk>/xoa/", record_views.record_delete_view, name="record-delete"),
    path("dot/<int:pk>/", views.round_detail, name="round-detail"),
    path("dot/<int:pk>/de-nghi/", views.nominate_view, name="nominate"),
    path("dot/<int:pk>/quyet-dinh/", views.decision_create_view, name="decision-create"),
    path("dot/<int:pk>/to-trinh.docx", views.proposal_download, name="proposal-download"),
    path("dot/<int:pk>/nhap/", views.nominations_import_view, name="nominations-import"),
    path(
        "dot/<int:pk>/mau-nhap.xlsx", views.nominations_template_view, name="nominations-template"
    ),
    path("de-nghi/<int:pk>/xet/", views.review_view, name="review"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision-detail"),
]
