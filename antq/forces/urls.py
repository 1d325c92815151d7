from django.urls import path

from antq.forces import views

app_name = "forces"

urlpatterns = [
    path("", views.team_list, name="team-list"),
    path("kiem-tra/", views.team_check_view, name="team-check"),
    path("them/", views.team_create_view, name="team-create"),
    path("xep-loai/", views.rating_view, name="rating"),
    path("ky-niem-chuong/", views.medal_list, name="medal-list"),
    path("thanh-vien.xlsx", views.members_export_view, name="members-export"),
    path("mau-thanh-vien.xlsx", views.members_template_view, name="members-template"),
    path("nhap-thanh-vien/", views.members_import_view, name="members-import"),
    path("<int:pk>/", views.team_detail_view, name="team-detail"),
    path("<int:pk>/sua/", views.team_edit_view, name="team-edit"),
    path("<int:pk>/giai-the/", views.team_dissolve_view, name="team-dissolve"),
    path("<int:pk>/thanh-vien/them/", views.member_add_view, name="member-add"),
    path("thanh-vien/<int:pk>/", views.member_detail_view, name="member-detail"),
    path("thanh-vien/<int:pk>/sua/", views.member_edit_view, name="member-edit"),
    path("thanh-vien/<int:pk>/huan-luyen/", views.training_add_view, name="training-add"),
]
