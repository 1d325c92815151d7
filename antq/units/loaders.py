"""Load the country's administrative units and their 2025 lineage.

Sources (both offline, shipped in their wheels):
- `vietnam-provinces` is the authority for today's 34 provinces and 3,321
  communes (codes, names, types);
- `vietnamadminunits` supplies the pre-2025 units (63 provinces, districts,
  ~10,000 communes with their old codes) and the old → new mapping, keyed by
  ASCII names, not codes.

The two packages disagree on about 120 new commune codes, so a new commune of
the mapping is matched to the authority by name within its province: exact
name first, then ignoring where the tone mark sits (Thủy/Thuỷ), then folded
without diacritics; a name still ambiguous after that is an error, pinned by a
test. The load is idempotent: it creates what is missing, renames what
changed, and never deletes.
"""

import json
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import vietnamadminunits
from django.db import transaction
from vietnam_provinces import Province, Ward

from antq.core.vietnamese import name_key
from antq.units.models import REFORM_2025_CLOSE, REFORM_2025_OPEN, LineageEvent, LineageLink, Unit
from antq.units.placement import carriers_refresh
from antq.units.services import unit_refresh_derived

CURRENT, LEGACY = "current", "legacy"
PROVINCE_BASIS = "Nghị quyết số 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh"
COMMUNE_BASIS = "Các nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025"
DISTRICT_NOTE = "Kết thúc hoạt động từ 01/07/2025 (chính quyền địa phương 2 cấp)."

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_PREFIXES = (
    "Thành phố ",
    "Tỉnh ",
    "Phường ",
    "Xã ",
    "Đặc khu ",
    "Thị trấn ",
    "Quận ",
    "Huyện ",
    "Thị xã ",
)
_KIND_BY_LABEL = {
    "tỉnh": Unit.Kind.TINH,
    "thành phố trung ương": Unit.Kind.THANH_PHO,
    "thành phố": Unit.Kind.THANH_PHO,
    "quận": Unit.Kind.QUAN,
    "huyện": Unit.Kind.HUYEN,
    "thị xã": Unit.Kind.THI_XA,
    "xã": Unit.Kind.XA,
    "phường": Unit.Kind.PHUONG,
    "đặc khu": Unit.Kind.DAC_KHU,
    "thị trấn": Unit.Kind.THI_TRAN,
}

Key = tuple[str, str, str]  # (type, code, era)


def tone_free_key(text: str) -> str:
    """Lower-case name with each word's tone mark moved to the word's end, so the
    old and new spelling conventions (Thủy / Thuỷ, Hòa / Hoà) compare equal while
    Văn Lang / Văn Lăng and Sơn Hà / Sơn Hạ stay different."""
    words = []
    for word in unicodedata.normalize("NFD", text.lower()).split():
        tones = "".join(ch for ch in word if ch in _TONES)
        words.append("".join(ch for ch in word if ch not in _TONES) + tones)
    return " ".join(words)


def short_name(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@dataclass
class SourceUnit:
    key: Key
    name: str
    kind: str
    parent: Key | None
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""


@dataclass
class Plan:
    """Everything read from the packages, before touching the database."""

    units: list[SourceUnit] = field(default_factory=list)
    # successor key -> [(predecessor key, is_primary)]
    lineage: dict[Key, list[tuple[Key, bool]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    legacy_alias: dict[Key, Key] = field(default_factory=dict)


def _data_dir() -> Path:
    return Path(vietnamadminunits.__file__).parent / "data"


def _province_full_name(p: Province) -> str:
    return f"Tỉnh {p.name}" if p.division_type.value == "tỉnh" else p.name


class _CommuneMatcher:
    """Finds today's commune (authority) for a name in a province, in three tries."""

    def __init__(self, wards: list[Ward]):
        self.exact: dict[tuple[int, str], list[Ward]] = defaultdict(list)
        self.tone: dict[tuple[int, str], list[Ward]] = defaultdict(list)
        self.folded: dict[tuple[int, str], list[Ward]] = defaultdict(list)
        for ward in wards:
            province = int(ward.province_code)
            self.exact[(province, unicodedata.normalize("NFC", ward.name).lower())].append(ward)
            self.tone[(province, tone_free_key(ward.name))].append(ward)
            self.folded[(province, name_key(ward.name))].append(ward)

    def find(self, province: int, name: str) -> list[Ward]:
        for index, key in (
            (self.exact, unicodedata.normalize("NFC", name).lower()),
            (self.tone, tone_free_key(name)),
            (self.folded, name_key(name)),
        ):
            found = index.get((province, key), [])
            if found:
                return found
        return []


def build_plan() -> Plan:
    """Read both packages and reconcile them (no database access)."""
    plan = Plan()
    data = _data_dir()
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    with sqlite3.connect(data / "dataset.db") as db:
        legacy_rows = db.execute(
            "SELECT province, provinceKey, provinceCode, district, districtKey, districtCode,"
            " districtType, ward, wardKey, wardCode, wardType FROM admin_units_legacy"
        ).fetchall()
        new_rows = db.execute(
            "SELECT provinceKey, province, wardKey, ward FROM admin_units"
        ).fetchall()

    provinces = list(Province.iter_all())
    province_by_name = {name_key(_province_full_name(p)): p for p in provinces}
    wards = list(Ward.iter_all())
    matcher = _CommuneMatcher(wards)

    # Today's units, from the authority.
    for p in provinces:
        code = f"{int(p.code):02d}"
        plan.units.append(
            SourceUnit(
                (Unit.Type.PROVINCE, code, CURRENT),
                _province_full_name(p),
                _KIND_BY_LABEL[p.division_type.value],
                None,
            )
        )
    for w in wards:
        plan.units.append(
            SourceUnit(
                (Unit.Type.COMMUNE, f"{int(w.code):05d}", CURRENT),
                w.name,
                _KIND_BY_LABEL[w.division_type.value],
                (Unit.Type.PROVINCE, f"{int(w.province_code):02d}", CURRENT),
                valid_from=REFORM_2025_OPEN,
            )
        )

    # Provinces: unchanged ones keep their row; the others close and merge.
    legacy_province_code = {row[1]: row[2] for row in legacy_rows}
    new_province_name = {row[0]: row[1] for row in new_rows}
    unchanged: set[str] = set()
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        authority = province_by_name[name_key(new_province_name[new_key])]
        new_code = f"{int(authority.code):02d}"
        old_codes = [legacy_province_code[k] for k in old_keys]
        successor = (Unit.Type.PROVINCE, new_code, CURRENT)
        if old_codes == [new_code]:
            unchanged.add(new_code)
            plan.legacy_alias[(Unit.Type.PROVINCE, new_code, LEGACY)] = successor
            continue
        plan.lineage[successor] = [((Unit.Type.PROVINCE, c, LEGACY), True) for c in old_codes]
    for p in provinces:
        if f"{int(p.code):02d}" not in unchanged:
            for unit in plan.units:
                if unit.key == (Unit.Type.PROVINCE, f"{int(p.code):02d}", CURRENT):
                    unit.valid_from = REFORM_2025_OPEN

    # Pre-2025 units.
    seen: set[Key] = set()
    old_key_to_unit: dict[str, Key] = {}
    for (
        province,
        pkey,
        pcode,
        district,
        dkey,
        dcode,
        dtype,
        ward,
        wkey,
        wcode,
        wtype,
    ) in legacy_rows:
        province_unit = (Unit.Type.PROVINCE, pcode, LEGACY)
        if pcode not in unchanged and province_unit not in seen:
            seen.add(province_unit)
            kind = Unit.Kind.THANH_PHO if province.startswith("Thành phố") else Unit.Kind.TINH
            plan.units.append(
                SourceUnit(province_unit, province, kind, None, valid_to=REFORM_2025_CLOSE)
            )
        parent_of_district = plan.legacy_alias.get(province_unit, province_unit)
        district_unit = (Unit.Type.DISTRICT, dcode, LEGACY)
        if district_unit not in seen:
            seen.add(district_unit)
            plan.units.append(
                SourceUnit(
                    district_unit,
                    district,
                    _KIND_BY_LABEL[dtype.lower()],
                    parent_of_district,
                    valid_to=REFORM_2025_CLOSE,
                    note=DISTRICT_NOTE,
                )
            )
        if not ward:
            # Island districts without communes became special zones directly.
            old_key_to_unit[f"{pkey}_{dkey}_"] = district_unit
            continue
        commune_unit = (Unit.Type.COMMUNE, wcode, LEGACY)
        old_key_to_unit[f"{pkey}_{dkey}_{wkey}"] = commune_unit
        plan.units.append(
            SourceUnit(
                commune_unit,
                ward,
                _KIND_BY_LABEL[wtype.lower()],
                district_unit,
                valid_to=REFORM_2025_CLOSE,
            )
        )

    # Communes: old → new, matched to the authority by name within the province.
    new_commune_name = {(row[0], row[2]): row[3] for row in new_rows}

    def successor_key(province_key: str, ward_key: str) -> Key | None:
        name = new_commune_name.get((province_key, ward_key))
        if name is None:
            plan.problems.append(f"{province_key}/{ward_key}: không có trong danh mục mới")
            return None
        authority = province_by_name[name_key(new_province_name[province_key])]
        found = matcher.find(int(authority.code), name)
        if len(found) != 1:
            plan.problems.append(f"{name} ({authority.name}): {len(found)} đơn vị khớp tên")
            return None
        return (Unit.Type.COMMUNE, f"{int(found[0].code):05d}", CURRENT)

    for province_key, communes in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in communes.items():
            successor = successor_key(province_key, ward_key)
            if successor is None:
                continue
            for old in old_keys:
                if old in old_key_to_unit:
                    plan.lineage.setdefault(successor, []).append((old_key_to_unit[old], True))
                else:
                    plan.problems.append(f"{old}: không có trong danh mục cũ")
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, candidates in divided.items():
            for candidate in candidates:
                successor = successor_key(province_key, candidate["newWardKey"])
                if successor is not None and old in old_key_to_unit:
                    plan.lineage.setdefault(successor, []).append(
                        (old_key_to_unit[old], bool(candidate["isDefaultNewWard"]))
                    )
    return plan


def _era(unit: Unit) -> str:
    return LEGACY if unit.valid_to is not None else CURRENT


@transaction.atomic
def load_units(progress: Callable[[str], None] = lambda message: None) -> dict[str, int]:
    """Create or update every administrative unit and the 2025 lineage.

    Returns counts of what was created and updated. Raises ValueError if the
    two packages cannot be reconciled (nothing is written then).
    """
    plan = build_plan()
    if plan.problems:
        raise ValueError("; ".join(plan.problems[:10]))
    progress(f"Đã đọc {len(plan.units)} đơn vị và {len(plan.lineage)} quan hệ kế thừa.")
    admin_types = [Unit.Type.PROVINCE, Unit.Type.DISTRICT, Unit.Type.COMMUNE]
    existing: dict[Key, Unit] = {
        (u.type, u.code, _era(u)): u for u in Unit.objects.filter(type__in=admin_types)
    }
    counts = {"created": 0, "updated": 0, "links": 0}
    # Parents before children: provinces, districts, communes.
    order = {Unit.Type.PROVINCE: 0, Unit.Type.DISTRICT: 1, Unit.Type.COMMUNE: 2}
    for level in (0, 1, 2):
        batch = [s for s in plan.units if order[s.key[0]] == level]
        created, updated = _upsert_level(batch, existing)
        counts["created"] += created
        counts["updated"] += updated
        progress(f"Cấp {level + 1}: thêm {created}, cập nhật {updated}.")
    counts["links"] = _load_lineage(plan, existing)
    progress(f"Quan hệ kế thừa: thêm {counts['links']}.")
    counts["carriers"] = carriers_refresh()
    return counts


def _upsert_level(batch: list[SourceUnit], existing: dict[Key, Unit]) -> tuple[int, int]:
    to_create, to_update = [], []
    for source in batch:
        parent = existing[source.parent] if source.parent else None
        unit = existing.get(source.key)
        if unit is None:
            unit = Unit(
                code=source.key[1],
                type=source.key[0],
                name=source.name,
                short_name=short_name(source.name),
                kind=source.kind,
                parent=parent,
                valid_from=source.valid_from,
                valid_to=source.valid_to,
                note=source.note,
                path="",
            )
            unit_refresh_derived(unit)
            to_create.append((source.key, unit))
        elif (unit.name, unit.kind) != (source.name, source.kind):
            unit.name, unit.kind, unit.short_name = (
                source.name,
                source.kind,
                short_name(source.name),
            )
            unit_refresh_derived(unit)
            to_update.append(unit)
    Unit.objects.bulk_create([u for _, u in to_create], batch_size=2000)
    for key, unit in to_create:
        existing[key] = unit
        parent_path = unit.parent.path if unit.parent else "/"
        unit.path = f"{parent_path}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
    Unit.objects.bulk_update([u for _, u in to_create], ["path", "depth"], batch_size=2000)
    Unit.objects.bulk_update(
        to_update, ["name", "short_name", "kind", "name_folded"], batch_size=2000
    )
    return len(to_create), len(to_update)


def _load_lineage(plan: Plan, existing: dict[Key, Unit]) -> int:
    known = set(
        LineageLink.objects.filter(event__date=REFORM_2025_OPEN).values_list(
            "predecessor_id", "successor_id"
        )
    )
    event_of = dict(
        LineageLink.objects.filter(event__date=REFORM_2025_OPEN).values_list(
            "successor_id", "event_id"
        )
    )
    new_events: dict[int, LineageEvent] = {}
    pending: list[tuple[int, int, bool]] = []
    for successor_key, predecessors in plan.lineage.items():
        successor = existing[successor_key]
        unique = {}
        for predecessor_key, primary in predecessors:
            pred = existing[plan.legacy_alias.get(predecessor_key, predecessor_key)]
            unique[pred.pk] = unique.get(pred.pk, False) or primary
        for pred_id, primary in unique.items():
            if (pred_id, successor.pk) in known:
                continue
            pending.append((pred_id, successor.pk, primary))
            if successor.pk not in event_of and successor.pk not in new_events:
                is_province = successor.type == Unit.Type.PROVINCE
                new_events[successor.pk] = LineageEvent(
                    kind=LineageEvent.Kind.MERGE if len(unique) > 1 else LineageEvent.Kind.RENAME,
                    date=REFORM_2025_OPEN,
                    basis=PROVINCE_BASIS if is_province else COMMUNE_BASIS,
                    note=f"Thành lập {successor.name}",
                )
    LineageEvent.objects.bulk_create(list(new_events.values()), batch_size=2000)
    event_of.update({pk: event.pk for pk, event in new_events.items()})
    _mark_single_primary(pending)
    LineageLink.objects.bulk_create(
        [
            LineageLink(event_id=event_of[s], predecessor_id=p, successor_id=s, is_primary=primary)
            for p, s, primary in pending
        ],
        batch_size=2000,
    )
    return len(pending)


def _mark_single_primary(pending: list[tuple[int, int, bool]]) -> None:
    """A predecessor's history rolls up to exactly one successor: the converter's
    default when it names one, else the successor with the lowest id."""
    chosen: dict[int, int] = {}
    for pred, succ, _primary in sorted(pending, key=lambda edge: (not edge[2], edge[1])):
        chosen.setdefault(pred, succ)
    pending[:] = [(pred, succ, chosen[pred] == succ) for pred, succ, _primary in pending]
