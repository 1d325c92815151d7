from django.urls import path

from antq.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/mo/", views.notification_open_view, name="open"),
    path("da-doc/", views.read_all_view, name="read-all"),
    path("cai-dat/", views.preferences_view, name="preferences"),
]
