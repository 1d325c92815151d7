from django.urls import path

from antq.maps import views

app_name = "maps"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("vi-tri/<str:kind>/<int:pk>/", views.location_edit, name="location"),
    path("quanh-diem/", views.nearby, name="nearby"),
]
