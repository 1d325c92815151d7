"""The forms the records of past decisions need (the Prime Minister's, a
district chairman's), and the seeded conditions saying whom they judge
(those edited since are left as they are)."""

from django.db import migrations


def forward(apps, schema_editor):
    from antq.awards.catalogue import declare_recipients, seed

    model = apps.get_model("awards", "AwardType")
    seed(model)
    declare_recipients(model)


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_records")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
