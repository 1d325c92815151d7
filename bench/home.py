"""Time the home page ("what waits on me") on the national benchmark database.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/home.py

Run `bench/report.py` first (it gives the monthly form real values). Creates,
once, an approver of the province with most communes, an officer of one of
its communes and a system administrator, then times the home page through
Django's test client (median of 5 warm requests) and counts its queries.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")
os.environ.setdefault("ANTQ_TWO_FACTOR_REQUIRED", "false")  # the administrator signs in here

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from antq.accounts.models import Assignment, Role, User  # noqa: E402
from antq.units.models import Unit  # noqa: E402


def person(username: str, role: str, unit: Unit) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password("bench-2026")
        user.save()
        Assignment.objects.create(user=user, role=role, unit=unit)
    return user


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    province = (
        Unit.objects.filter(type=Unit.Type.PROVINCE, valid_to__isnull=True)
        .annotate(n=Count("children", filter=Q(children__valid_to__isnull=True)))
        .order_by("-n")
        .first()
    )
    commune = province.children.filter(valid_to__isnull=True).order_by("code").first()
    people = [
        (f"approver of {province.name} ({province.n} communes)",
         person("bench.tinh", Role.APPROVER, province)),
        (f"officer of {commune.name}", person("bench.xa", Role.DATA_ENTRY, commune)),
        ("system administrator (the nation)", person("bench.quantri", Role.SYSTEM_ADMIN, province)),
    ]  # fmt: skip
    print(connection.vendor)
    for label, user in people:
        client = Client()
        client.force_login(user)
        client.get("/")  # warm
        durations = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get("/")
            durations.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        assert response.status_code == 200
        print(f"{label}: {statistics.median(durations) * 1000:.0f} ms, {len(queries)} queries")


if __name__ == "__main__":
    main()
