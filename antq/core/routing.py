"""Reads where they belong: the primary for writes and for whoever has just
written, a streaming standby for the rest of the reading (dashboards,
reports, public pages, exports, the national roll-ups), while it keeps up.

Only when `ANTQ_STANDBY_URL` is set (settings adds the "standby" database,
`ReadRouter` and `ReadRoutingMiddleware`); one machine never sees this.

The rules, in order, for a read:

1. outside a request marked for the standby (any request but GET/HEAD, a
   management command, a job): the primary;
2. tables whose reads decide a write or a sign-in (sessions, accounts, the
   cache's counters, jobs and the task queue, sign-in failures): the primary;
3. inside a transaction on the primary (a service reading what it will
   change, `select_for_update`): the primary;
4. a standby whose replay lag is over `ANTQ_STANDBY_MAX_LAG_SECONDS`, or that
   cannot be reached: the primary (checked at most once a second per
   process; a standby that failed is left alone for five seconds);
5. otherwise the standby.

Read-your-writes: a request that wrote pins its client to the primary for
`ANTQ_PIN_SECONDS`: a cookie for browsers, and a cache entry keyed by the
API token or the session for clients that keep no cookie (the cache is the
shared store: the database cache, or Redis with `ANTQ_REDIS_URL`).
"""

import contextlib
import hashlib
import logging
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
STANDBY = "standby"
PIN_COOKIE = "antq_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# app labels and models read from the primary whatever the request
PRIMARY_APPS = frozenset(
    {"sessions", "accounts", "django_cache", "django_tasks_database", "otp_totp", "otp_static"}
)
PRIMARY_MODELS = frozenset({"core.job", "core.clientsubmission", "core.idempotencykey"})
# writes that do not pin their client: counters, session renewal, a token's
# last use (what they change is read from the primary anyway)
UNPINNING_APPS = frozenset({"sessions", "django_cache", "accounts"})


@dataclass
class _Request:
    standby: bool = False
    wrote: bool = False
    used_standby: bool = False


_request: ContextVar[_Request | None] = ContextVar("antq_read_routing", default=None)


@dataclass
class _Health:
    checked: float = 0.0
    fresh: bool = False
    lag: float | None = None


_health = _Health()
_health_lock = threading.Lock()
CHECK_EVERY = 1.0
DOWN_FOR = 5.0

LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


def standby_lag() -> float | None:
    """Seconds the standby's replay is behind (0 when it has replayed all it
    received; 0 for a server that is not in recovery), None when it cannot be
    asked."""
    try:
        with connections[STANDBY].cursor() as cursor:
            cursor.execute(LAG_SQL)
            _in_recovery, lag = cursor.fetchone()
        return float(lag)
    except Exception as exc:  # unreachable, restarting, promoted mid-query
        logger.warning("standby not usable: %s", exc)
        with contextlib.suppress(Exception):  # a broken connection may fail to close
            connections[STANDBY].close()
        return None


def standby_fresh(*, now: float | None = None) -> bool:
    """Whether reads may go to the standby now (cached for a second)."""
    now = time.monotonic() if now is None else now
    with _health_lock:
        wait = DOWN_FOR if _health.lag is None and _health.checked else CHECK_EVERY
        if now - _health.checked < wait:
            return _health.fresh
        lag = standby_lag()
        _health.checked, _health.lag = now, lag
        _health.fresh = lag is not None and lag <= settings.STANDBY_MAX_LAG_SECONDS
        return _health.fresh


def forget_standby_health() -> None:
    """Ask the standby again at the next read (tests, after a failover)."""
    with _health_lock:
        _health.checked, _health.fresh, _health.lag = 0.0, False, None


class ReadRouter:
    def db_for_read(self, model, **hints):
        state = _request.get()
        if state is None or not state.standby:
            return PRIMARY
        meta = model._meta
        if meta.app_label in PRIMARY_APPS or meta.label_lower in PRIMARY_MODELS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if standby_fresh():
            state.used_standby = True
            return STANDBY
        return PRIMARY

    def db_for_write(self, model, **hints):
        state = _request.get()
        if state is not None and model._meta.app_label not in UNPINNING_APPS:
            state.wrote = True
            state.standby = False  # what follows in this request reads its own write
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def _pin_key(request) -> str | None:
    """Who the client is, without the database: its API token or its session."""
    secret = request.META.get("HTTP_AUTHORIZATION") or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME
    )
    if not secret:
        return None
    return "antq:pin:" + hashlib.sha256(secret.encode()).hexdigest()[:32]


def _pinned(request) -> bool:
    try:
        if float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time():
            return True
    except ValueError:
        pass
    key = _pin_key(request)
    if key is None:
        return False
    from django.core.cache import cache

    try:
        return bool(cache.get(key))
    except Exception:  # the cache is down: the primary is always right
        return True


def _pin(request, response) -> None:
    seconds = settings.PIN_SECONDS
    response.set_cookie(
        PIN_COOKIE,
        f"{time.time() + seconds:.0f}",
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    key = _pin_key(request)
    if key is None:
        return
    from django.core.cache import cache

    try:
        cache.set(key, 1, timeout=seconds)
    except Exception:
        logger.warning("pin not stored in the cache", exc_info=True)


class ReadRoutingMiddleware:
    """Marks GET/HEAD requests of clients not pinned to the primary as
    readers of the standby; pins the client of a request that wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = _Request()
        token = _request.set(state)
        try:
            state.standby = request.method in SAFE_METHODS and not _pinned(request)
            response = self.get_response(request)
        finally:
            _request.reset(token)
        # which copy answered (the cluster bench counts them; no secret in it)
        response["X-Antq-Read"] = "standby" if state.used_standby else "primary"
        if state.wrote or (request.method not in SAFE_METHODS and response.status_code < 400):
            _pin(request, response)
        return response


class reading_from_standby:
    """Outside a request (a report job, a script): reads in this block follow
    the rules above, as a GET request's do."""

    def __enter__(self):
        self._token = _request.set(_Request(standby=True))
        return self

    def __exit__(self, *exc):
        _request.reset(self._token)
