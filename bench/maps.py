"""Time the maps: the nation by province, the nation's 3,321 communes, and
the communes of the province that has the most of them.

    .venv/bin/python bench/maps.py            # the demo database (var/antq.sqlite3)
    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/maps.py

Any database holding today's tree will do (`make demo` loads it, 34
provinces and 3,321 communes). As a system administrator, through Django's
test client: the map page at the commune level (`/ban-do/?level=commune`:
units, figures, the Vega-Lite spec of 3,321 tiles and the table), and the two
API calls a client makes for the same map (GeoJSON and TopoJSON), then the
same for the largest province's communes. Median of 5 warm requests after
one cold one (the first pays for loading the grids). Target: under 1 s.
Run it under `nice -n 10` on a shared machine; the load average is printed.
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
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test import Client  # noqa: E402

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
    (
        "API units, 3,321 communes, TopoJSON",
        "/api/v1/maps/units?level=commune&format=topojson",
    ),
    ("map page, the provinces", "/ban-do/"),
]
PROVINCE_URLS = [
    ("map page, {name}'s {n} communes", "/ban-do/?unit={code}"),
    ("API units, {name}'s {n} communes", "/api/v1/maps/units?parent={code}"),
    (
        "API values, {name}'s {n} communes",
        "/api/v1/maps/values?parent={code}&measure=recognition&period=2025",
    ),
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
    connection.force_debug_cursor = True  # to count each request's queries
    print(f"{connection.vendor}, {communes} communes today, load {os.getloadavg()[0]:.1f}")
    largest = max(
        Unit.objects.current().filter(type=Unit.Type.PROVINCE),
        key=lambda p: Unit.objects.current().subtree(p).filter(type=Unit.Type.COMMUNE).count(),
    )
    n = Unit.objects.current().subtree(largest).filter(type=Unit.Type.COMMUNE).count()
    province_urls = [
        (label.format(name=largest.name, n=n), url.format(code=largest.code))
        for label, url in PROVINCE_URLS
    ]
    run(client, URLS + province_urls)
    # the same with a boundary for every commune (Voronoi cells of their
    # centres: a stand-in of realistic size, never kept: rolled back)
    with transaction.atomic():
        made = stand_in_boundaries()
        print(f"with boundaries for {made} communes (rolled back afterwards)")
        run(client, [u for u in URLS + province_urls if "provinces" not in u[0]])
        transaction.set_rollback(True)


def stand_in_boundaries() -> int:
    import shapely
    from shapely.geometry import MultiPoint, box

    from antq.maps.geometry import data_code
    from antq.maps.models import Boundary
    from antq.maps.services import _simplified
    from antq.maps.tiles import TODAY, coordinates

    known = coordinates(TODAY)["commune"]
    communes = list(
        Unit.objects.current()
        .filter(type=Unit.Type.COMMUNE)
        .annotate(parent_code=F("parent__code"))
    )
    centres = {u.pk: known.get(data_code(u, TODAY)) for u in communes}
    spots = sorted({(lon, lat) for c in centres.values() if c is not None for lat, lon in [c]})
    points = MultiPoint(spots)
    cells = shapely.voronoi_polygons(points, extend_to=box(100, 6, 118.5, 24), ordered=True)
    hull = points.convex_hull.buffer(0.05)
    cell_of = {spot: cell.intersection(hull) for spot, cell in zip(spots, cells.geoms, strict=True)}
    by_point = {pk: cell_of[(c[1], c[0])] for pk, c in centres.items() if c is not None}
    rows = []
    for pk in centres:
        geometry = by_point.get(pk) or box(100, 6, 100.01, 6.01)
        rows.append(Boundary(unit_id=pk, source="bench", **_simplified(geometry)))
    Boundary.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def run(client, urls) -> None:
    for label, url in urls:
        reset_queries()
        started = time.perf_counter()
        answer = client.get(url)
        cold = time.perf_counter() - started
        queries = len(connection.queries)
        assert answer.status_code == 200, (url, answer.status_code, answer.content[:300])
        times = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        print(
            f"{label}: median {statistics.median(times) * 1000:.0f} ms warm "
            f"(cold {cold * 1000:.0f} ms), {queries} queries, "
            f"{len(answer.content) / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
