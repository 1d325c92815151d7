from django.db import migrations, models


def keys_from_order(apps, schema_editor):
    TemplateSection = apps.get_model("reports", "TemplateSection")
    for section in TemplateSection.objects.all():
        section.key = f"s{section.order}"
        section.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_seed")]

    operations = [
        migrations.AddField(
            model_name="templatesection",
            name="key",
            field=models.SlugField(default="", max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(keys_from_order, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="templatesection",
            name="key",
            field=models.SlugField(
                help_text="Không đổi sau khi đã có báo cáo dùng mẫu này.",
                max_length=40,
                verbose_name="mã mục",
            ),
        ),
        migrations.AddConstraint(
            model_name="templatesection",
            constraint=models.UniqueConstraint(
                fields=("template", "key"), name="reports_section_key"
            ),
        ),
    ]
