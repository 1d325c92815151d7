from django.db import migrations


def seed(apps, schema_editor):
    from antq.awards.catalogue import seed as seed_types

    seed_types(apps.get_model("awards", "AwardType"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
