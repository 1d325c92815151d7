"""A point is its thing's own: the festival sites, models' sites and teams
carry their latitude and longitude (core.geo.Located), entered in their own
forms and API. Every Location is copied onto its row, then the table goes."""

from django.db import migrations

SUBJECTS = {
    "festival_site": ("activities", "FestivalSite"),
    "model_site": ("community", "Site"),
    "team": ("forces", "Team"),
}


def copy_to_rows(apps, schema_editor):
    Location = apps.get_model("maps", "Location")
    for field, (app, name) in SUBJECTS.items():
        model = apps.get_model(app, name)
        for location in Location.objects.filter(**{f"{field}__isnull": False}).iterator():
            model.objects.filter(pk=getattr(location, f"{field}_id")).update(
                latitude=location.latitude, longitude=location.longitude
            )


def copy_back(apps, schema_editor):
    Location = apps.get_model("maps", "Location")
    for field, (app, name) in SUBJECTS.items():
        model = apps.get_model(app, name)
        rows = model.objects.filter(latitude__isnull=False, longitude__isnull=False)
        for pk, latitude, longitude in rows.values_list("pk", "latitude", "longitude"):
            Location.objects.create(
                **{f"{field}_id": pk}, latitude=latitude, longitude=longitude
            )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_festival_site_point"),
        ("community", "0003_site_point"),
        ("forces", "0002_team_point"),
        ("maps", "0002_location"),
    ]

    operations = [
        migrations.RunPython(copy_to_rows, copy_back),
        migrations.DeleteModel(name="Location"),
    ]
