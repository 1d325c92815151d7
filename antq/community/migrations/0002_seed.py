from django.db import migrations


def seed(apps, schema_editor):
    from antq.community.catalogue import seed as seed_categories

    seed_categories(apps.get_model("community", "ModelCategory"))


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
