"""Each unit gets its DHIS2-style UID, derived from its code and first day
(the same on every installation loaded from the same lists). A unit version,
not a code: the units that shared a code across the 2025 reform get two."""

from django.db import migrations, models

import antq.core.fields


def give_uids(apps, schema_editor):
    from antq.core.fields import uid_from

    Unit = apps.get_model("units", "Unit")
    taken: set[str] = set()
    changed = []
    for unit in Unit.objects.order_by("pk").only("pk", "code", "valid_from").iterator(2000):
        since = unit.valid_from.isoformat() if unit.valid_from else ""
        seed = f"antq:organisationUnit:{unit.code}:{since}"
        uid = uid_from(seed)
        if uid in taken:  # the same code and first day twice: the later row by its id
            uid = uid_from(f"{seed}:{unit.pk}")
        taken.add(uid)
        unit.uid = uid
        changed.append(unit)
        if len(changed) >= 2000:
            Unit.objects.bulk_update(changed, ["uid"])
            changed = []
    Unit.objects.bulk_update(changed, ["uid"])


class Migration(migrations.Migration):
    dependencies = [("units", "0002_versions")]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="uid",
            field=models.CharField(editable=False, max_length=11, null=True, verbose_name="UID"),
        ),
        migrations.RunPython(give_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="unit",
            name="uid",
            field=antq.core.fields.UidField(verbose_name="UID"),
        ),
    ]
