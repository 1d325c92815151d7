"""Who does a write when no person does it at that moment.

Every service takes `by`, the actor, and it is never None: a person (a
`User`) or the system. The system actor is typed, so a caller cannot switch a
right check off by forgetting an argument; its name says in the audit log
which part of the system acted (the demo loader, the daily reminders, a
restatement started from the command line).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class SystemActor:
    """Background work that no person started: may do everything, is named in
    the audit log, and is never a signed-in user."""

    name: str

    # what code that reads a user's flags sees: not a person, never signed in
    is_authenticated = False
    is_active = True
    is_superuser = False
    pk = None

    def get_username(self) -> str:
        return f"hệ thống ({self.name})" if self.name else "hệ thống"

    def __str__(self) -> str:
        return self.get_username()


SYSTEM = SystemActor("")

#: who does a write, for the layers below accounts (units, audit), which cannot
#: name accounts' User: a person or the system. Domain apps use the narrower
#: `antq.accounts.access.Actor` (User | SystemActor).
Actor: TypeAlias = "AbstractBaseUser | SystemActor"


def person_of(by):
    """The person to name on a row (`created_by`, `reviewed_by` …): the actor
    when a person acts, None when the system does."""
    return by if getattr(by, "is_authenticated", False) else None


def actor_of(user) -> "SystemActor | object":
    """The actor of work started by `user`, or by nobody (a job queued from the
    command line, a scheduled task): the system."""
    return user if user is not None else SYSTEM
