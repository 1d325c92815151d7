from django.urls import path

from antq.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("thong-ke/", views.counts_view, name="counts"),
    path("dot/<int:pk>/", views.round_detail, name="round-detail"),
    path("dot/<int:pk>/de-nghi/", views.nominate_view, name="nominate"),
    path("dot/<int:pk>/quyet-dinh/", views.decision_create_view, name="decision-create"),
    path("dot/<int:pk>/to-trinh.docx", views.proposal_download, name="proposal-download"),
    path("dot/<int:pk>/nhap/", views.nominations_import_view, name="nominations-import"),
    path(
        "dot/<int:pk>/mau-nhap.xlsx", views.nominations_template_view, name="nominations-template"
    ),
    path("de-nghi/<int:pk>/xet/", views.review_view, name="review"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision-detail"),
]
