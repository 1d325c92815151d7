from django.urls import reverse

from antq.assessments.models import Campaign, CriteriaSet
from antq.assessments.services.campaigns import campaign_open
from antq.audit.models import AuditEntry


def test_admin_writes_are_audited_and_used_criteria_sets_are_frozen(client, personas, tree):
    personas.system_admin.is_staff = personas.system_admin.is_superuser = True
    personas.system_admin.save()
    campaign = campaign_open(by=personas.system_admin, province=tree.province, year=2026)
    client.force_login(personas.system_admin)
    url = reverse("admin:assessments_campaign_change", args=[campaign.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(
        {
            "recognizers": '{"school": "province"}',
            "bands": form["bands"].value(),
            "province": tree.province.pk,
            "status": "open",
            "cap_unrecognized": "on",
            "area_period_start": "01/11/2025",
            "area_period_end": "31/10/2026",
            "other_period_start": "16/11/2025",
            "other_period_end": "15/11/2026",
            "area_deadline": "20/11/2026",
            "other_deadline": "30/11/2026",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Campaign.objects.get(pk=campaign.pk).recognizers == {"school": "province"}
    entry = AuditEntry.objects.filter(object_type="assessments.campaign", note="admin").get()
    assert entry.before["recognizers"] == {} and entry.after["recognizers"] == {
        "school": "province"
    }

    used = CriteriaSet.objects.filter(year=2026).first()
    used.locked_at = used.criteria.first().criteria_set.locked_at or campaign.created_at
    used.save()
    assert (
        client.get(reverse("admin:assessments_criteriaset_change", args=[used.pk])).context[
            "has_change_permission"
        ]
        is False
    )


def test_units_and_the_audit_log_are_read_only_in_admin(client, personas, tree):
    personas.system_admin.is_staff = personas.system_admin.is_superuser = True
    personas.system_admin.save()
    client.force_login(personas.system_admin)
    assert client.get(reverse("admin:units_unit_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
