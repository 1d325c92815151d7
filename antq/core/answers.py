"""A request that cannot be answered as asked, with what to ask instead.

`Unprocessable` is a `ValidationError` (a service or form treats it as bad
input; the API answers 422 with its message), which pages answer with a 422
page that says why and links to the alternatives
(`core.middleware.RefusalMiddleware`, `templates/422.html`). The units raise
it when a unit is asked for on a day it did not exist (`units.history`)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Alternative:
    """Something to ask for instead: its label and, on pages, where it is."""

    label: str
    code: str = ""
    pk: int | None = None


class Unprocessable(ValidationError):
    def __init__(self, message: str, alternatives: list[Alternative] | None = None):
        super().__init__(message, code="unprocessable")
        self.alternatives = alternatives or []

    def __str__(self) -> str:
        return self.messages[0]
