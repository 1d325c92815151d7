from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.audit.models import AuditEntry
from antq.audit.selectors import audit_list
from antq.core.access import VIEW_AUDIT, require_somewhere


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("Người thực hiện"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=gettext_lazy("Thao tác"),
        required=False,
        choices=[("", gettext_lazy("Tất cả")), *list(AuditEntry.Action.choices)],
    )
    since = forms.DateField(label=gettext_lazy("Từ ngày"), required=False)
    until = forms.DateField(label=gettext_lazy("Đến ngày"), required=False)


@login_required
def audit_entry_list(request):
    require_somewhere(request.user, VIEW_AUDIT, _("Bạn không có quyền xem nhật ký."))
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_list(user=request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/auditentry_list.html", {"form": form, "page": page})
