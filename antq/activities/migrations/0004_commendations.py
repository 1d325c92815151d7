from django.db import migrations


def seed(apps, schema_editor):
    from antq.activities.catalogue import seed as seed_catalogue

    seed_catalogue(
        apps.get_model("activities", "ActivityKind"),
        apps.get_model("activities", "OutputKind"),
        apps.get_model("activities", "ThreatCategory"),
    )


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_festival")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
