"""The legal-basis table ("Căn cứ" lines) is configuration like the others
(issue 22): a system administrator adds and changes its entries in /admin/
and through `/api/v1/configuration/legal-documents`, each change audited
with the values before and after, never deleted; the lines a decision cites
follow the day."""

from datetime import date

from django.contrib import admin
from django.test import RequestFactory

from antq.audit.configuration import configured_models
from antq.audit.models import AuditEntry
from antq.documents.legal import grounds_on
from antq.documents.models import LegalDocument

API = "/api/v1/configuration/legal-documents"
DECREE = {
    "code": "nd-98-2023-thu",
    "topic": "emulation_decree_test",
    "number": "98/2023/NĐ-CP",
    "citation": "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ",
    "valid_from": "2024-01-01",
}


def test_the_legal_basis_table_is_added_and_changed_through_the_api_and_audited(
    client, auth, personas, tree
):
    headers = auth(personas.system_admin)
    made = client.post(API, DECREE, content_type="application/json", **headers)
    assert made.status_code == 201, made.json()
    assert made.json()["valid_from"] == "2024-01-01" and made.json()["valid_to"] is None
    listed = {row["code"]: row for row in client.get(API, **headers).json()}
    assert listed["nd-98-2023-thu"]["number"] == "98/2023/NĐ-CP"
    assert grounds_on(["emulation_decree_test"], date(2023, 6, 1)) == []
    assert grounds_on(["emulation_decree_test"], date(2024, 6, 1)) == [
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ"
    ]

    ended = client.patch(
        f"{API}/nd-98-2023-thu",
        {"valid_to": "2025-12-31"},
        content_type="application/json",
        **headers,
    )
    assert ended.status_code == 200, ended.json()
    assert grounds_on(["emulation_decree_test"], date(2026, 6, 1)) == []
    entries = AuditEntry.objects.filter(object_type="documents.legaldocument").order_by("pk")
    assert [e.action for e in entries] == ["create", "update"]
    assert (entries[1].before["valid_to"], entries[1].after["valid_to"]) == (None, "2025-12-31")


def test_the_legal_basis_table_is_a_system_administrators_and_keeps_its_rows(
    client, auth, personas, tree
):
    refused = client.post(
        API, DECREE, content_type="application/json", **auth(personas.province_approver)
    )
    assert refused.status_code == 403
    assert not LegalDocument.objects.filter(code="nd-98-2023-thu").exists()
    bad = client.post(
        API,
        DECREE | {"valid_from": "2024-01-01", "valid_to": "2023-01-01", "code": "nd-sai"},
        content_type="application/json",
        **auth(personas.system_admin),
    )
    assert bad.status_code == 422
    assert LegalDocument in configured_models()
    request = RequestFactory().get("/admin/")
    request.user = personas.system_admin
    assert not admin.site._registry[LegalDocument].has_delete_permission(request)
