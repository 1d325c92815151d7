from django.urls import path

from antq.units import views

app_name = "units"

urlpatterns = [
    path("", views.unit_tree, name="unit-tree"),
    path("tim-kiem/", views.unit_search, name="unit-search"),
    path("chon/", views.unit_pick, name="unit-pick"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/truc-thuoc/", views.unit_children_partial, name="unit-children"),
    path("<int:pk>/them/", views.unit_create_view, name="unit-create"),
    path("<int:pk>/sua/", views.unit_edit, name="unit-edit"),
    path("<int:pk>/ngung-hoat-dong/", views.unit_close_view, name="unit-close"),
    path("<int:pk>/nhap/", views.unit_import, name="unit-import"),
    path("<int:pk>/mau-nhap.xlsx", views.unit_import_template, name="unit-template"),
]
