"""State moves, declared once per workflow and checked in one place.

A workflow is a status field and the moves allowed between its values. A model
declares them once, next to its `Status`:

    class Submission(models.Model):
        class Status(models.TextChoices): ...
        moves = Workflow(
            Move("submit", _("nộp"), {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
            Move("approve", _("duyệt"), {Status.SUBMITTED}, Status.APPROVED),
        )

and every service makes a move with `Submission.moves.apply(submission,
"submit")`, which refuses a move from a wrong state with `WrongState`. Pages
and the API answer it with 409 and the current state, in one place each.
Templates ask `moves.allowed(obj)` which buttons to show.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


class WrongState(Exception):
    """A move the current state does not allow: nothing was written. Answered
    with HTTP 409, the current state in the body (`current_state`)."""

    def __init__(self, message: str, *, current: str = "", current_label: str = ""):
        super().__init__(message)
        self.current = current
        self.current_label = current_label

    def as_dict(self) -> dict:
        return {"current_state": self.current, "current_state_label": self.current_label}


@dataclass(frozen=True)
class Move:
    """One allowed move: its name (the API's URL ends with it), what a person
    reads ("nộp", "duyệt"), the states it starts from and the state it leads
    to (None: the state stays, as for an edit allowed only in some states)."""

    name: str
    label: str
    sources: frozenset[str]
    target: str | None = None

    def __init__(self, name: str, label, sources: Iterable[str], target: str | None = None):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", None if target is None else str(target))


class Workflow:
    """The moves of one status field."""

    def __init__(self, *moves: Move, field: str = "status"):
        self.field = field
        self.moves = {move.name: move for move in moves}
        if len(self.moves) != len(moves):
            raise ValueError("two moves share a name")

    def __getitem__(self, name: str) -> Move:
        return self.moves[name]

    def state_of(self, obj) -> str:
        return str(getattr(obj, self.field))

    def state_label(self, obj) -> str:
        display = getattr(obj, f"get_{self.field}_display", None)
        return str(display()) if display else self.state_of(obj)

    def can(self, obj, name: str) -> bool:
        return self.state_of(obj) in self.moves[name].sources

    def allowed(self, obj) -> list[Move]:
        """The moves open from `obj`'s state, in declaration order."""
        return [move for move in self.moves.values() if self.state_of(obj) in move.sources]

    def check(self, obj, name: str) -> Move:
        """The move `name`, or `WrongState` if `obj`'s state does not allow it."""
        move = self.moves[name]
        if self.state_of(obj) not in move.sources:
            raise WrongState(
                _("Không thể %(move)s khi hồ sơ đang ở trạng thái “%(status)s”.")
                % {"move": move.label, "status": self.state_label(obj)},
                current=self.state_of(obj),
                current_label=self.state_label(obj),
            )
        return move

    def apply(self, obj, name: str) -> Move:
        """Check the move and set the new state on `obj` (the caller saves it,
        in its transaction, with its audit entry)."""
        move = self.check(obj, name)
        if move.target is not None:
            setattr(obj, self.field, move.target)
        return move
