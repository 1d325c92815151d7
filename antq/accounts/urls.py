from django.urls import path

from antq.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("cua-toi/", views.my_account, name="my-account"),
    path("doi-mat-khau/", views.password_change, name="password-change"),
    path("gia-han-phien/", views.session_keepalive, name="session-keepalive"),
    path("xac-thuc-hai-lop/", views.two_factor_setup, name="two-factor-setup"),
    path("xac-thuc/", views.two_factor_verify, name="two-factor-verify"),
    path("ma-api/", views.token_list, name="token-list"),
    path("ma-api/<int:pk>/thu-hoi/", views.token_revoke_view, name="token-revoke"),
    path("nguoi-dung/", views.user_list, name="user-list"),
    path("nguoi-dung/them/", views.user_create_view, name="user-create"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user-detail"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_toggle_active, name="user-toggle-active"),
    path("phan-cong/<int:pk>/go/", views.assignment_delete, name="assignment-delete"),
]
