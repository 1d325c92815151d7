"""Each indicator (DHIS2's data element) and report form (its data set) gets
a DHIS2-style UID derived from its code, the same on every installation."""

from django.db import migrations, models

import antq.core.fields


def give_uids(apps, schema_editor):
    from antq.core.fields import uid_from

    for model, kind in (("Indicator", "dataElement"), ("ReportForm", "dataSet")):
        Model = apps.get_model("indicators", model)
        rows = list(Model.objects.only("pk", "code"))
        for row in rows:
            row.uid = uid_from(f"antq:{kind}:{row.code}")
        Model.objects.bulk_update(rows, ["uid"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_fewer_value_indexes")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="uid",
            field=models.CharField(editable=False, max_length=11, null=True, verbose_name="UID"),
        ),
        migrations.AddField(
            model_name="reportform",
            name="uid",
            field=models.CharField(editable=False, max_length=11, null=True, verbose_name="UID"),
        ),
        migrations.RunPython(give_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="indicator",
            name="uid",
            field=antq.core.fields.UidField(verbose_name="UID"),
        ),
        migrations.AlterField(
            model_name="reportform",
            name="uid",
            field=antq.core.fields.UidField(verbose_name="UID"),
        ),
    ]
