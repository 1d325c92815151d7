from django.db import migrations


def seed(apps, schema_editor):
    from antq.reports.catalogue import seed as seed_template

    seed_template(
        apps.get_model("reports", "ReportTemplate"), apps.get_model("reports", "TemplateSection")
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
