"""The default report states the press articles of the year beside the news
items and the online posts (issue 22: "265 bài mạng, 1.480 tin, 84 bài báo"):
a line for SP_BAO_CHI after SP_MANG in each template section that states the
online posts and not yet the press. Only that text changes; every template,
section and report is kept, and a report already drafted keeps its figures."""

from django.db import migrations

PRESS = "SP_BAO_CHI | Đăng {value} bài trên báo chí"


def add_press_line(section_model) -> int:
    changed = 0
    for section in section_model.objects.filter(figures__contains="SP_MANG"):
        lines = section.figures.splitlines()
        codes = [line.partition("|")[0].strip().upper() for line in lines]
        if "SP_BAO_CHI" in codes or "SP_MANG" not in codes:
            continue
        lines.insert(codes.index("SP_MANG") + 1, PRESS)
        section.figures = "\n".join(lines)
        section.save(update_fields=["figures"])
        changed += 1
    return changed


def forwards(apps, schema_editor):
    add_press_line(apps.get_model("reports", "TemplateSection"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_section_key")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
