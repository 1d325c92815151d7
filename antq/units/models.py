"""The organisation-unit tree and its history.

A unit is a code plus a validity: the 2025 reform reused codes (a new commune
often keeps one old commune's code), so the same code may name two units whose
validity periods do not overlap. Units are never deleted; a lineage event closes
them and names their successors.
"""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.fields import PathField, UidField
from antq.core.scoping import ScopedQuerySet
from antq.units.recipes import step

REFORM_2025_CLOSE = date(2025, 6, 30)
REFORM_2025_OPEN = date(2025, 7, 1)


class UnitQuerySet(ScopedQuerySet):
    """Units, scoped by their own path and by the path of today's unit
    carrying them: the officers of today's Tỉnh Vĩnh Long see the closed Tỉnh
    Bến Tre whose past their province holds.

    The query set remembers how it was built (`recipe`, see
    `antq.units.recipes`) so a searchable picker can search the same set."""

    scope_path_field = ("path", "carrier_path")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recipe: list | None = [["all"]]

    def _clone(self):
        clone = super()._clone()
        clone.recipe = self.recipe
        return clone

    def _recorded(self, recipe: list | None) -> "UnitQuerySet":
        self.recipe = recipe
        return self

    def _filter_or_exclude(self, negate, args, kwargs):
        clone = super()._filter_or_exclude(negate, args, kwargs)
        return clone._recorded(step(self.recipe, "exclude" if negate else "filter", args, kwargs))

    def __or__(self, other):
        known = self.recipe is not None and getattr(other, "recipe", None) is not None
        return (
            super()
            .__or__(other)
            ._chain()
            ._recorded([["or", self.recipe, other.recipe]] if known else None)
        )

    def __and__(self, other):
        return super().__and__(other)._recorded(None)

    def __getitem__(self, k):
        result = super().__getitem__(k)
        return result._recorded(None) if isinstance(result, models.QuerySet) else result

    def none(self):
        return super().none()._recorded([["none"]])

    def extra(self, *args, **kwargs):
        return super().extra(*args, **kwargs)._recorded(None)

    def for_user(self, user, action: str) -> "UnitQuerySet":
        recipe = self.recipe
        clone = super().for_user(user, action)._chain()
        return clone._recorded([*recipe, ["scope", action]] if recipe is not None else None)

    def valid_on(self, day: date) -> "UnitQuerySet":
        """Units that existed on `day` (validity bounds are inclusive)."""
        recipe = self.recipe
        clone = self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )
        return clone._recorded(
            [*recipe, ["valid_on", {"d": day.isoformat()}]] if recipe is not None else None
        )

    def current(self) -> "UnitQuerySet":
        return self.filter(valid_to__isnull=True)

    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        """`unit` and everything below it: one indexed prefix query on the path."""
        return self.filter(path__prefix=unit.path)


class Unit(models.Model):
    class Type(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện, quận (trước 2025)")
        COMMUNE = "commune", _("Xã, phường, đặc khu")
        RESIDENTIAL_AREA = "residential_area", _("Khu dân cư")
        AGENCY = "agency", _("Cơ quan, tổ chức")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        SCHOOL = "school", _("Cơ sở giáo dục")

    class Kind(models.TextChoices):
        TINH = "tinh", _("tỉnh")
        THANH_PHO = "thanh_pho", _("thành phố")
        QUAN = "quan", _("quận")
        HUYEN = "huyen", _("huyện")
        THI_XA = "thi_xa", _("thị xã")
        XA = "xa", _("xã")
        PHUONG = "phuong", _("phường")
        DAC_KHU = "dac_khu", _("đặc khu")
        THI_TRAN = "thi_tran", _("thị trấn")
        THON = "thon", _("thôn")
        LANG = "lang", _("làng")
        AP = "ap", _("ấp")
        BAN = "ban", _("bản")
        BUON = "buon", _("buôn")
        PHUM = "phum", _("phum")
        SOC = "soc", _("sóc")
        KHOM = "khom", _("khóm")
        TO_DAN_PHO = "to_dan_pho", _("tổ dân phố")
        KHU_PHO = "khu_pho", _("khu phố")
        KHU = "khu", _("khu")
        CO_QUAN = "co_quan", _("cơ quan nhà nước")
        CO_QUAN_DANG = "co_quan_dang", _("cơ quan của Đảng")
        MAT_TRAN = "mat_tran", _("Mặt trận Tổ quốc")
        DON_VI_SU_NGHIEP = "don_vi_su_nghiep", _("đơn vị sự nghiệp")
        TO_CHUC = "to_chuc", _("tổ chức chính trị - xã hội")
        HOI = "hoi", _("hội, tổ chức xã hội")
        DOANH_NGHIEP_NHA_NUOC = "dn_nha_nuoc", _("doanh nghiệp nhà nước")
        DOANH_NGHIEP = "doanh_nghiep", _("doanh nghiệp ngoài nhà nước")
        DOANH_NGHIEP_FDI = "dn_fdi", _("doanh nghiệp có vốn đầu tư nước ngoài")
        TRUONG_THCS = "truong_thcs", _("trường trung học cơ sở")
        TRUONG_THPT = "truong_thpt", _("trường trung học phổ thông")
        TRUONG_NHIEU_CAP = "truong_nhieu_cap", _("trường phổ thông nhiều cấp học")
        GDNN = "gdnn", _("cơ sở giáo dục nghề nghiệp, GDTX")
        DAI_HOC = "dai_hoc", _("trường cao đẳng, đại học")

    code = models.CharField(_("mã"), max_length=32)
    # DHIS2's identifier of this unit *version* (its code and validity): the
    # Vĩnh Long before 1/7/2025 and the one after share code 86, not a UID.
    uid = UidField("UID")
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=255, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    type = models.CharField(_("cấp, loại"), max_length=20, choices=Type.choices)
    kind = models.CharField(_("loại hình"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path of ids, "/12/345/": a subtree is one prefix query.
    path = PathField(editable=False)
    # The path of today's unit carrying this one (its own while open; see
    # `units.placement`): who may pick it for the dates it existed is one
    # prefix query. Kept by the unit services and the restatement.
    carrier_path = PathField(editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    households = models.PositiveIntegerField(_("số hộ"), null=True, blank=True)
    population = models.PositiveIntegerField(_("số nhân khẩu"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # no lost updates: every save adds one (antq.audit.versions)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [
            # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%'
            # under any collation; other databases ignore opclasses.
            models.Index(
                fields=["path"], name="units_unit_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["carrier_path"],
                name="units_unit_carrier_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["code"], name="units_unit_code_idx"),
            models.Index(fields=["parent", "type"], name="units_unit_parent_type_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="units_unit_code_unique_while_open",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="units_unit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def uid_seed(self) -> str:
        """The natural key of a unit when it is created: code and first day."""
        since = self.valid_from.isoformat() if self.valid_from else ""
        return f"antq:organisationUnit:{self.code}:{since}"

    @property
    def is_open(self) -> bool:
        return self.valid_to is None

    @property
    def is_below_commune(self) -> bool:
        return self.type in BELOW_COMMUNE_TYPES

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


# The two ways a figure is read across boundary changes: as published (under
# the unit it was recorded for, in the tree of its time) and restated (under
# today's unit that carries it).
PUBLISHED, RESTATED = "published", "restated"
VIEWS = (PUBLISHED, RESTATED)

# Every column a placed row may carry (each model has those it needs).
PLACE_COLUMNS = (
    "published_province_id",
    "published_commune_id",
    "restated_province_id",
    "restated_commune_id",
    "scope_path",
)


@dataclass(frozen=True)
class Placement:
    """How a model's rows are placed, said once on the model (`placement =
    Placement(...)`); the kernel (`antq.units.placement`) does the rest: the
    columns of a new row, the generic restatement after a boundary change,
    and `under(root, view)` for every selector.

    - `unit`: the foreign key to the unit whose place a row takes;
    - `seen_from`: who sees a row: `UNIT`, today's unit carrying it (its
      `scope_path`); `COMMUNE`, its commune and above only (personal data:
      members of a team are not shown to the residential area itself);
      `OWN`, the row has no `scope_path` and is scoped by its unit's path;
    - `after_restate`: a dotted path called once the model's rows have moved
      (the statistics rebuild their province totals)."""

    UNIT = "unit"
    COMMUNE = "commune"
    OWN = "own"

    unit: str = "unit"
    seen_from: str = UNIT
    after_restate: str = ""


class PlacedQuerySet(ScopedQuerySet):
    """Rows placed in history: scoped by today's unit carrying them."""

    scope_path_field = "scope_path"

    def under(self, root: "Unit | None", view: str = RESTATED, as_of: date | None = None):
        """Rows counted under `root` (None: the nation) in `view`; see
        `antq.units.placement.placed_under`."""
        from antq.units.placement import placed_under

        return self.filter(placed_under(self.model, root, view, as_of))


class Placed(models.Model):
    """Something counted where its unit is: the unit's own province and commune
    (published, fixed), today's successors (restated, recomputed after a
    boundary change), and `scope_path`, the path of today's unit carrying it,
    which scopes who sees it (a commune officer sees what the communes merged
    into theirs did). A new row takes its columns from `placement.place(row)`;
    the restatement finds every subclass by itself."""

    placement = Placement()

    published_province = models.ForeignKey(
        Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    published_commune = models.ForeignKey(
        Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    restated_province = models.ForeignKey(
        Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    restated_commune = models.ForeignKey(
        Unit, null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    scope_path = PathField(editable=False)

    objects = PlacedQuerySet.as_manager()

    class Meta:
        abstract = True


BELOW_COMMUNE_TYPES = (
    Unit.Type.RESIDENTIAL_AREA,
    Unit.Type.AGENCY,
    Unit.Type.ENTERPRISE,
    Unit.Type.SCHOOL,
)

# Which Vietnamese kinds a unit of each type may have.
KINDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    Unit.Type.PROVINCE: (Unit.Kind.TINH, Unit.Kind.THANH_PHO),
    Unit.Type.DISTRICT: (Unit.Kind.QUAN, Unit.Kind.HUYEN, Unit.Kind.THI_XA, Unit.Kind.THANH_PHO),
    Unit.Type.COMMUNE: (Unit.Kind.XA, Unit.Kind.PHUONG, Unit.Kind.DAC_KHU, Unit.Kind.THI_TRAN),
    Unit.Type.RESIDENTIAL_AREA: (
        Unit.Kind.THON,
        Unit.Kind.LANG,
        Unit.Kind.AP,
        Unit.Kind.BAN,
        Unit.Kind.BUON,
        Unit.Kind.PHUM,
        Unit.Kind.SOC,
        Unit.Kind.KHOM,
        Unit.Kind.TO_DAN_PHO,
        Unit.Kind.KHU_PHO,
        Unit.Kind.KHU,
    ),
    # Party bodies (Ban Dân vận Tỉnh ủy), the Fatherland Front and the mass
    # organisations take part in the movement beside the state's agencies.
    Unit.Type.AGENCY: (
        Unit.Kind.CO_QUAN,
        Unit.Kind.CO_QUAN_DANG,
        Unit.Kind.MAT_TRAN,
        Unit.Kind.TO_CHUC,
        Unit.Kind.HOI,
        Unit.Kind.DON_VI_SU_NGHIEP,
    ),
    Unit.Type.ENTERPRISE: (
        Unit.Kind.DOANH_NGHIEP_NHA_NUOC,
        Unit.Kind.DOANH_NGHIEP,
        Unit.Kind.DOANH_NGHIEP_FDI,
    ),
    Unit.Type.SCHOOL: (
        Unit.Kind.TRUONG_THCS,
        Unit.Kind.TRUONG_THPT,
        Unit.Kind.TRUONG_NHIEU_CAP,
        Unit.Kind.GDNN,
        Unit.Kind.DAI_HOC,
    ),
}

# Which types may sit directly under a parent of each type. Agencies,
# enterprises and schools under a province are the ones the province manages.
CHILD_TYPES: dict[str, tuple[str, ...]] = {
    Unit.Type.PROVINCE: (
        Unit.Type.DISTRICT,
        Unit.Type.COMMUNE,
        Unit.Type.AGENCY,
        Unit.Type.ENTERPRISE,
        Unit.Type.SCHOOL,
    ),
    Unit.Type.DISTRICT: (Unit.Type.COMMUNE,),
    Unit.Type.COMMUNE: BELOW_COMMUNE_TYPES,
}


class LineageEvent(models.Model):
    """A change of boundaries on one date: merge, split, rename, move, dissolution."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Hợp nhất, sáp nhập")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        MOVE = "move", _("Chuyển cấp trên")
        DISSOLVE = "dissolve", _("Giải thể, kết thúc hoạt động")

    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("ngày hiệu lực"))
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi địa giới")
        verbose_name_plural = _("thay đổi địa giới")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class LineageLink(models.Model):
    """One predecessor → successor edge of an event.

    `is_primary` marks the successor that carries the predecessor's statistics
    when figures are restated under today's units (a split unit has several
    successors but its history rolls up to one).
    """

    event = models.ForeignKey(LineageEvent, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessor_links")
    is_primary = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="units_lineagelink_unique_edge"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="units_lineagelink_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"
