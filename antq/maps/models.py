"""Boundaries imported by `antq import_boundaries`: a unit's outline in WGS84
at three levels of detail, valid between two dates like the unit itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.generations import Generation, GenerationQuerySet
from antq.core.scoping import ScopedQuerySet
from antq.units.models import Unit

DETAILS = ("fine", "medium", "coarse")


class BoundaryQuerySet(GenerationQuerySet, ScopedQuerySet):
    scope_path_field = "unit__path"

    def valid_on(self, day) -> "BoundaryQuerySet":
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Boundary(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="boundaries"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # GeoJSON geometries (WGS84, lon/lat), simplified for each level of detail
    fine = models.JSONField(_("ranh giới chi tiết"))
    medium = models.JSONField(_("ranh giới vừa"))
    coarse = models.JSONField(_("ranh giới giản lược"))
    source = models.CharField(_("tệp nguồn"), max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ranh giới")
        verbose_name_plural = _("ranh giới")
        indexes = [models.Index(fields=["unit", "valid_from"], name="maps_boundary_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit} ({self.valid_from or '…'} – {self.valid_to or '…'})"


# Imported boundaries are read once per process (maps.geometry.boundaries_at)
# and kept until any is written again: every write of a Boundary (save,
# delete, bulk) changes this generation, in the writing transaction
SHAPES = Generation("map-boundaries", Boundary)
