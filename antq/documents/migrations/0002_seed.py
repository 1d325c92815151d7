from django.db import migrations


def seed(apps, schema_editor):
    from antq.documents.catalogue import seed

    seed(apps.get_model("documents", "Authority"), apps.get_model("documents", "LegalDocument"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
