from django.urls import path

from antq.assessments.views import cycle, results, review

app_name = "assessments"

urlpatterns = [
    path("", cycle.campaign_list, name="campaign-list"),
    path("<int:pk>/", cycle.campaign_detail, name="campaign-detail"),
    path("<int:pk>/dang-ky/<int:commune_pk>/", cycle.registration_list, name="registration-list"),
    path("<int:pk>/nhap/<int:commune_pk>/", cycle.assessment_import, name="assessment-import"),
    path(
        "<int:pk>/nhap/<int:commune_pk>/mau.xlsx",
        cycle.assessment_import_template,
        name="assessment-template",
    ),
    path("<int:pk>/don-vi/<int:unit_pk>/", cycle.assessment_edit, name="assessment-edit"),
    path(
        "<int:pk>/don-vi/<int:unit_pk>/xung-dot/",
        cycle.assessment_conflict,
        name="assessment-conflict",
    ),
    path("ho-so/<int:assessment_pk>/minh-chung/", cycle.evidence_upload, name="evidence-upload"),
    path("minh-chung/<int:pk>/", cycle.evidence_download, name="evidence-download"),
    path("<int:pk>/xet-duyet/", review.review_list, name="review-list"),
    path(
        "ho-so/<int:assessment_pk>/de-nghi/",
        review.assessment_review,
        {"move": "propose"},
        name="assessment-propose",
    ),
    path(
        "ho-so/<int:assessment_pk>/tra-lai/",
        review.assessment_review,
        {"move": "return"},
        name="assessment-return",
    ),
    path(
        "ho-so/<int:assessment_pk>/khong-cong-nhan/",
        review.assessment_review,
        {"move": "reject"},
        name="assessment-reject",
    ),
    path("ho-so/<int:assessment_pk>/diem/", review.assessment_scores, name="assessment-scores"),
    path("<int:pk>/quyet-dinh/", review.decision_list, name="decision-list"),
    path("quyet-dinh/<int:pk>/", review.decision_detail, name="decision-detail"),
    path("ket-qua/", results.results_view, name="results"),
    path("ket-qua.xlsx", results.results_export, name="results-export"),
    path("tieu-chi/", results.criteria_list, name="criteria-list"),
    path("tieu-chi/<int:pk>/sua/", results.criterion_edit, name="criterion-edit"),
]
