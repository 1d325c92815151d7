"""Workflows declare their moves once (core.workflow.Workflow); a move from a
wrong state is refused with the current state, whatever the workflow."""

import pytest

from antq.core.workflow import Move, Workflow, WrongState


class Thing:
    def __init__(self, status: str):
        self.status = status

    def get_status_display(self) -> str:
        return {"draft": "Nháp", "sent": "Đã gửi", "done": "Xong"}[self.status]


MOVES = Workflow(
    Move("send", "gửi", {"draft"}, "sent"),
    Move("finish", "hoàn thành", {"sent"}, "done"),
    Move("edit", "sửa", {"draft", "sent"}),
)


def test_an_allowed_move_sets_the_new_state():
    thing = Thing("draft")
    MOVES.apply(thing, "send")
    assert thing.status == "sent"


def test_a_move_that_keeps_the_state_only_checks_it():
    thing = Thing("sent")
    MOVES.apply(thing, "edit")
    assert thing.status == "sent"


def test_a_wrong_state_is_refused_with_the_current_state_and_changes_nothing():
    thing = Thing("done")
    with pytest.raises(WrongState) as refused:
        MOVES.apply(thing, "send")
    assert thing.status == "done"
    assert refused.value.as_dict() == {"current_state": "done", "current_state_label": "Xong"}
    assert str(refused.value) == "Không thể gửi khi hồ sơ đang ở trạng thái “Xong”."


def test_the_moves_open_from_a_state_are_listed_for_the_page():
    assert [m.name for m in MOVES.allowed(Thing("sent"))] == ["finish", "edit"]
    assert MOVES.can(Thing("draft"), "send") and not MOVES.can(Thing("draft"), "finish")


def test_two_moves_with_one_name_are_a_programming_error():
    with pytest.raises(ValueError):
        Workflow(Move("send", "gửi", {"a"}, "b"), Move("send", "gửi lại", {"b"}, "a"))
