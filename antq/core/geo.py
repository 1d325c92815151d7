"""A point on the map, written once for every module that records one (the
festival sites, the models' sites, the teams' headquarters): WGS84 degrees
inside Vietnam, its islands included, typed as a phone or a map shows them.

- `Located`: the two columns a located row carries (optional, both or none);
- `read_degrees`: "20,95123", "20.95123" or "20,95123°" → Decimal (a
  coordinate never groups thousands, so a point is always a decimal point);
- `point_errors`: the Vietnamese errors of a latitude and longitude, by field
  (forms, services and the API say the same).
"""

from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Vietnam with Hoàng Sa and Trường Sa, in degrees (north, east)
LATITUDES = (Decimal("6"), Decimal("24"))
LONGITUDES = (Decimal("100"), Decimal("118.5"))
DECIMALS = 5  # about a metre


class Located(models.Model):
    """Where a thing is: degrees north and east (WGS84), both or neither."""

    latitude = models.DecimalField(
        gettext_lazy("vĩ độ"), max_digits=8, decimal_places=DECIMALS, null=True, blank=True
    )
    longitude = models.DecimalField(
        gettext_lazy("kinh độ"), max_digits=8, decimal_places=DECIMALS, null=True, blank=True
    )

    class Meta:
        abstract = True

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


POINT_FIELDS = ["latitude", "longitude"]


def read_degrees(raw) -> Decimal | None:
    """Degrees as typed: "20,95123", "20.95123", "107,05211°"; a number as it
    is. Empty is None. Raises ValueError with a Vietnamese message."""
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise ValueError(_("“%(raw)s” không phải là tọa độ.") % {"raw": raw})
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").rstrip("°")
        if not text:
            return None
        if text.count(",") + text.count(".") > 1:
            raise ValueError(
                _("“%(raw)s” không phải là tọa độ (ví dụ 20,95123).") % {"raw": str(raw)[:40]}
            )
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(
                _("“%(raw)s” không phải là tọa độ (ví dụ 20,95123).") % {"raw": str(raw)[:40]}
            ) from None
    if not value.is_finite() or abs(value) > 360:  # degrees; never a huge number
        raise ValueError(_("“%(raw)s” không phải là tọa độ.") % {"raw": str(raw)[:40]})
    return value.quantize(Decimal(1).scaleb(-DECIMALS))


def point_errors(latitude: Decimal | None, longitude: Decimal | None) -> dict[str, list[str]]:
    """Both or neither; inside Vietnam. {} when the point may be kept."""
    errors: dict[str, list[str]] = {}
    if latitude is None and longitude is None:
        return errors
    if latitude is None:
        errors["latitude"] = [_("Nhập cả vĩ độ (hoặc xóa kinh độ).")]
    elif not LATITUDES[0] <= latitude <= LATITUDES[1]:
        errors["latitude"] = [
            _("Vĩ độ phải từ 6 đến 24 (trong lãnh thổ Việt Nam, kể cả Hoàng Sa, Trường Sa).")
        ]
    if longitude is None:
        errors["longitude"] = [_("Nhập cả kinh độ (hoặc xóa vĩ độ).")]
    elif not LONGITUDES[0] <= longitude <= LONGITUDES[1]:
        errors["longitude"] = [
            _("Kinh độ phải từ 100 đến 118,5 (trong lãnh thổ Việt Nam, kể cả Hoàng Sa, Trường Sa).")
        ]
    return errors
