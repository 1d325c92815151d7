from django.urls import path

from antq.reports import report_views as views

app_name = "movement"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/bieu-do/<slug:key>.svg", views.report_chart, name="report-chart"),
    path("<int:pk>/tai/<str:kind>/", views.report_download, name="report-download"),
    path("<int:pk>/doi-chieu/", views.report_differences, name="report-differences"),
]
