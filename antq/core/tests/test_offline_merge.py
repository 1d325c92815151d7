"""The kernel's field-by-field merge of a draft kept on a device
(`core.offline.merge_offline`), shared by every offline form."""

import json

from django.test import RequestFactory

from antq.core.offline import merge_offline


def _request(post: dict):
    return RequestFactory().post("/", post)


def _read(name: str, text: str):
    return int(text.replace(".", "")) if text else None


def test_a_field_changed_on_the_device_only_is_the_persons():
    request = _request(
        {"a": "1.480", "b": "7", "changed_offline": "a", "was_offline": json.dumps({"a": "5"})}
    )
    assert merge_offline(request, {"a": 5, "b": 9}, _read) == {"a"}


def test_a_field_changed_on_both_sides_differently_is_refused():
    request = _request(
        {"a": "1.480", "changed_offline": "a", "was_offline": json.dumps({"a": "5"})}
    )
    assert merge_offline(request, {"a": 6}, _read) is None
    assert merge_offline(request, {"a": 1480}, _read) == {"a"}  # the same change: no conflict


def test_a_device_that_does_not_say_what_it_started_from_is_refused():
    assert merge_offline(_request({"a": "1", "changed_offline": "a"}), {"a": 5}, _read) is None
    bad = _request({"a": "1", "changed_offline": "a", "was_offline": "{"})
    assert merge_offline(bad, {"a": 5}, _read) is None
    unknown = _request({"z": "1", "changed_offline": "z", "was_offline": json.dumps({"z": ""})})
    assert merge_offline(unknown, {"a": 5}, _read) is None


def test_an_untouched_choice_takes_the_servers_option_not_a_list():
    from django import forms
    from django.http import QueryDict

    from antq.core.offline import keep_untouched

    class Form(forms.Form):
        met = forms.ChoiceField(choices=[("", "—"), ("1", "Đạt"), ("0", "Chưa đạt")])
        note = forms.CharField(required=False)

    data = keep_untouched(QueryDict("note=x&met=0"), Form(initial={"met": "1"}), {"note"})
    assert data.getlist("met") == ["1"] and data["note"] == "x"
    assert Form(data).is_valid()
