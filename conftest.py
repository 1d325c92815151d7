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
import threading
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections
from django.test import override_settings

from antq.accounts.models import Assignment, Role, User
from antq.activities.catalogue import load as activities_seed
from antq.awards.catalogue import load as awards_seed
from antq.community.catalogue import load as community_seed
from antq.documents.catalogue import load as documents_seed
from antq.reports.catalogue import seed as reports_seed
from antq.reports.models import ReportTemplate, TemplateSection
from antq.units.models import REFORM_2025_CLOSE, REFORM_2025_OPEN, LineageEvent, LineageLink, Unit
from antq.units.placement import carriers_refresh
from antq.units.services import unit_refresh_derived, unit_set_path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API

PASSWORD = "mat-khau-thu-nghiem-2026"


def make_unit(*, parent: Unit | None = None, **overrides) -> Unit:
    defaults = {
        "name": "Khu phố Thử Nghiệm",
        "type": Unit.Type.RESIDENTIAL_AREA,
        "kind": Unit.Kind.KHU_PHO,
    }
    if "code" not in overrides:
        defaults["code"] = f"T{Unit.objects.count() + 1:05d}"
    unit = Unit(parent=parent, path="", **(defaults | overrides))
    unit_refresh_derived(unit)
    unit.save()
    unit_set_path(unit)
    unit.save(update_fields=["path", "depth", "carrier_path"])
    if unit.valid_to is not None:
        carriers_refresh(unit.path)
        unit.refresh_from_db(fields=["carrier_path"])
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
    edge = LineageLink.objects.create(
        event=event, predecessor=predecessor, successor=successor, is_primary=primary
    )
    carriers_refresh()  # what the loader and `antq restate` do after lineage changes
    return edge


class Tree:
    """Attribute bag for the fixture tree."""


def configuration_seed() -> None:
    """The configuration rows that data migrations seed (activity kinds, model
    categories, award types, the report template, the register's authorities
    and laws). They are only missing after a transactional test's flush: then
    seed them again (each seed is idempotent)."""
    from antq.activities.models import ActivityKind
    from antq.awards.models import AwardType
    from antq.community.models import ModelCategory
    from antq.documents.models import Authority, LegalDocument

    present = (
        ActivityKind.objects.exists()
        and ModelCategory.objects.exists()
        and AwardType.objects.exists()
        and ReportTemplate.objects.exists()
        and Authority.objects.exists()
        and LegalDocument.objects.exists()
    )
    if not present:
        activities_seed()
        community_seed()
        awards_seed()
        documents_seed()
        reports_seed(ReportTemplate, TemplateSection)


def build_tree() -> Tree:
    """The fixture tree (module docstring), with the seeded configuration."""
    configuration_seed()
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
def tree(request, db) -> Tree:
    if "world" in request.fixturenames:  # the shared world brings its own tree
        return request.getfixturevalue("world").tree
    return build_tree()


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


def build_personas(tree: Tree) -> Personas:
    p = Personas()
    p.province_approver = make_user("tinh.duyet", Role.APPROVER, tree.province)
    p.officer_a = make_user("xa.a", Role.APPROVER, tree.commune_a)
    p.officer_b = make_user("xa.b", Role.APPROVER, tree.commune_b)
    p.viewer = make_user("xem", Role.VIEWER, tree.province)
    p.unit_admin = make_user("tinh.quantri", Role.UNIT_ADMIN, tree.province)
    p.system_admin = make_user("quantri", Role.SYSTEM_ADMIN, tree.province)
    p.outsider = make_user("khach")
    return p


@pytest.fixture
def personas(request, tree) -> Personas:
    if "world" in request.fixturenames:
        return request.getfixturevalue("world").personas
    return build_personas(tree)


# The shared world (tests/world.py: one of everything, for the tests that walk
# every URL or every service) costs as much to build as a hundred small tests,
# and about 450 tests ask for it. It is built once per session (per xdist
# worker) inside an outer transaction that is never committed; each test that
# asks for `world` runs inside it in a savepoint that is rolled back, and gets a
# deep copy of the Python objects (as Django's setUpTestData does), so no test
# sees another's changes. A test that does not ask for `world` never sees it:
# the outer transaction is rolled back after the last test that uses it, or at
# the latest before another test opens its own (`_django_db_helper` below), and
# the world is built again when needed. Collection puts the tests that ask for
# it last, so that happens about once per worker.
WORLD_CLOCK = dt.timedelta(minutes=1)  # the world exists a minute before each test starts


class SharedWorld:
    def __init__(self, blocker, media: Path):
        self.blocker, self.media = blocker, media
        self.built = None
        self._atomic = self._connection = None

    def open(self) -> None:
        from django.db import connections, transaction
        from django.utils import translation

        from tests.world import build_world

        if self._atomic is not None:
            return
        with self.blocker.unblock():
            self._connection = connections["default"]  # this context's (see close())
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            with (
                override_settings(MEDIA_ROOT=self.media, **SUITE_SETTINGS),
                translation.override("vi"),
                time_machine.travel(TEST_CLOCK - WORLD_CLOCK, tick=True),
            ):
                tree = build_tree()
                self.built = build_world(tree, build_personas(tree))

    def close(self) -> None:
        from django.db import connections, transaction

        if self._atomic is None:
            return
        # Django keeps connections in context variables, and Playwright's
        # session teardown leaves the main thread in another context, where a
        # session finalizer would find a fresh connection. So the world is
        # closed after the last test that uses it (_shared_world_state); the
        # session finalizer only closes the connection of a run cut short.
        with self.blocker.unblock():
            if connections["default"] is self._connection:
                transaction.set_rollback(True)
                self._atomic.__exit__(None, None, None)
            # Closed either way: the world may have been opened while Playwright's
            # event loop was marked running, in a connection of the asyncio
            # context that would outlive the run (PostgreSQL then refuses to drop
            # the test database: "being accessed by other users"). The next test
            # connects again.
            self._connection.close()
        self._atomic = self._connection = self.built = None


@pytest.fixture(scope="session")
def _shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    shared = SharedWorld(django_db_blocker, tmp_path_factory.mktemp("world-media"))
    yield shared
    shared.close()


_following: dict[str, pytest.Item | None] = {}  # test id → the test that runs after it


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    _following[item.nodeid] = nextitem


def _uses_world(item: pytest.Item | None) -> bool:
    return item is not None and "world" in getattr(item, "fixturenames", ())


@pytest.fixture
def _shared_world_state(request, _shared_world):
    """The shared world is there exactly for the tests that ask for it."""
    if _uses_world(request.node):
        if any(name in request.fixturenames for name in ("transactional_db", "live_server")):
            raise pytest.UsageError("the shared world is for non-transactional tests")
        _shared_world.open()
    else:
        _shared_world.close()
    yield
    if not _uses_world(_following.get(request.node.nodeid)):
        _shared_world.close()  # after this test's own transaction (see _django_db_helper)


@pytest.fixture
def _django_db_helper(_shared_world_state, _django_db_helper):
    """pytest-django opens each test's database transaction (or flushes after a
    transactional test) in `_django_db_helper`, whichever way the test asked for
    the database (`db`, `transactional_db`, `live_server`, the `django_db` mark):
    the shared world's state is settled before it."""
    yield


@pytest.fixture
def world(_shared_world, db, settings, tmp_path):
    """One of everything (tests/world.py), fresh for this test; its files are
    copied into this test's MEDIA_ROOT (tmp_path)."""
    import copy
    import shutil

    shutil.copytree(_shared_world.media, tmp_path, dirs_exist_ok=True)
    settings.MEDIA_ROOT = tmp_path
    return copy.deepcopy(_shared_world.built)


def pytest_collection_modifyitems(config, items):
    """The tests that share the world run last, together (see SharedWorld)."""
    items.sort(key=_uses_world)


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


# What the autouse fixtures below set for every test (SharedWorld builds under them too)
SUITE_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TWO_FACTOR_REQUIRED": False,
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    "ANTQ_JOBS_INLINE": True,
    "WHITENOISE_AUTOREFRESH": True,
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; tests only need passwords to check."""
    settings.PASSWORD_HASHERS = SUITE_SETTINGS["PASSWORD_HASHERS"]


@pytest.fixture(autouse=True)
def _static_files_found_when_asked(settings):
    """WhiteNoise indexes every static file (~175, reading each one's headers)
    whenever a middleware chain is built, that is for every test client: half
    the time of a request in the URL matrix. Tests look a file up when it is
    asked for, as in development."""
    settings.WHITENOISE_AUTOREFRESH = SUITE_SETTINGS["WHITENOISE_AUTOREFRESH"]


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
    settings.TWO_FACTOR_REQUIRED = SUITE_SETTINGS["TWO_FACTOR_REQUIRED"]


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
    settings.TASKS = SUITE_SETTINGS["TASKS"]
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
    with override_settings(
        VAR_DIR=private, MEDIA_ROOT=private / "media", SIGNIN_LOCK_DIR=private / "run"
    ):
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


# --- concurrent writers (PostgreSQL: SQLite runs one writer at a time) --------


@pytest.fixture
def postgresql_only(transactional_db):
    """A test of writers at once: PostgreSQL only (CI runs the suite there too)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrent saves are tested on PostgreSQL")


def run_at_once(work, count: int) -> list:
    """Run `work(i)` in `count` threads released together; returns their results."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # reported as the result, so the test shows it
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
