from django.urls import path

from antq.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="activity-list"),
    path("lich/", views.activity_calendar, name="activity-calendar"),
    path("tong-hop/", views.activity_summary_view, name="activity-summary"),
    path("them/", views.activity_create_view, name="activity-create"),
    path("nhap/", views.activity_import, name="activity-import"),
    path("mau-nhap.xlsx", views.activity_import_template, name="activity-template"),
    path("ngay-hoi/", views.festival_view, name="festival"),
    path("ngay-hoi/ke-hoach/", views.festival_plan_view, name="festival-plan"),
    path("ngay-hoi/<int:pk>/diem/", views.festival_site_view, name="festival-site"),
    path("<int:pk>/", views.activity_detail_view, name="activity-detail"),
    path("<int:pk>/sua/", views.activity_edit_view, name="activity-edit"),
    path("<int:pk>/xoa/", views.activity_delete_view, name="activity-delete"),
    path("<int:pk>/tep/", views.attachment_upload, name="attachment-upload"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment-download"),
]
