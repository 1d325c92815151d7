from django.urls import path

from antq.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_entry_list, name="auditentry-list"),
]
