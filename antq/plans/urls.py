from django.urls import path

from antq.plans import issue_views, takeover_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("them/", views.plan_create_view, name="plan-create"),
    path("<int:pk>/", views.plan_detail_view, name="plan-detail"),
    path("<int:pk>/nhiem-vu/them/", views.task_add_view, name="task-add"),
    path("<int:pk>/ban-hanh/", issue_views.plan_issue_view, name="plan-issue"),
    path("<int:pk>/tiep-nhan/", takeover_views.plan_take_over_view, name="plan-take-over"),
    path("<int:pk>/van-ban/", views.plan_document_view, name="plan-document"),
    path("<int:pk>/van-ban/tai/", views.plan_document_download, name="plan-document-download"),
    path("<int:pk>/nhiem-vu/nhap/", views.tasks_import_view, name="tasks-import"),
    path("<int:pk>/nhiem-vu/mau.xlsx", views.tasks_template_view, name="tasks-template"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit_view, name="task-edit"),
    path("tien-do/<int:pk>/", views.progress_view, name="progress"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("ban-chi-dao/", views.committee_list, name="committee-list"),
    path("ban-chi-dao/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("ban-chi-dao/<int:pk>/quyet-dinh/", views.committee_file_view, name="committee-file"),
    path(
        "ban-chi-dao/<int:pk>/quyet-dinh/tai/",
        views.committee_file_download,
        name="committee-file-download",
    ),
    path(
        "ban-chi-dao/<int:pk>/thanh-vien/",
        views.committee_member_add_view,
        name="committee-member-add",
    ),
    path(
        "ban-chi-dao/thanh-vien/<int:pk>/ket-thuc/",
        views.committee_member_end_view,
        name="committee-member-end",
    ),
]
