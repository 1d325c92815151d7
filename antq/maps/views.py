"""The map page ("Bản đồ"): the nation or a unit's children coloured by a
measure, with its legend, the same figures in a table, PNG/SVG downloads."""

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from antq.accounts.access import EDIT, VIEW, get_for_user, home_units, is_system_admin
from antq.core.api import error_body
from antq.core.tabular import parse_day
from antq.maps.forms import LocationForm
from antq.maps.geometry import COMMUNE, PROVINCE, data_code, era_of, map_units
from antq.maps.measures import RECOGNITION, MeasureError, measures_for
from antq.maps.points import KINDS
from antq.maps.selectors import build_map
from antq.maps.services import location_clear, location_set
from antq.maps.spec import to_png, to_svg
from antq.maps.tiles import coordinates
from antq.units.models import Unit


def map_root(request, as_of):
    """The unit of the map: `?unit=<code>` among what the user may see (404
    outside), else the nation for a system administrator, else their unit."""
    code = (request.GET.get("unit") or "").strip()
    if code:
        return get_for_user(Unit.objects.valid_on(as_of), request.user, VIEW, code=code)
    if is_system_admin(request.user):
        return None
    root = next(iter(home_units(request.user)), None)
    if root is None:
        raise PermissionDenied(_("Tài khoản chưa được phân công đơn vị."))
    return root


def read_as_of(text: str | None):
    """The day of the map (dd/mm/yyyy or yyyy-mm-dd), today by default; an
    unreadable day gives today and a message."""
    today = timezone.localdate()
    if not text:
        return today, ""
    day = parse_day(text)
    if day is None:
        return today, _("Ngày “%(text)s” không hợp lệ (dd/mm/yyyy).") % {"text": text}
    return day, ""


@login_required
# Vega compiles chart expressions (eval) and its SVG renderer writes style
# attributes; scripts stay our own files, so no inline script runs here either.
@csp_update({"script-src": ["'unsafe-eval'"], "style-src": ["'unsafe-inline'"]})
def map_page(request):
    as_of, error = read_as_of(request.GET.get("as_of"))
    root = map_root(request, as_of)
    level = COMMUNE if request.GET.get("level") == COMMUNE and root is None else PROVINCE
    measures = measures_for(request.user)
    key = request.GET.get("measure") or RECOGNITION
    try:
        the_map = build_map(
            user=request.user,
            root=root,
            measure_key=key,
            period_text=(request.GET.get("period") or "").strip(),
            as_of=as_of,
            level=level,
        )
    except MeasureError as exc:
        error = str(exc)
        the_map = build_map(user=request.user, root=root, as_of=as_of, level=level)
    export = request.GET.get("export")
    if export in {"svg", "png"}:
        name = f"ban-do-{root.code if root else 'toan-quoc'}-{the_map.period_text}.{export}"
        if export == "svg":
            response = HttpResponse(to_svg(the_map.spec), content_type="image/svg+xml")
        else:
            response = HttpResponse(to_png(the_map.spec), content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    up = None
    if root is not None and root.parent_id:
        parent = root.parent
        while parent is not None and parent.type == Unit.Type.DISTRICT:
            parent = parent.parent  # a province's map draws its communes, not its districts
        if (
            parent is not None
            and Unit.objects.for_user(request.user, VIEW).filter(pk=parent.pk).exists()
        ):
            up = parent
    link = "?unit={code}&" + urlencode(
        {
            "measure": the_map.measure.key,
            "period": the_map.period_text,
            "as_of": as_of.strftime("%d/%m/%Y"),
        }
    )
    context = {
        "map": the_map,
        "table_rows": the_map.table_rows(link),
        "legend": the_map.legend(),
        "root": root,
        "up": up,
        "nation_visible": is_system_admin(request.user),
        "measures": measures,
        "level": level,
        "as_of": as_of,
        "error": error,
        "query": request.GET.urlencode(),
        "shapes": _shapes_query(root, as_of, level),
    }
    return render(request, "maps/map.html", context)


def _shapes_query(root, as_of, level: str) -> str:
    """The query of `/api/v1/maps/units` for the map's shapes (TopoJSON)."""
    query = {"as_of": as_of.isoformat(), "format": "topojson", "detail": "medium"}
    if root is not None:
        query["parent"] = root.code
    else:
        query["level"] = level
    return urlencode(query)


@login_required
def location_edit(request, kind: str, pk: int):
    """Place a festival site, a model's site or a team's headquarters: typed,
    or clicked on the small map of its commune."""
    if kind not in KINDS:
        raise Http404
    label, _field, model = KINDS[kind]
    subject = get_for_user(model.objects.select_related("unit"), request.user, EDIT, pk=pk)
    back = reverse("maps:map") + f"?unit={_province_code(subject.unit)}"
    if request.method == "POST" and "clear" in request.POST:
        location_clear(by=request.user, subject=subject)
        messages.success(request, _("Đã xóa vị trí."))
        return redirect(back)
    initial = {"latitude": subject.latitude, "longitude": subject.longitude}
    form = LocationForm(request.POST or None, initial=initial, unit=subject.unit)
    if request.method == "POST" and form.is_valid():
        try:
            location_set(
                by=request.user,
                subject=subject,
                latitude=form.cleaned_data["latitude"],
                longitude=form.cleaned_data["longitude"],
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(request, _("Đã lưu vị trí."))
            return redirect(back)
    context = {
        "form": form,
        "kind_label": label,
        "subject": subject,
        "current": subject.has_point,
    }
    return render(request, "maps/location.html", context)


@login_required
def nearby(request):
    """What the point picker draws around a unit (`?unit=<id>`, else the
    user's own unit): the centres of the communes of its province (of the
    provinces, for the nation), its own commune marked, and their imported
    outlines where every one has one. JSON; 404 outside the user's scope."""
    today = timezone.localdate()
    unit = None
    text = (request.GET.get("unit") or "").strip()
    if text and not (text.isdigit() and len(text) <= 18):  # a typo is told, not taken for "mine"
        message = _("Mã đơn vị “%(value)s” không hợp lệ.") % {"value": text[:40]}
        return JsonResponse(
            error_body(message, [{"field": "unit", "message": message}]), status=400
        )
    if text:
        unit = get_for_user(Unit.objects.all(), request.user, VIEW, pk=int(text))
    elif not is_system_admin(request.user):
        unit = next(iter(home_units(request.user)), None)
    province = unit
    while province is not None and province.type != Unit.Type.PROVINCE:
        province = province.parent
    drawn = map_units(province, today)
    known = coordinates(era_of(today))
    kind = "province" if province is None else "commune"
    focus = {u.pk for u in drawn.units if unit is not None and unit.path.startswith(u.path)}
    # the neighbours' centres are public geography (vietnamadminunits); their
    # names only where the person may see the unit
    named = set(
        Unit.objects.for_user(request.user, VIEW)
        .filter(pk__in=[u.pk for u in drawn.units])
        .values_list("pk", flat=True)
    )
    places = []
    for u in drawn.units:
        centre = known[kind].get(u.code if kind == "province" else data_code(u, era_of(today)))
        if centre is not None:
            name = u.name if u.pk in named else ""
            places.append(
                {"name": name, "lat": centre[0], "lon": centre[1], "focus": u.pk in focus}
            )
    outlines = [] if drawn.schematic else [f["geometry"] for f in drawn.features]
    return JsonResponse({"places": places, "outlines": outlines})


def _province_code(unit: Unit) -> str:
    """The code of the map that shows `unit` among its communes."""
    node = unit
    while node.parent_id and node.type != Unit.Type.PROVINCE:
        node = node.parent
    return node.code
