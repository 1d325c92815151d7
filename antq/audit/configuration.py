"""Configuration tables (activity kinds, threat categories, output kinds,
award types, indicators, report forms, model categories) change in one way,
declared once on the model like a placement:

    class Indicator(models.Model):
        configured = Configured(
            defines_figures=("aggregation", "formula"),
            used_by=(("indicators.DataValue", "indicator"),),
        )

The rule (`audit.services.configuration_create` / `configuration_update`,
which `/admin/` and the API both call, audited): a system administrator
changes them; an entry's code never changes once created (figures, imports
and DHIS2 exchanges name it); an entry is never deleted, only set inactive
(`active`), so a past figure keeps its row; and a field that defines what a
figure means (`defines_figures`: an indicator's aggregation, an award type's
level) never changes once the entry is used (`used_by`: rows that reference
it): a new entry with a new code is created instead. Every change is an
audit entry with the values before and after: the entry's versions.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Configured:
    defines_figures: tuple[str, ...] = ()
    #: (model label, foreign key to the entry) of the rows that use it
    used_by: tuple[tuple[str, str], ...] = ()
    code_field: str = "code"


def configured(model: type[models.Model]) -> Configured:
    declared = getattr(model, "configured", None)
    if not isinstance(declared, Configured):
        raise TypeError(f"{model._meta.label} declares no configuration rule")
    return declared


def configured_models() -> list[type[models.Model]]:
    """Every installed model that declares itself configuration, in a fixed order."""
    found = [m for m in apps.get_models() if isinstance(getattr(m, "configured", None), Configured)]
    return sorted(found, key=lambda m: m._meta.label)


def use_of(entry: models.Model) -> str:
    """Why `entry` is in use (what references it), or "" when nothing does.
    One EXISTS per referencing model."""
    for label, field in configured(type(entry)).used_by:
        model = apps.get_model(label)
        if model._base_manager.filter(**{field: entry}).exists():
            return _("đã có %(what)s dùng mục này") % {"what": model._meta.verbose_name}
    return ""


def frozen_fields(entry: models.Model) -> tuple[str, ...]:
    """The fields of `entry` that may no longer change: its code once it
    exists, and what defines its figures once it is in use."""
    if entry.pk is None:
        return ()
    rule = configured(type(entry))
    return (rule.code_field, *rule.defines_figures) if use_of(entry) else (rule.code_field,)
