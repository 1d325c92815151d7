"""Who issues and who signs: a body's defaults by its unit and kind, the rule
for a purpose, the signature lines of Decree 30 (TM. above KT. above the
title), the authority line of a decision, the place line, and the signer on a
date from the office holders."""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from antq.core.vietnamese import format_date
from antq.documents.models import Authority, IssuingBody, OfficeHolder, SigningForm
from antq.units.models import Unit

KIND = IssuingBody.Kind
NATIONAL_KINDS = frozenset({KIND.MINISTRY, KIND.DEPARTMENT})
PLACE_PREFIX = re.compile(
    r"^(Tỉnh|Thành phố|Phường|Xã|Đặc khu|Thị trấn|Thị xã|Huyện|Quận)\s+", re.IGNORECASE
)


def place_of(unit: Unit | None) -> str:
    """The place in "Quảng Ninh, ngày …": the unit's name without its type
    (Decree 30); a commune's own name ("Phường Hạ Long" → "Hạ Long")."""
    return PLACE_PREFIX.sub("", unit.name) if unit else "Hà Nội"


def in_sentence(unit: Unit) -> str:
    """ "Phường Hạ Long" as written inside a sentence: "phường Hạ Long"."""
    return unit.name[:1].lower() + unit.name[1:]


def _province_of(unit: Unit) -> Unit:
    while unit.parent_id is not None and unit.type != Unit.Type.PROVINCE:
        unit = unit.parent
    return unit


def body_defaults(unit: Unit | None, kind: str) -> dict:
    """A new body's header, titles, abbreviation and recipients, by its kind
    and its unit's level (editable afterwards in /admin/)."""
    if unit is None and kind == KIND.MINISTRY:
        return {
            "name": "BỘ CÔNG AN",
            "name_in_sentence": "Bộ Công an",
            "head_title": "BỘ TRƯỞNG",
            "deputy_title": "THỨ TRƯỞNG",
            "abbreviation": "BCA",
            "place": "Hà Nội",
            "report_to": "",
            "executors": "Cục trưởng Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc, Giám đốc "
            "Công an các tỉnh, thành phố có liên quan",
            "archive": "VT, V05",
        }
    if unit is None:
        return {
            "parent_name": "BỘ CÔNG AN",
            "name": "CỤC XÂY DỰNG PHONG TRÀO\nBẢO VỆ AN NINH TỔ QUỐC",
            "name_in_sentence": "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
            "head_title": "CỤC TRƯỞNG",
            "deputy_title": "PHÓ CỤC TRƯỞNG",
            "abbreviation": "V05",
            "place": "Hà Nội",
            "report_to": "Lãnh đạo Bộ (để báo cáo);",
            "archive": "VT, V05",
        }
    upper, sentence, place = unit.name.upper(), in_sentence(unit), place_of(unit)
    province = _province_of(unit)
    at_commune = unit.type != Unit.Type.PROVINCE
    if kind == KIND.POLICE:
        return {
            "parent_name": f"CÔNG AN {province.name.upper()}" if at_commune else "",
            "name": f"CÔNG AN {upper}",
            "name_in_sentence": f"Công an {sentence}",
            "head_title": "TRƯỞNG CÔNG AN" if at_commune else "GIÁM ĐỐC",
            "deputy_title": "PHÓ TRƯỞNG CÔNG AN" if at_commune else "PHÓ GIÁM ĐỐC",
            "abbreviation": "CAX" if at_commune else "CAT",
            "place": place,
            "report_to": (
                f"Công an {in_sentence(province)} (để báo cáo);\n"
                f"Ủy ban nhân dân {sentence} (để báo cáo);"
                if at_commune
                else "Bộ Công an (Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc) "
                f"(để báo cáo);\nỦy ban nhân dân {sentence} (để báo cáo);"
            ),
            "executors": f"Chánh Văn phòng Công an {sentence}, Thủ trưởng các đơn vị có liên quan",
            "archive": "VT, PV01",
        }
    if kind in {KIND.STEERING_COMMITTEE, KIND.COUNCIL}:
        steering = kind == KIND.STEERING_COMMITTEE
        return {
            "parent_name": f"UBND {upper}",
            "name": "BAN CHỈ ĐẠO 138" if steering else "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
            "name_in_sentence": (
                "Ban Chỉ đạo 138 " if steering else "Hội đồng Thi đua - Khen thưởng "
            )
            + sentence,
            "collective": "BAN CHỈ ĐẠO" if steering else "HỘI ĐỒNG",
            "head_title": "TRƯỞNG BAN" if steering else "CHỦ TỊCH",
            "deputy_title": "PHÓ TRƯỞNG BAN" if steering else "PHÓ CHỦ TỊCH",
            "abbreviation": "BCĐ" if steering else "HĐTĐKT",
            "place": place,
            "report_to": f"Ủy ban nhân dân {sentence} (để báo cáo);",
            "executors": "Các thành viên, cơ quan, đơn vị có liên quan",
            "archive": "VT",
        }
    return {
        "parent_name": "",
        "name": f"ỦY BAN NHÂN DÂN\n{upper}",
        "name_in_sentence": f"Ủy ban nhân dân {sentence}",
        "collective": "ỦY BAN NHÂN DÂN",
        "head_title": "CHỦ TỊCH",
        "deputy_title": "PHÓ CHỦ TỊCH",
        "abbreviation": "UBND",
        "place": place,
        "report_to": (
            f"Ủy ban nhân dân {in_sentence(province)} (để báo cáo);\n"
            f"Công an {in_sentence(province)} (để báo cáo);"
            if at_commune
            else "Bộ Công an (Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc) (để báo cáo);\n"
            f"Thường trực Tỉnh ủy, Thường trực HĐND {sentence} (để báo cáo);\n"
            f"Công an {sentence};"
        ),
        "executors": (
            f"Chánh Văn phòng HĐND và UBND {sentence}, Trưởng Công an {sentence}"
            if at_commune
            else f"Chánh Văn phòng Ủy ban nhân dân {sentence}, Giám đốc Công an {sentence}, "
            "Giám đốc Sở Nội vụ"
        ),
        "archive": "VT, CA" if at_commune else "VT, NC",
    }


def body_code(unit: Unit | None, kind: str) -> str:
    return f"{kind}-{unit.code}-{unit.pk}" if unit else f"{kind}-quoc-gia"


@dataclass(frozen=True)
class Rule:
    body_kind: str
    doc_type: str
    certificate_type: str
    signing_form: str
    signer_title: str


DEFAULT_RULES = {
    "report": Rule(KIND.PEOPLES_COMMITTEE, "bc", "", SigningForm.TM, "CHỦ TỊCH"),
    "plan": Rule(KIND.PEOPLES_COMMITTEE, "kh", "", SigningForm.TM, "CHỦ TỊCH"),
    "recognition": Rule(KIND.PEOPLES_COMMITTEE, "qd", "gcn", SigningForm.TM, "CHỦ TỊCH"),
    "proposal": Rule(KIND.COUNCIL, "ttr", "", SigningForm.TM, "CHỦ TỊCH"),
}


def rule_for(purpose: str, unit: Unit | None) -> Rule:
    """The configured rule for `purpose` at `unit`'s level (a level's own rule,
    else the rule for every level); a built-in default when none is configured
    (an award type: its People's Committee's chairman)."""
    level = unit.type if unit else ""
    rows = Authority.objects.filter(purpose=purpose).filter(Q(level=level) | Q(level=""))
    row = min(rows, key=lambda r: r.level == "", default=None)
    if row is not None:
        return Rule(
            row.body_kind, row.doc_type, row.certificate_type, row.signing_form, row.signer_title
        )
    if unit is None:
        return Rule(KIND.DEPARTMENT, DEFAULT_RULES.get(purpose, DEFAULT_RULES["report"]).doc_type,
                    "", SigningForm.KT, "PHÓ CỤC TRƯỞNG")  # fmt: skip
    return DEFAULT_RULES.get(purpose, Rule(KIND.PEOPLES_COMMITTEE, "qd", "gk", "", "CHỦ TỊCH"))


def signature_lines(body: IssuingBody, form: str, title: str) -> list[str]:
    """The lines above the signer's name (Decree 30, Điều 13): "TM. ỦY BAN
    NHÂN DÂN" above "KT. CHỦ TỊCH" above "PHÓ CHỦ TỊCH"."""
    head = body.head_title
    title = title.strip().upper()
    if form == SigningForm.TM:
        return [f"TM. {body.collective}", title]
    if form == SigningForm.TM_KT:
        return [f"TM. {body.collective}", f"KT. {head}", title]
    if form == SigningForm.KT:
        return [f"KT. {head}", title]
    if form == SigningForm.Q:
        return [f"Q. {title}"]
    if form in {SigningForm.TL, SigningForm.TUQ}:
        return [f"{form}. {head}", title]
    return [title]


def authority_line(body: IssuingBody, form: str) -> str:
    """Whose decision it is, above "Căn cứ": the collective ("ỦY BAN NHÂN DÂN
    TỈNH QUẢNG NINH") when it signs on the collective's behalf, else the head
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "GIÁM ĐỐC CÔNG AN TỈNH …")."""
    name = " ".join(body.name.split())
    if form in {SigningForm.TM, SigningForm.TM_KT} and body.collective:
        return name
    return f"{body.head_title} {name}"


def signing_problem(body: IssuingBody, form: str, title: str) -> str | None:
    """Why a signing form does not fit the body, or None."""
    if form in {SigningForm.TM, SigningForm.TM_KT} and not body.collective:
        return _("%(body)s không ký thay mặt tập thể (TM.): chọn hình thức khác.") % {"body": body}
    if form in {SigningForm.TM_KT, SigningForm.KT} and title.strip().upper() == body.head_title:
        return _("Ký thay (KT.) là cấp phó ký: chức danh người ký là %(deputy)s.") % {
            "deputy": body.deputy_title
        }
    return None


def signer_on(
    body: IssuingBody, title: str, day: date, name: str = "", *, suggested: bool = False
) -> str:
    """The signer's name: the holder of `title` at `body` on `day` (the one
    named, when several deputies hold it). With no holder configured the name
    given is used. A `suggested` name (copied from the document a correction
    cites) gives way to the holder on the day. ValidationError when it cannot
    be decided or contradicts the configuration."""
    title = title.strip().upper()
    holders = list(
        OfficeHolder.objects.filter(body=body, title__iexact=title, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values_list("name", flat=True)
    )
    name = " ".join(name.split())
    if suggested and holders and name not in holders:
        name = ""
    if not holders:
        if not name:
            raise ValidationError(
                {
                    "signer_name": _(
                        "Chưa có người giữ chức %(title)s của %(body)s ngày %(day)s (cấu hình "
                        "trong trang quản trị) và chưa nhập họ tên người ký."
                    )
                    % {"title": title, "body": body, "day": format_date(day)}
                }
            )
        return name
    if name and name not in holders:
        raise ValidationError(
            {
                "signer_name": _("Ngày %(day)s, %(title)s của %(body)s là %(holders)s.")
                % {"day": format_date(day), "title": title, "body": body,
                   "holders": ", ".join(holders)}
            }
        )  # fmt: skip
    if not name and len(holders) > 1:
        raise ValidationError(
            {
                "signer_name": _("Ngày %(day)s có %(n)s người giữ chức %(title)s: chọn "
                                 "%(holders)s.")
                % {"day": format_date(day), "n": len(holders), "title": title,
                   "holders": ", ".join(holders)}
            }
        )  # fmt: skip
    return name or holders[0]


def body_or_default(unit: Unit | None, kind: str) -> IssuingBody:
    """The configured body, or an unsaved one with the defaults (for a draft
    shown before any document of the body exists: nothing is written)."""
    existing = IssuingBody.objects.filter(unit=unit, kind=kind).first()
    if existing is not None:
        return existing
    return IssuingBody(
        code=body_code(unit, kind),
        unit=unit,
        kind=kind,
        numbering=IssuingBody.Numbering.PER_BODY,  # one series a year unless set per type
        **body_defaults(unit, kind),
    )


def signing_form_of(short: str | None, rule: Rule) -> str | None:
    """The register's signing form for the two words forms used to offer: "TM"
    keeps the rule's own form (the collective's TM., or the head signing);
    "KT" is a deputy signing for the head, under the collective's "TM." when
    the rule has one. None keeps the rule's; a register form passes as it is."""
    short = (short or "").rstrip(".") or None
    if short is None or (short == "TM" and rule.signing_form != SigningForm.TM):
        return None
    if short == "KT":
        return SigningForm.TM_KT if rule.signing_form == SigningForm.TM else SigningForm.KT
    return short
