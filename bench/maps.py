"""Time the national map with its 3,321 communes.

    .venv/bin/python bench/maps.py            # the demo database (var/antq.sqlite3)
    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/maps.py

Any database holding today's tree will do (`make demo` loads it, 34
provinces and 3,321 communes). As a system administrator, through Django's
test client: the map page at the commune level (`/ban-do/?level=commune`:
units, figures, the Vega-Lite spec of 3,321 tiles and the table), and the two
API calls a client makes for the same map. Median of 5 warm requests after
one cold one (the first pays for loading the grids). Target: under 1 s.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("ANTQ_TWO_FACTOR_REQUIRED", "false")  # the administrator signs in here

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from antq.accounts.models import Assignment, Role, User  # noqa: E402
from antq.units.models import Unit  # noqa: E402

URLS = [
    ("map page, recognition, 3,321 communes", "/ban-do/?level=commune"),
    (
        "map page, completeness, 3,321 communes",
        "/ban-do/?level=commune&measure=completeness:BC-THANG-XA",
    ),
    ("API units, 3,321 communes", "/api/v1/maps/units?level=commune"),
    (
        "API values, 3,321 communes",
        "/api/v1/maps/values?level=commune&measure=recognition&period=2025",
    ),
    ("map page, the provinces", "/ban-do/"),
]


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    communes = Unit.objects.current().filter(type=Unit.Type.COMMUNE).count()
    user, created = User.objects.get_or_create(username="bench.quantri")
    if created:
        user.set_password("bench-2026")
        user.save()
        province = Unit.objects.current().filter(type=Unit.Type.PROVINCE).order_by("code").first()
        Assignment.objects.create(user=user, role=Role.SYSTEM_ADMIN, unit=province)
    client = Client()
    client.force_login(user)
    print(f"{connection.vendor}, {communes} communes today")
    for label, url in URLS:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            answer = client.get(url)
            cold = time.perf_counter() - started
        assert answer.status_code == 200, (url, answer.status_code, answer.content[:300])
        times = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        print(
            f"{label}: median {statistics.median(times) * 1000:.0f} ms warm "
            f"(cold {cold * 1000:.0f} ms), {len(queries)} queries, "
            f"{len(answer.content) / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
