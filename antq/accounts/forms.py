from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from antq.accounts.models import ROLES_BY_PRIVILEGE
from antq.accounts.services import LoginThrottled, SignInBusy, login_authenticate
from antq.units.forms import UnitPickerField
from antq.units.models import Unit


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.user = login_authenticate(
                request=self.request, username=data["username"], password=data["password"]
            )
        except (LoginThrottled, SignInBusy) as exc:
            raise forms.ValidationError(str(exc)) from None
        if self.user is None:
            raise forms.ValidationError(_("Sai tên đăng nhập hoặc mật khẩu."))
        return data


class AssignmentForm(forms.Form):
    # no role is chosen for the manager; the list runs from least to most privilege
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=[("", _("— Chọn vai trò —")), *((r.value, r.label) for r in ROLES_BY_PRIVILEGE)],
    )
    unit = UnitPickerField(label=_("Đơn vị"), queryset=Unit.objects.none())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class UserCreateForm(AssignmentForm):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Chỉ dùng chữ, số và . @ + - _")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    password = forms.CharField(
        label=_("Mật khẩu ban đầu"), widget=forms.PasswordInput, min_length=8
    )

    field_order = [
        "username",
        "full_name",
        "position",
        "phone",
        "email",
        "password",
        "role",
        "unit",
    ]


class PasswordChangeForm(SetPasswordForm):
    old_password = forms.CharField(label=_("Mật khẩu hiện tại"), widget=forms.PasswordInput)
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("Mật khẩu hiện tại không đúng."))
        return old


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã 6 số trên ứng dụng xác thực"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Mã gồm 6 chữ số."))
        return code


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ (máy, chương trình dùng mã)"), max_length=100, required=False
    )
