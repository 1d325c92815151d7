from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.assessments.models import Assessment, Criterion, Target
from antq.core.forms import NumberField, VersionedForm
from antq.documents.forms import SigningFields

EVIDENCE_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
EVIDENCE_MAX_BYTES = getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
MET_CHOICES = [("", _("— chưa trả lời —")), ("1", _("Đạt")), ("0", _("Không đạt"))]


def _number_input(label: str) -> forms.TextInput:
    """A number typed as an office writes it ("98,5"), named for screen readers."""
    return forms.TextInput(attrs={"inputmode": "decimal", "aria-label": label[:200]})


class CampaignOpenForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm"), min_value=2020, max_value=2100, initial=lambda: timezone.localdate().year
    )


class AssessmentForm(VersionedForm):
    """One field group per criterion (answer, number, note), the meeting, and the
    self scores; the service decides what is valid."""

    meeting_date = forms.DateField(label=_("Ngày họp tự đánh giá"), required=False)
    meeting_chair = forms.CharField(label=_("Người chủ trì"), max_length=150, required=False)
    meeting_attendees = forms.CharField(
        label=_("Thành phần dự họp"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.fields["version"].initial = assessment.version
        self.answers = list(assessment.answers.all())
        self.scores = list(assessment.scores.all())
        for answer in self.answers:
            criterion = answer.criterion
            key = answer.criterion_id
            if criterion.kind == Criterion.Kind.NUMBER:
                self.fields[f"number_{key}"] = NumberField(
                    label=criterion.text,
                    required=False,
                    min_value=0,
                    initial=answer.number,
                    widget=_number_input(criterion.text),
                )
            elif criterion.kind == Criterion.Kind.YES_NO or answer.computed is None:
                self.fields[f"met_{key}"] = forms.ChoiceField(
                    label=criterion.text,
                    choices=MET_CHOICES,
                    required=False,
                    initial="" if answer.met is None else str(int(answer.met)),
                    widget=forms.Select(attrs={"aria-label": criterion.text[:200]}),
                )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Ghi chú"),
                required=False,
                initial=answer.note,
                widget=forms.TextInput(
                    attrs={"class": "note", "aria-label": f"Ghi chú: {criterion.text[:180]}"}
                ),
            )
        for score in self.scores:
            self.fields[f"score_{score.item_id}"] = NumberField(
                label=score.item.text,
                required=False,
                min_value=0,
                max_value=score.item.max_points,
                initial=score.self_points,
                widget=_number_input(score.item.text),
            )
        self.initial.update(
            {
                "meeting_date": assessment.meeting_date,
                "meeting_chair": assessment.meeting_chair,
                "meeting_attendees": assessment.meeting_attendees,
            }
        )
        if not assessment.is_editable:
            for field in self.fields.values():
                field.disabled = True

    def rows(self):
        """(answer, met field, number field, note field) for the template."""
        for answer in self.answers:
            key = answer.criterion_id
            yield (
                answer,
                self[f"met_{key}"] if f"met_{key}" in self.fields else None,
                self[f"number_{key}"] if f"number_{key}" in self.fields else None,
                self[f"note_{key}"],
            )

    def score_rows(self):
        for score in self.scores:
            yield score, self[f"score_{score.item_id}"]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        answers = {}
        for answer in self.answers:
            key = answer.criterion_id
            values = {"note": data.get(f"note_{key}", "")}
            if f"met_{key}" in data:
                raw = data[f"met_{key}"]
                values["met"] = None if raw == "" else raw == "1"
            if f"number_{key}" in data:
                values["number"] = data[f"number_{key}"]
            answers[key] = values
        scores = {s.item_id: data.get(f"score_{s.item_id}") for s in self.scores}
        meeting = {
            "date": data.get("meeting_date"),
            "chair": data.get("meeting_chair"),
            "attendees": data.get("meeting_attendees"),
        }
        return {
            "answers": answers,
            "meeting": meeting,
            "scores": scores,
            "expected_version": data.get("version"),
        }


class ConfirmScoresForm(forms.Form):
    def __init__(self, *args, assessment: Assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = list(assessment.scores.all())
        for score in self.scores:
            self.fields[f"confirmed_{score.item_id}"] = NumberField(
                label=score.item.code,
                required=False,
                min_value=0,
                max_value=score.item.max_points,
                initial=score.confirmed_points
                if score.confirmed_points is not None
                else score.self_points,
            )

    def scores_argument(self) -> dict[int, Decimal | None]:
        return {s.item_id: self.cleaned_data.get(f"confirmed_{s.item_id}") for s in self.scores}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Ý kiến, lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF, JPG, PNG)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": EVIDENCE_MAX_BYTES // 1024 // 1024}
            )
        head = upload.read(8)
        upload.seek(0)
        kind = (
            "application/pdf"
            if head.startswith(b"%PDF")
            else "image/png"
            if head.startswith(b"\x89PNG")
            else "image/jpeg"
            if head.startswith(b"\xff\xd8")
            else None
        )
        if kind is None:
            raise forms.ValidationError(_("Chỉ nhận tệp PDF, JPG hoặc PNG."))
        upload.detected_type = kind
        return upload


class DecisionForm(SigningFields):
    assessments = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được công nhận"),
        queryset=Assessment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    proposer = forms.CharField(label=_("Theo đề nghị của"), max_length=255, required=False)

    field_order = ["assessments", "number", "date", "place", "signing_form", "signer_title",
                   "signer_name", "proposer"]  # fmt: skip

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessments"].queryset = candidates
        self.fields["assessments"].label_from_instance = lambda a: a.unit.name
        self.fields["assessments"].initial = list(candidates.values_list("pk", flat=True))


class ReissueForm(SigningFields):
    note = forms.CharField(label=_("Lý do thay thế"), max_length=255)
    proposer = forms.CharField(label=_("Theo đề nghị của"), max_length=255, required=False)

    field_order = ["note", "date", "place", "signing_form", "signer_title", "signer_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["number"]


class ResultsForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2020, max_value=2100)
    view = forms.ChoiceField(
        label=_("Cách tính"),
        choices=[
            ("published", _("Theo đơn vị khi báo cáo")),
            ("restated", _("Quy về đơn vị hiện nay")),
        ],
        required=False,
    )


class CriterionAddForm(forms.Form):
    target = forms.ChoiceField(label=_("Đối tượng"), choices=Target.choices)
    code = forms.CharField(label=_("Mã"), max_length=16)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))


class CriterionEditForm(forms.Form):
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
