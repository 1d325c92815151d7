"""The audit trail and the conflict screens speak plainly: Vietnamese field
names, choices by their labels, dates dd/mm/yyyy, numbers "1.480", and the
person's name rather than their user name; never a Python dict."""

from django.urls import reverse

from antq.audit.models import AuditEntry
from antq.audit.services import audit_record
from antq.audit.versions import changes_since


def _edit_households(person, unit):
    return audit_record(
        actor=person,
        action=AuditEntry.Action.UPDATE,
        obj=unit,
        unit_path=unit.path,
        before={"version": 1, "households": 10, "valid_from": "2025-07-01", "type": "commune"},
        after={"version": 2, "households": 1480, "valid_from": "2025-07-02", "type": "commune"},
    )


def test_an_audit_entry_reads_in_vietnamese_field_names_and_dates(personas, tree):
    entry = _edit_households(personas.province_approver, tree.commune_a)
    changes = dict((label, (before, after)) for label, before, after in entry.readable_changes())
    assert changes["số hộ"] == ("10", "1.480")
    assert changes["hiệu lực từ"] == ("01/07/2025", "02/07/2025")


def test_the_audit_page_shows_names_and_words_not_a_dict(client, personas, tree):
    personas.province_approver.full_name = "Trần Văn Bình"
    personas.province_approver.save()
    _edit_households(personas.province_approver, tree.commune_a)
    client.force_login(personas.system_admin)
    page = client.get(reverse("audit:auditentry-list")).content.decode()
    assert "Số hộ: 10 → 1.480" in page and "Trần Văn Bình" in page
    assert "valid_from" not in page and "2025-07-01" not in page


def test_a_conflict_screen_names_the_person_not_the_user_name(personas, tree):
    personas.officer_a.full_name = "Nguyễn Thị An"
    personas.officer_a.save()
    tree.commune_a.version = 2
    _edit_households(personas.officer_a, tree.commune_a)
    assert changes_since(tree.commune_a, 1)[0]["actor"] == "Nguyễn Thị An"
