"""The bell's page: a person's reminders, newest first; opening one marks it
read and goes where the work is done; the choice of reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from antq.reminders.forms import PreferencesForm
from antq.reminders.models import Notification
from antq.reminders.services import notification_open, notifications_read_all, preferences_save


@login_required
def notification_list(request):
    rows = Notification.objects.filter(user=request.user).select_related("unit")[:200]
    return render(request, "reminders/list.html", {"notifications": rows})


@login_required
@require_POST
def notification_open_view(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_open(by=request.user, notification=notification)
    return redirect(notification.url)


@login_required
@require_POST
def read_all_view(request):
    notifications_read_all(by=request.user)
    return redirect("reminders:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences_view(request):
    current = {p.kind: (p.enabled, p.email) for p in request.user.reminder_preferences.all()}
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        preferences_save(by=request.user, choices=form.choices())
        messages.success(request, _("Đã lưu lựa chọn nhắc việc."))
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})
