"""Workflows are a status field, a table of allowed moves and one service per move."""

from collections.abc import Iterable

from django.utils.translation import gettext as _


class InvalidTransition(Exception):
    """A move that the current status does not allow (answered with HTTP 409)."""


def check_move(
    *, current: str, allowed_from: Iterable[str], move_label: str, current_label: str
) -> None:
    if current not in set(allowed_from):
        raise InvalidTransition(
            _("Không thể %(move)s khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"move": move_label, "status": current_label}
        )
