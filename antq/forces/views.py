"""Pages of the grassroots force: teams, members, training, checks, the annual
rating, the Kỷ niệm chương list, import and the audited export."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from antq.accounts.access import EDIT, VIEW, Refused, can, get_for_user, requested_unit
from antq.audit.imports import import_page
from antq.audit.services import audit_read
from antq.audit.versions import form_save
from antq.core.idempotency import once_per_key
from antq.core.tabular import XLSX_CONTENT_TYPE
from antq.forces.forms import (
    LEVEL_CHOICES,
    DissolveForm,
    MemberForm,
    TeamForm,
    TrainingForm,
)
from antq.forces.importers import members_check, members_export, members_template
from antq.forces.jobs import MEMBERS_IMPORT
from antq.forces.models import Member, Team
from antq.forces.selectors import (
    medal_candidates,
    members_for,
    rating_counts,
    rating_sheet,
    team_check,
    teams_for,
)
from antq.forces.services import (
    MemberInput,
    member_add,
    member_update,
    ratings_save,
    team_create,
    team_dissolve,
    team_update,
    training_add,
)
from antq.units.models import Unit
from antq.units.selectors import units_for_entry


def _commune(request) -> Unit:
    root = requested_unit(request)
    if root is None or root.type != Unit.Type.COMMUNE:
        raise PermissionDenied(_("Chọn một xã, phường, đặc khu."))
    return root


@login_required
def team_list(request):
    root = requested_unit(request)
    teams = teams_for(request.user, root=root).order_by("unit__path", "unit__name_folded")
    communes = []
    if root is not None and root.type != Unit.Type.COMMUNE:
        communes = Unit.objects.for_user(request.user, VIEW).filter(
            parent=root, type=Unit.Type.COMMUNE, valid_to__isnull=True
        )
    context = {
        "root": root,
        "teams": teams[:1000],
        "communes": communes.order_by("name_folded") if communes else [],
        "can_edit": root is not None and can(request.user, EDIT, root.path),
    }
    return render(request, "forces/team_list.html", context)


@login_required
def team_check_view(request):
    commune = _commune(request)
    context = {"root": commune, "check": team_check(request.user, commune)}
    return render(request, "forces/team_check.html", context)


def _areas_to_found_in(user):
    """Residential areas `user` may set a team up in: today's, and closed ones
    whose past their unit carries (a team founded before the area closed).
    The picker offers those that existed on the founding date; an area that
    already has a team is refused by `team_create` with its name."""
    return units_for_entry(user).filter(type=Unit.Type.RESIDENTIAL_AREA)


@login_required
@require_http_methods(["GET", "POST"])
def team_create_view(request):
    areas = _areas_to_found_in(request.user)
    initial = {"unit": request.GET.get("area"), "established_on": timezone.localdate()}
    form = TeamForm(request.POST or None, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        team, _stale = form_save(form, lambda: team_create(by=request.user, **data))
        if team is not None:
            messages.success(request, _("Đã thành lập %(name)s.") % {"name": team.name})
            return redirect("forces:team-detail", pk=team.pk)
    return render(request, "forces/team_form.html", {"form": form})


@login_required
def team_detail_view(request, pk: int):
    team = get_for_user(Team.objects.select_related("unit"), request.user, VIEW, pk=pk)
    members = list(
        members_for(request.user, team=team, active=False).order_by(
            "ended_on", "role", "name_folded"
        )
    )
    audit_read(  # personal data: every reading of the list is recorded (printing included)
        actor=request.user,
        obj=team,
        what=_("Danh sách thành viên %(team)s") % {"team": team},
        unit_path=team.scope_path,
        count=len(members),
    )
    context = {
        "team": team,
        "members": members,
        "can_edit": can(request.user, EDIT, team.scope_path),
        "dissolve_form": DissolveForm(initial={"on": timezone.localdate()}),
    }
    return render(request, "forces/team_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit_view(request, pk: int):
    team = get_for_user(Team.objects.select_related("unit"), request.user, EDIT, pk=pk)
    fields = ["name", "decision_number", "decision_date", "decision_signer", "note"]
    initial = {f: getattr(team, f) for f in fields} | {"version": team.version}
    form = TeamForm(request.POST or None, editing=True, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in fields}
        saved, stale = form_save(
            form,
            lambda: team_update(
                by=request.user,
                team=team,
                expected_version=form.cleaned_data["version"],
                **changes,
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("forces:team-detail", pk=team.pk)
    return render(request, "forces/team_form.html", {"form": form, "team": team, "stale": stale})


@login_required
@require_POST
def team_dissolve_view(request, pk: int):
    team = get_for_user(Team.objects.all(), request.user, EDIT, pk=pk)
    form = DissolveForm(request.POST)
    if form.is_valid():
        try:
            team_dissolve(by=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận giải thể tổ."))
    else:
        messages.error(request, _("Nhập ngày giải thể."))
    return redirect("forces:team-detail", pk=pk)


def _member_input(form: MemberForm) -> MemberInput:
    data = form.cleaned_data
    return MemberInput(
        full_name=data["full_name"],
        birth_year=data["birth_year"],
        gender=data["gender"],
        role=data["role"],
        appointed_on=data["appointed_on"],
        ended_on=data.get("ended_on"),
        service_since=data.get("service_since"),
        allowance=Decimal(data.get("allowance") or 0),
    )


@login_required
@require_http_methods(["GET", "POST"])
@once_per_key  # a double click or a second tab adds the member once
def member_add_view(request, pk: int):
    team = get_for_user(Team.objects.select_related("unit"), request.user, EDIT, pk=pk)
    form = MemberForm(request.POST or None, initial={"appointed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        member, _stale = form_save(
            form, lambda: member_add(by=request.user, team=team, data=_member_input(form))
        )
        if member is not None:
            messages.success(request, _("Đã công nhận %(name)s.") % {"name": member.full_name})
            if "another" in request.POST:
                return redirect("forces:member-add", pk=team.pk)
            return redirect("forces:team-detail", pk=team.pk)
    return render(request, "forces/member_form.html", {"form": form, "team": team})


@login_required
def member_detail_view(request, pk: int):
    member = get_for_user(Member.objects.select_related("team__unit"), request.user, VIEW, pk=pk)
    audit_read(
        actor=request.user, obj=member, what=str(member), unit_path=member.team.scope_path, count=1
    )
    context = {
        "member": member,
        "trainings": member.trainings.all(),
        "ratings": member.ratings.order_by("-year"),
        "can_edit": can(request.user, EDIT, member.team.scope_path),
        "training_form": TrainingForm(),
    }
    return render(request, "forces/member_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit_view(request, pk: int):
    member = get_for_user(Member.objects.select_related("team__unit"), request.user, EDIT, pk=pk)
    fields = [
        "full_name", "birth_year", "gender", "role", "appointed_on", "service_since",
        "ended_on", "allowance",
    ]  # fmt: skip
    initial = {f: getattr(member, f) for f in fields} | {"version": member.version}
    form = MemberForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        saved, stale = form_save(
            form,
            lambda: member_update(
                by=request.user,
                member=member,
                data=_member_input(form),
                expected_version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("forces:member-detail", pk=member.pk)
    context = {"form": form, "team": member.team, "member": member, "stale": stale}
    return render(request, "forces/member_form.html", context)


@login_required
@require_POST
def training_add_view(request, pk: int):
    member = get_for_user(Member.objects.select_related("team"), request.user, EDIT, pk=pk)
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            training_add(by=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận khóa huấn luyện."))
    else:
        messages.error(request, _("Nhập tên khóa, ngày bắt đầu và kết quả."))
    return redirect("forces:member-detail", pk=pk)


def _levels(data, prefix: str) -> dict[int, str]:
    """{id: level} from fields named prefix + id; a malformed name is ignored."""
    return {
        int(key.removeprefix(prefix)): value
        for key, value in data.items()
        if key.startswith(prefix) and key.removeprefix(prefix).isdigit()
    }


@login_required
@require_http_methods(["GET", "POST"])
def rating_view(request):
    commune = _commune(request)
    year_text = request.GET.get("year", "")
    today = timezone.localdate()
    year = int(year_text) if year_text.isdigit() and 2020 <= int(year_text) <= 2100 else today.year
    errors = {}
    if request.method == "POST":
        teams = _levels(request.POST, "team-")
        members = _levels(request.POST, "member-")
        notes = {
            k.removeprefix("note-"): v for k, v in request.POST.items() if k.startswith("note-")
        }
        try:
            written = ratings_save(
                by=request.user,
                commune=commune,
                year=year,
                teams=teams,
                members=members,
                notes=notes,
            )
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("Đã lưu %(n)s xếp loại.") % {"n": written})
            return redirect(f"{request.path}?unit={commune.pk}&year={year}")
    team_rows, member_rows = rating_sheet(request.user, commune, year)
    if errors:  # show what was chosen, with the reasons it was refused
        chosen = request.POST
        for row in team_rows:
            row.level = chosen.get(f"team-{row.obj.pk}", row.level)
        for row in member_rows:
            row.level = chosen.get(f"member-{row.obj.pk}", row.level)
    context = {
        "root": commune,
        "year": year,
        "team_rows": team_rows,
        "member_rows": member_rows,
        "levels": LEVEL_CHOICES,
        "errors": errors,
        "counts": rating_counts(commune, year),
        "can_edit": can(request.user, EDIT, commune.path),
    }
    return render(request, "forces/rating.html", context)


@login_required
def medal_list(request):
    root = requested_unit(request)
    candidates = medal_candidates(request.user, root=root) if root else []
    return render(request, "forces/medal_list.html", {"root": root, "members": candidates})


@login_required
@require_GET  # an audited export: PUT, PATCH, DELETE are not a way to download it
def members_export_view(request):
    root = requested_unit(request)
    if root is None:
        raise Refused(_("Bạn chưa được phân công đơn vị nào."))
    members = members_for(request.user, root=root).order_by(
        "team__unit__path", "role", "name_folded"
    )
    content = members_export(by=request.user, members=members, root_name=root.name)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"thanh-vien-to-bao-ve-{root.code}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def members_template_view(request):
    response = HttpResponse(members_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-thanh-vien-to-bao-ve.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def members_import_view(request):
    return import_page(
        request,
        check=members_check,
        kind="import_members",
        label=_("Nhập thành viên Tổ bảo vệ ANTT từ %(file)s"),
        runner=MEMBERS_IMPORT,
        template="forces/members_import.html",
    )
