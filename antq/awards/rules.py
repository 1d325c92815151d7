"""Eligibility rules of award types: conditions are data on the award type
(`AwardType.conditions`), these functions are the code that checks them.

Each rule takes the candidate (`Candidate`), the round and the condition's
parameters and answers "" when met, else a Vietnamese sentence saying why
not. Checked when a nomination is made and again when the decision is made;
never for a decision recorded as already issued (`AwardRecord`: a fact).

A condition judges only the recipients it declares (`recipients`,
`unit_types`), so a province or a district is not refused by a rule written
for communes; and a rule that reads antq's assessment cycle does not apply
to a year antq held no cycle for the unit's province (a year before antq
cannot require an antq recognition).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.assessments.models import Assessment, Campaign
from antq.awards.models import AwardType, Nomination, RecipientKind, Round
from antq.core.vietnamese import fold
from antq.units.models import Unit
from antq.units.placement import unit_place

CLASS_ORDER = ["Yếu", "Trung bình", "Khá", "Xuất sắc"]
STANDARD = "“An toàn về an ninh, trật tự”"


@dataclass
class Candidate:
    award_type: AwardType
    recipient_kind: str
    unit: Unit
    person_name: str = ""
    birth_year: int | None = None
    years_of_service: int | None = None
    nomination_id: int | None = None  # when checking an existing nomination again


def _assessment(unit: Unit, year: int) -> Assessment | None:
    return (
        Assessment.objects.filter(unit=unit, campaign__year=year)
        .only("status", "classification")
        .first()
    )


def cycle_held(unit: Unit, year: int) -> bool:
    """Did antq hold the year's assessment cycle in `unit`'s province (then,
    or today's carrying it)? Before antq there is nothing to check against."""
    place = unit_place(unit)
    provinces = {place["published_province_id"], place["restated_province_id"]} - {None}
    return Campaign.objects.filter(province__in=provinces, year=year).exists()


def recognized_safe(candidate: Candidate, round: Round, params: dict) -> str:
    """The collective was recognised "An toàn về an ninh, trật tự" this year
    (in a year antq held the cycle for its province)."""
    if candidate.recipient_kind != RecipientKind.COLLECTIVE:
        return ""
    if not cycle_held(candidate.unit, round.year):
        return ""
    assessment = _assessment(candidate.unit, round.year)
    if assessment is None or assessment.status != Assessment.Status.RECOGNIZED:
        return _("%(unit)s chưa được công nhận đạt tiêu chuẩn %(std)s năm %(year)s.") % {
            "unit": candidate.unit.name,
            "std": STANDARD,
            "year": round.year,
        }
    return ""


def classified_at_least(candidate: Candidate, round: Round, params: dict) -> str:
    """The collective's movement was classified at least `class` this year."""
    if candidate.recipient_kind != RecipientKind.COLLECTIVE:
        return ""
    if not cycle_held(candidate.unit, round.year):
        return ""
    wanted = params.get("class", "Khá")
    assessment = _assessment(candidate.unit, round.year)
    got = assessment.classification if assessment else ""
    if got in CLASS_ORDER and CLASS_ORDER.index(got) >= CLASS_ORDER.index(wanted):
        return ""
    values = {"unit": candidate.unit.name, "year": round.year, "got": got, "wanted": wanted}
    if not got:
        return (
            _("Phong trào của %(unit)s năm %(year)s chưa được xếp loại; cần từ %(wanted)s trở lên.")
            % values
        )
    return (
        _("Phong trào của %(unit)s năm %(year)s xếp loại %(got)s; cần từ %(wanted)s trở lên.")
        % values
    )


def not_already_holding(candidate: Candidate, round: Round, params: dict) -> str:
    """A once-only award: the individual never received it, nor is proposed
    for it in another nomination."""
    if candidate.recipient_kind != RecipientKind.INDIVIDUAL:
        return ""
    same = Nomination.objects.filter(
        award_type=candidate.award_type,
        recipient_kind=RecipientKind.INDIVIDUAL,
        name_folded=fold(" ".join(candidate.person_name.split())),
        birth_year=candidate.birth_year,
    ).exclude(status=Nomination.Status.REJECTED)
    if candidate.nomination_id:
        same = same.exclude(pk=candidate.nomination_id)
    holder = same.select_related("round").first()
    if holder is None:
        return ""
    if holder.status == Nomination.Status.AWARDED:
        return _("%(name)s đã được tặng %(award)s (%(round)s); hình thức này chỉ tặng một lần.") % {
            "name": candidate.person_name,
            "award": candidate.award_type.name,
            "round": holder.round.name,
        }
    return _("%(name)s đã được đề nghị %(award)s trong %(round)s.") % {
        "name": candidate.person_name,
        "award": candidate.award_type.name,
        "round": holder.round.name,
    }


def years_of_service(candidate: Candidate, round: Round, params: dict) -> str:
    """The individual's years of service reach `years` (or `years_women`)."""
    if candidate.recipient_kind != RecipientKind.INDIVIDUAL:
        return ""
    needed = params.get("years", 0)
    if (candidate.years_of_service or 0) >= needed:
        return ""
    return _("%(name)s có %(got)s năm công tác; cần đủ %(needed)s năm.") % {
        "name": candidate.person_name,
        "got": candidate.years_of_service or 0,
        "needed": needed,
    }


def quota(candidate: Candidate, round: Round, params: dict) -> str:
    """At most `count` nominations of this form in the round, or `percent` %
    of all the round's nominations (rejected ones do not count)."""
    nominations = round.nominations.exclude(status=Nomination.Status.REJECTED)
    if candidate.nomination_id:
        nominations = nominations.exclude(pk=candidate.nomination_id)
    of_type = nominations.filter(award_type=candidate.award_type).count() + 1
    if "count" in params and of_type > params["count"]:
        return _("%(award)s trong đợt này tối đa %(n)s; đã có %(got)s đề nghị.") % {
            "award": candidate.award_type.name,
            "n": params["count"],
            "got": of_type - 1,
        }
    if "percent" in params:
        total = nominations.count() + 1
        cap = max(1, total * params["percent"] // 100)
        if of_type > cap:
            return _("%(award)s tối đa %(p)s %% số đề nghị của đợt (%(cap)s trên %(total)s).") % {
                "award": candidate.award_type.name,
                "p": params["percent"],
                "cap": cap,
                "total": total,
            }
    return ""


RULES: dict[str, Callable[[Candidate, Round, dict], str]] = {
    "recognized_safe": recognized_safe,
    "classified_at_least": classified_at_least,
    "not_already_holding": not_already_holding,
    "years_of_service": years_of_service,
    "quota": quota,
}
RULE_LABELS = {
    "recognized_safe": gettext_lazy("Đơn vị được công nhận “An toàn về ANTT” trong năm"),
    "classified_at_least": gettext_lazy("Phong trào xếp loại từ mức nêu trở lên"),
    "not_already_holding": gettext_lazy("Cá nhân chưa được tặng (hình thức chỉ tặng một lần)"),
    "years_of_service": gettext_lazy("Đủ số năm công tác"),
    "quota": gettext_lazy("Không vượt chỉ tiêu của đợt (số lượng hoặc tỷ lệ)"),
}


def judges(condition: dict, candidate: Candidate) -> bool:
    """Does `condition` apply to this recipient? A condition may name the
    recipients it is written for: `recipients` ("collective", "individual")
    and `unit_types` (unit types of a collective, e.g. ["commune"])."""
    kinds = condition.get("recipients")
    if kinds and candidate.recipient_kind not in ([kinds] if isinstance(kinds, str) else kinds):
        return False
    types = condition.get("unit_types")
    if types and candidate.recipient_kind == RecipientKind.COLLECTIVE:
        return candidate.unit.type in types
    return True


def refusals(candidate: Candidate, round: Round) -> list[str]:
    """Every condition of the award type that judges the candidate and that
    the candidate does not meet (for new nominations only)."""
    award = candidate.award_type
    problems = []
    if not award.accepts(candidate.recipient_kind):
        problems.append(
            _("%(award)s không tặng cho %(kind)s.")
            % {"award": award.name, "kind": RecipientKind(candidate.recipient_kind).label.lower()}
        )
    conditions = list(award.conditions)
    if award.once_per_lifetime and not any(
        c.get("rule") == "not_already_holding" for c in conditions
    ):
        conditions.append({"rule": "not_already_holding"})
    for condition in conditions:
        rule = RULES.get(condition.get("rule", ""))
        if rule is None:
            continue  # an unknown rule in configuration is shown in /admin/, never guessed
        if not judges(condition, candidate):
            continue
        message = rule(candidate, round, condition)
        if message:
            problems.append(message)
    return problems
