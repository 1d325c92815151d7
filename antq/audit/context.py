"""Where a write comes from (web, API, CLI) and from which address.

Set once at the edge (middleware, API, management command); services read it
when they write audit entries, so they need not thread it through every call.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    source: str = "system"
    ip_address: str | None = None


# AuditContext is frozen, so sharing one default instance is safe.
_current: ContextVar[AuditContext] = ContextVar("antq_audit_context", default=AuditContext())  # noqa: B039


def current() -> AuditContext:
    return _current.get()


@contextmanager
def audit_context(source: str, ip_address: str | None = None) -> Iterator[None]:
    token = _current.set(AuditContext(source=source, ip_address=ip_address))
    try:
        yield
    finally:
        _current.reset(token)
