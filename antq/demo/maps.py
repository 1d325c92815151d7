"""Demo points for Quảng Ninh's map: in each commune one festival site of the
year, one model's site and one team's headquarters, placed near the commune's
coordinates (vietnamadminunits) by a fixed seed. Loaded in bulk, one audit
entry; a second run adds nothing."""

import random
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from antq.activities.models import FestivalSite
from antq.audit.services import audit_record
from antq.community.models import Site
from antq.core.actors import SystemActor
from antq.core.vietnamese import name_key
from antq.forces.models import Team
from antq.maps.tiles import TODAY, coordinates
from antq.units.models import Unit

DEMO = SystemActor("demo")


def _commune_of(unit: Unit, communes: dict[str, Unit]) -> Unit | None:
    for part in unit.path.strip("/").split("/"):
        commune = communes.get(part)
        if commune is not None:
            return commune
    return None


def load_demo_locations(province: Unit, progress: Callable[[str], None]) -> None:
    located = FestivalSite.objects.filter(unit__path__prefix=province.path, latitude__isnull=False)
    if located.exists():
        progress("Vị trí trên bản đồ: đã có.")
        return
    known = coordinates(TODAY)
    communes = {
        str(c.pk): c
        for c in Unit.objects.current().subtree(province).filter(type=Unit.Type.COMMUNE)
    }
    rng = random.Random(28)
    taken: dict[tuple[str, int], bool] = {}
    rows: dict[type, list] = {FestivalSite: [], Site: [], Team: []}
    for index, model in enumerate(rows):
        queryset = model.objects.filter(unit__path__prefix=province.path)
        for subject in queryset.select_related("unit").order_by("pk"):
            commune = _commune_of(subject.unit, communes)
            if commune is None or (commune.code, index) in taken:
                continue
            centre = known["commune"].get(commune.code)
            if centre is None:
                alias = known["alias"].get((province.code, name_key(commune.name)))
                centre = known["commune"].get(alias or "")
            if centre is None:
                continue
            taken[(commune.code, index)] = True
            subject.latitude = Decimal(str(round(centre[0] + rng.uniform(-0.012, 0.012), 5)))
            subject.longitude = Decimal(str(round(centre[1] + rng.uniform(-0.012, 0.012), 5)))
            rows[model].append(subject)
    count = sum(len(located) for located in rows.values())
    with transaction.atomic():
        for model, located in rows.items():
            model.objects.bulk_update(located, ["latitude", "longitude"])
        audit_record(
            actor=DEMO,
            action="import",
            object_type="maps.location",
            object_repr=f"{count} vị trí mẫu",
            unit_path=province.path,
            note="Dữ liệu mẫu: vị trí điểm tổ chức Ngày hội, mô hình, trụ sở tổ",
        )
    progress(f"Vị trí trên bản đồ: thêm {count}.")
