from django.urls import path

from antq.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.register, name="register"),
    path("xac-minh/", views.verify, name="verify"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/xem-truoc.<str:kind>", views.document_preview, name="document-preview"),
    path("<int:pk>/tep.<str:kind>", views.document_file, name="document-file"),
    path("<int:pk>/edxml/", views.document_edxml, name="document-edxml"),
    path("tep/<int:pk>/", views.file_download, name="file-download"),
]
