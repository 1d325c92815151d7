"""The statistics catalogue as every request reads it: active indicators,
forms with their lines and rules, kept per process and rebuilt when the
catalogue's generation changes (any edit of an indicator, form, line or rule,
in any process: `core.generations`). One small query per request instead of
five and the model instances they build.

The snapshot is shared by the requests of a process: read-only."""

from antq.core.generations import Generation
from antq.indicators.identifiers import option_uid
from antq.indicators.models import FormIndicator, Indicator, ReportForm, ValidationRule
from antq.indicators.validation import FormSpec, spec_of

CATALOGUE = Generation("catalogue", Indicator, ReportForm, FormIndicator, ValidationRule)


class Snapshot:
    """What an import or a submission checks values against."""

    def __init__(self) -> None:
        self.indicators = {i.code: i for i in Indicator.objects.filter(active=True)}
        self.by_id = {i.pk: i for i in self.indicators.values()}
        self.by_uid = {i.uid: i for i in self.indicators.values()}
        self.indicator_ids = {code: i.pk for code, i in self.indicators.items()}
        self.specs: dict[str, FormSpec] = {}  # indicator code → the first form listing it
        self.forms: dict[int, FormSpec] = {}
        for found in ReportForm.objects.prefetch_related("lines__indicator", "rules"):
            spec = self.forms[found.pk] = spec_of(found)
            for code in spec.lines:
                self.specs.setdefault(code, spec)
        # an indicator's data are reported in the period of the first form (by
        # id) that lists it, active or not (`selectors.data_period_type`)
        self.period_types: dict[int, str] = {}
        for indicator, period_type in FormIndicator.objects.order_by("form_id").values_list(
            "indicator_id", "form__period_type"
        ):
            self.period_types.setdefault(indicator, period_type)
        self.option_codes = {
            option_uid(o["code"]): o["code"] for i in self.indicators.values() for o in i.options
        }


def catalogue_snapshot() -> Snapshot:
    """This process's snapshot of the catalogue, current as of this query."""
    return CATALOGUE.cached(Snapshot)


def form_spec(form: ReportForm) -> FormSpec:
    """The lines and rules of `form` from the snapshot (the form's own, read
    now, when the snapshot does not know it)."""
    return catalogue_snapshot().forms.get(form.pk) or spec_of(form)
