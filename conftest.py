"""Shared fixtures: a small real tree and the standing personas.

Tree (codes are real; lineage mimics the 2025 reform):

    Tỉnh Quảng Ninh 22 (unchanged in 2025)
    ├── Thành phố Hạ Long 193 (district, closed 30/06/2025)
    │   └── Phường Bạch Đằng 06688 (closed 30/06/2025) ──► Phường Hạ Long 06688
    ├── Phường Hạ Long 06688 (commune A, from 01/07/2025)
    │   ├── Khu phố Đồng Tâm
    │   └── Trường THCS Hạ Long
    └── Phường Bãi Cháy 06673 (commune B)
        └── Khu phố Hòa Bình
    Tỉnh Bến Tre 83 (closed 30/06/2025) ──► Tỉnh Vĩnh Long 86

Personas: province approver, commune A officer, commune B officer (who must
never see A), a province viewer, a province unit administrator, a system admin.
"""

import datetime as dt
import os
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from antq.accounts.models import Assignment, Role, User
from antq.activities.catalogue import load as activities_seed
from antq.awards.catalogue import load as awards_seed
from antq.community.catalogue import load as community_seed
from antq.reports.catalogue import seed as reports_seed
from antq.reports.models import ReportTemplate, TemplateSection
from antq.units.models import REFORM_2025_CLOSE, REFORM_2025_OPEN, LineageEvent, LineageLink, Unit
from antq.units.services import unit_refresh_derived, unit_set_path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API

PASSWORD = "mat-khau-thu-nghiem-2026"


def make_unit(*, parent: Unit | None = None, **overrides) -> Unit:
    defaults = {
        "code": f"T{Unit.objects.count() + 1:05d}",
        "name": "Khu phố Thử Nghiệm",
        "type": Unit.Type.RESIDENTIAL_AREA,
        "kind": Unit.Kind.KHU_PHO,
    }
    unit = Unit(parent=parent, path="", **(defaults | overrides))
    unit_refresh_derived(unit)
    unit.save()
    unit_set_path(unit)
    unit.save(update_fields=["path", "depth"])
    return unit


def make_user(username: str, role: str | None = None, unit: Unit | None = None, **extra) -> User:
    user = User(username=username, full_name=extra.pop("full_name", username), **extra)
    user.set_password(PASSWORD)
    user.save()
    if role:
        Assignment.objects.create(user=user, role=role, unit=unit)
    return user


def link(predecessor: Unit, successor: Unit, *, primary: bool = True) -> LineageLink:
    event = LineageEvent.objects.create(kind=LineageEvent.Kind.MERGE, date=REFORM_2025_OPEN)
    return LineageLink.objects.create(
        event=event, predecessor=predecessor, successor=successor, is_primary=primary
    )


class Tree:
    """Attribute bag for the fixture tree."""


@pytest.fixture
def tree(db) -> Tree:
    # Rows seeded by data migrations are gone after a transactional test's
    # flush: seed the configuration again (idempotent).
    activities_seed()
    community_seed()
    awards_seed()
    reports_seed(ReportTemplate, TemplateSection)
    t = Tree()
    t.province = make_unit(
        code="22", name="Tỉnh Quảng Ninh", type=Unit.Type.PROVINCE, kind=Unit.Kind.TINH
    )
    t.district = make_unit(
        parent=t.province,
        code="193",
        name="Thành phố Hạ Long",
        type=Unit.Type.DISTRICT,
        kind=Unit.Kind.THANH_PHO,
        valid_to=REFORM_2025_CLOSE,
    )
    t.old_commune = make_unit(
        parent=t.district,
        code="06688",
        name="Phường Bạch Đằng",
        type=Unit.Type.COMMUNE,
        kind=Unit.Kind.PHUONG,
        valid_to=REFORM_2025_CLOSE,
    )
    t.commune_a = make_unit(
        parent=t.province,
        code="06688",
        name="Phường Hạ Long",
        type=Unit.Type.COMMUNE,
        kind=Unit.Kind.PHUONG,
        valid_from=REFORM_2025_OPEN,
    )
    t.commune_b = make_unit(
        parent=t.province,
        code="06673",
        name="Phường Bãi Cháy",
        type=Unit.Type.COMMUNE,
        kind=Unit.Kind.PHUONG,
        valid_from=REFORM_2025_OPEN,
    )
    t.area_a = make_unit(
        parent=t.commune_a,
        code="06688-001",
        name="Khu phố Đồng Tâm",
        valid_from=date(2025, 7, 1),
        households=320,
    )
    t.school_a = make_unit(
        parent=t.commune_a,
        code="06688-002",
        name="Trường THCS Hạ Long",
        type=Unit.Type.SCHOOL,
        kind=Unit.Kind.TRUONG_THCS,
    )
    t.area_b = make_unit(parent=t.commune_b, code="06673-001", name="Khu phố Hòa Bình")
    t.ben_tre = make_unit(
        code="83",
        name="Tỉnh Bến Tre",
        type=Unit.Type.PROVINCE,
        kind=Unit.Kind.TINH,
        valid_to=REFORM_2025_CLOSE,
    )
    t.vinh_long = make_unit(
        code="86",
        name="Tỉnh Vĩnh Long",
        type=Unit.Type.PROVINCE,
        kind=Unit.Kind.TINH,
        valid_from=REFORM_2025_OPEN,
    )
    link(t.old_commune, t.commune_a)
    link(t.ben_tre, t.vinh_long)
    return t


@pytest.fixture
def merged_commune(tree) -> tuple[Unit, Unit]:
    """A commune of Bến Tre closed on 30/06/2025 and its successor in Vĩnh Long."""
    old = make_unit(
        parent=tree.ben_tre,
        code="28756",
        name="Phường An Hội (cũ)",
        type=Unit.Type.COMMUNE,
        kind=Unit.Kind.PHUONG,
        valid_to=REFORM_2025_CLOSE,
    )
    new = make_unit(
        parent=tree.vinh_long,
        code="28777",
        name="Phường An Hội",
        type=Unit.Type.COMMUNE,
        kind=Unit.Kind.PHUONG,
        valid_from=tree.vinh_long.valid_from,
    )
    link(old, new)
    return old, new


class Personas:
    """The standing users, each with one assignment in the fixture tree."""


@pytest.fixture
def personas(tree) -> Personas:
    p = Personas()
    p.province_approver = make_user("tinh.duyet", Role.APPROVER, tree.province)
    p.officer_a = make_user("xa.a", Role.APPROVER, tree.commune_a)
    p.officer_b = make_user("xa.b", Role.APPROVER, tree.commune_b)
    p.viewer = make_user("xem", Role.VIEWER, tree.province)
    p.unit_admin = make_user("tinh.quantri", Role.UNIT_ADMIN, tree.province)
    p.system_admin = make_user("quantri", Role.SYSTEM_ADMIN, tree.province)
    p.outsider = make_user("khach")
    return p


def client_for(client, user: User):
    client.force_login(user)
    return client


@pytest.fixture
def auth(client):
    """auth(user) → the headers of an API call with a fresh bearer token of `user`."""

    def issue(user) -> dict:
        token = client.post(
            "/api/v1/auth/token",
            {"username": user.username, "password": PASSWORD},
            content_type="application/json",
        ).json()["token"]
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    return issue


# The day the suite runs on: the fixtures' dates (the open 2026 cycle,
# November's monthly report due on 20/12, the year-end report in progress)
# mean what they were written to mean whatever the calendar says.
TEST_CLOCK = dt.datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _fixed_clock(request, settings):
    """Every test runs on TEST_CLOCK, ticking from there (durations and
    timeouts stay real). Tests that start other processes keep the real clock
    (`real_clock`): a child process cannot see ours. Browser tests run on it
    too; Chromium's own clock is real, so the CSRF cookie lasts the browser
    session instead of expiring a year after TEST_CLOCK."""
    if request.node.get_closest_marker("real_clock"):
        yield
        return
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(TEST_CLOCK, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; tests only need passwords to check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache(request, django_db_blocker):
    """Counters in the cache (API rate limits) start at zero in every test.
    They are rows of the database cache's table: a test's rollback empties
    them; after a transactional test (whose flush does not know that table)
    they are deleted here."""
    yield
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if transactional or (marker and marker.kwargs.get("transaction")):
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture(autouse=True)
def _two_factor_off(settings):
    """Administrators' second factor is tested on its own (accounts/tests/
    test_two_factor.py); elsewhere a forced login is a whole sign-in."""
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in Vietnamese, whatever a previous request activated."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def _jobs_inline(settings, request):
    """Jobs run at once, in the request that enqueues them (django-tasks'
    immediate backend), and write their progress on the same connection; browser
    tests keep the companion thread. The real queue and worker processes are
    tested in antq/core/tests/test_jobs_worker.py."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.ANTQ_JOBS_INLINE = "live_server" not in request.fixturenames


def _files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


@pytest.fixture(scope="session", autouse=True)
def _private_var_dir(tmp_path_factory):
    """The suite never touches a developer's data: var/ (media, job progress,
    chart cache) points at a temporary folder for the whole session, and the
    session fails if anything new appeared in the real one."""
    from django.conf import settings

    real = Path(settings.VAR_DIR)
    before = _files_under(real)
    private = tmp_path_factory.mktemp("var")
    with override_settings(VAR_DIR=private, MEDIA_ROOT=private / "media"):
        yield private
    left = sorted(_files_under(real) - before)
    assert not left, f"the tests wrote into {real}: {left[:10]}"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file in WAL mode, like production, not
    Django's shared in-memory database, whose table locks fail a read that
    overlaps a write ("database table is locked") where a real deployment waits."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


def database_url(name: str | None = None) -> str:
    """DATABASE_URL of the tests' database (or another database `name` on the same
    PostgreSQL server), for the antq processes a test starts."""
    import urllib.parse

    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{name or config['NAME']}"
    host = urllib.parse.quote(config["HOST"] or "localhost", safe="")
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgres://{config['USER']}:{config['PASSWORD']}@{host}{port}/{name or config['NAME']}"
