"""How a set of units was chosen, so a picker can search it again.

A form's unit field receives a query set from its view (the units a person
may record for, narrowed to a round's unit, without residential areas…). A
searchable picker asks the server for matches while the person types, so the
server must rebuild that same set for that person. `UnitQuerySet` records the
steps it was built with (a *recipe*: plain JSON, signed into the picker's
address), and `units_from_recipe` replays them for whoever asks, always
inside what that person may see. Only the steps below are recorded; any
other (a subquery, an annotation, a raw filter) makes the recipe unknown and
the field falls back to a plain list.

Steps: a base (`["all"]`, `["none"]`, `["entry", action, day]`,
`["or", recipe, recipe]`), then `["filter", {lookup: value}]`,
`["exclude", {...}]`, `["scope", action]`, `["valid_on", day]`.
"""

import re
from datetime import date

from django.core import signing
from django.db import models

SALT = "antq.units.picker"
MAX_AGE = 12 * 3600  # a form left open over a working day keeps its picker

_LOOKUP = re.compile(
    r"^(pk|id|parent|parent_id|type|kind|code|depth|path|carrier_path|valid_from|valid_to)"
    r"(__(in|prefix|isnull|lte|gte|lt|gt|exact))?$"
)

Recipe = list | None


def _plain(value):
    """A lookup value as JSON, or raise TypeError when it is not a plain one."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date):
        return {"d": value.isoformat()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    raise TypeError(type(value).__name__)


def _python(value):
    if isinstance(value, dict):
        return date.fromisoformat(value["d"])
    if isinstance(value, list):
        return [_python(v) for v in value]
    return value


def step(recipe: Recipe, kind: str, args: tuple, kwargs: dict) -> Recipe:
    """`recipe` followed by a filter or exclude step, or None when the step
    cannot be recorded (positional Q objects, other lookups, subqueries)."""
    if recipe is None or args or not all(_LOOKUP.match(k) for k in kwargs):
        return None
    try:
        plain = {k: _plain(v) for k, v in kwargs.items()}
    except TypeError:
        return None
    return [*recipe, [kind, plain]]


def sign(recipe: list) -> str:
    return signing.dumps(recipe, salt=SALT, compress=True)


def unsign(token: str) -> list:
    """The recipe of a token this server signed (BadSignature otherwise)."""
    recipe = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not isinstance(recipe, list) or not recipe:
        raise signing.BadSignature("not a recipe")
    return recipe


def replay(recipe: list, user, manager):
    """The units `recipe` chose, rebuilt for `user` (see the module's note).
    Raises ValueError on a step it does not know."""
    from antq.units.selectors import units_for_entry  # selectors import the models

    base, *steps = recipe
    match base:
        case ["all"]:
            units = manager.all()
        case ["none"]:
            units = manager.none()
        case ["entry", str(action), day]:
            units = units_for_entry(user, action, on=_python(day) if day else None)
        case ["or", list(left), list(right)]:
            units = replay(left, user, manager) | replay(right, user, manager)
        case _:
            raise ValueError("unknown base")
    for item in steps:
        match item:
            case ["filter", dict(lookups)] if all(_LOOKUP.match(k) for k in lookups):
                units = units.filter(**{k: _python(v) for k, v in lookups.items()})
            case ["exclude", dict(lookups)] if all(_LOOKUP.match(k) for k in lookups):
                units = units.exclude(**{k: _python(v) for k, v in lookups.items()})
            case ["scope", str(action)]:
                units = units.for_user(user, action)
            case ["valid_on", day]:
                units = units.valid_on(_python(day))
            case _:
                raise ValueError("unknown step")
    return units
