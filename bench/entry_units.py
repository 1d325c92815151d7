"""Time `units_for_entry` and the unit picker on the national tree.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/entry_units.py

Builds the units of `generate_national.py` if they are not there yet (34
provinces and 3,321 communes of today, the 63 provinces, districts and about
10,000 communes before 2025 with their lineage, about 100,000 residential
areas; no statistics needed), stores every carrier path, then times, for the
officer of today's province carrying the most predecessors (Phú Thọ holds
Vĩnh Phúc and Hòa Bình) and for a system administrator: the set of units they may
record for on a day of 2022 (counted, and its first page), and a picker
search in it. Median of 7 warm runs; the baseline is the query it replaces
(open units in scope plus those linked to them by a primary lineage link),
measured in the same run.
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench.sqlite3")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from antq.accounts.models import Assignment, Role, User  # noqa: E402
from antq.units.models import LineageLink, Unit  # noqa: E402
from antq.units.placement import carriers_refresh  # noqa: E402
from antq.units.recipes import sign, unsign  # noqa: E402
from antq.units.selectors import unit_matches, units_for_entry  # noqa: E402
from bench.generate_national import residential_areas  # noqa: E402

DAY = date(2022, 6, 15)


def median_ms(work, runs: int = 7) -> float:
    work()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def person(username: str, role: str, unit: Unit) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        Assignment.objects.create(user=user, role=role, unit=unit)
    return user


def before(user):
    """The query `units_for_entry` used before the carrier path (one lineage hop)."""
    from antq.core.access import scope_paths

    paths = scope_paths(user, "edit")
    if paths is None:
        return Unit.objects.all()
    open_units = Unit.objects.for_user(user, "edit").filter(valid_to__isnull=True)
    carried = LineageLink.objects.filter(
        is_primary=True, successor__in=open_units, predecessor__valid_to__isnull=False
    ).values("predecessor")
    return Unit.objects.filter(Q(pk__in=open_units.values("pk")) | Q(pk__in=carried))


def main() -> None:
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(type=Unit.Type.PROVINCE).exists():
        call_command("load_units", verbosity=0)
    communes = list(
        Unit.objects.filter(type=Unit.Type.COMMUNE, valid_to__isnull=True).only(
            "pk", "parent_id", "path"
        )
    )
    residential_areas(communes)
    started = time.perf_counter()
    changed = carriers_refresh()
    print(f"carrier paths stored: {changed:,} changed ({time.perf_counter() - started:.1f} s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(connection.vendor, f"{Unit.objects.count():,} units")
    province = (
        Unit.objects.filter(type=Unit.Type.PROVINCE, valid_to__isnull=True)
        .annotate(n=Count("predecessor_links"))
        .order_by("-n", "code")
        .first()
    )
    people = [
        (f"approver of {province.name}", person("bench.entry", Role.APPROVER, province)),
        ("system administrator", person("bench.entry.admin", Role.SYSTEM_ADMIN, province)),
    ]
    for label, user in people:
        measure(label, user)


def measure(label: str, user: User) -> None:
    units = units_for_entry(user, "edit", on=DAY)
    token = sign(units.recipe)
    print(f"\n{label}: {units.count():,} units to pick from on {DAY:%d/%m/%Y}")
    figures = {
        "count of the set (units_for_entry)": lambda: units_for_entry(user, "edit", on=DAY).count(),
        "first 20, by name": lambda: list(
            units_for_entry(user, "edit", on=DAY).order_by("depth", "name_folded")[:20]
        ),
        "picker search 'ben tre'": lambda: unit_matches(
            user=user, recipe=unsign(token), q="ben tre", on=DAY
        ),
        "picker search 'thon 1'": lambda: unit_matches(
            user=user, recipe=unsign(token), q="thon 1", on=DAY
        ),
        "baseline: old query, count": lambda: before(user).count(),
    }
    for name, work in figures.items():
        print(f"  {name:38} {median_ms(work):8.1f} ms")


if __name__ == "__main__":
    main()
