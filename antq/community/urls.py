from django.urls import path

from antq.community import views

app_name = "community"

urlpatterns = [
    path("", views.model_list, name="model-list"),
    path("them/", views.model_create_view, name="model-create"),
    path("nhap/", views.models_import_view, name="models-import"),
    path("mau-nhap.xlsx", views.models_template_view, name="models-template"),
    path("<int:pk>/", views.model_detail_view, name="model-detail"),
    path("<int:pk>/sua/", views.model_edit_view, name="model-edit"),
    path("<int:pk>/diem/", views.site_add_view, name="site-add"),
    path("<int:pk>/dien-hinh/", views.model_recognise_view, name="model-recognise"),
    path("diem/<int:pk>/danh-gia/", views.site_evaluate_view, name="site-evaluate"),
    path("dien-hinh/", views.example_list, name="example-list"),
    path("dien-hinh/them/", views.example_create_view, name="example-create"),
    path("dien-hinh/<int:pk>/sua/", views.example_edit_view, name="example-edit"),
]
