"""A task is placed by its lead (today's unit carrying it reports on it), and
a closed issuer's plan may be taken over by a successor from a day. Every
existing task keeps its row and gets its lead's place."""

import django.db.models.deletion
from django.db import migrations, models

import antq.core.fields

COLUMNS = (
    "published_province_id",
    "published_commune_id",
    "restated_province_id",
    "restated_commune_id",
    "scope_path",
)


def place_tasks(apps, schema_editor):
    from antq.units.placement import places_of

    Task = apps.get_model("plans", "Task")
    leads = sorted(set(Task.objects.values_list("lead_id", flat=True)))
    for start in range(0, len(leads), 500):
        chunk = leads[start : start + 500]
        for lead, place in places_of(chunk).items():
            Task.objects.filter(lead_id=lead).update(**{c: place[c] for c in COLUMNS})


def _place_column(name):
    return migrations.AddField(
        model_name="task",
        name=name,
        field=models.ForeignKey(
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to="units.unit",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_committees"),
        ("units", "0002_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="taken_over_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="units.unit",
                verbose_name="đơn vị tiếp nhận",
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="taken_over_on",
            field=models.DateField(blank=True, null=True, verbose_name="tiếp nhận từ ngày"),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(("taken_over_by__isnull", True), ("taken_over_on__isnull", True))
                | models.Q(("taken_over_by__isnull", False), ("taken_over_on__isnull", False)),
                name="plans_takeover_with_its_day",
            ),
        ),
        _place_column("published_province"),
        _place_column("published_commune"),
        _place_column("restated_province"),
        _place_column("restated_commune"),
        migrations.AddField(
            model_name="task",
            name="scope_path",
            field=antq.core.fields.PathField(default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.RunPython(place_tasks, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["scope_path"], name="plans_task_scope", opclasses=["varchar_pattern_ops"]
            ),
        ),
    ]
