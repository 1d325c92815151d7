"""The fields every page that drafts or issues a document shares (number,
date, place, who signs and how), and the register's search and the
verification upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from antq.core.forms import DatePicker, NumberField
from antq.documents.models import DocumentType, IssuingBody, SigningForm


class SigningFields(forms.Form):
    """Number (empty: the register gives the next one when issued), date,
    place, signing form, the signer's title and name (empty: the holder of
    the title on the date, from the configuration)."""

    number = NumberField(
        label=_("Số"),
        integer=True,
        min_value=1,
        required=False,
        help_text=_("Để trống: sổ đăng ký cấp số tiếp theo khi ban hành."),
    )
    date = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DatePicker())
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    signing_form = forms.ChoiceField(
        label=_("Hình thức ký"), choices=SigningForm.choices, required=False
    )
    signer_title = forms.CharField(label=_("Chức danh người ký"), max_length=120, required=False)
    signer_name = forms.CharField(
        label=_("Người ký"),
        max_length=120,
        required=False,
        help_text=_("Để trống: người giữ chức danh vào ngày ban hành (theo cấu hình)."),
    )


class DocumentEditForm(SigningFields):
    subject = forms.CharField(
        label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Mỗi dòng một nơi nhận."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CorrectionForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("Loại"),
        choices=[("correction", _("Đính chính")), ("replacement", _("Thay thế"))],
    )
    text = forms.CharField(
        label=_("Nội dung đính chính hoặc lý do thay thế"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RegisterSearchForm(forms.Form):
    number = forms.CharField(label=_("Số"), max_length=20, required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DatePicker())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DatePicker())
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=[("", _("Tất cả")), *DocumentType.choices], required=False
    )
    body = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=IssuingBody.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF đã ký"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        return upload
