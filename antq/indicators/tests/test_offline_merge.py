"""A draft kept on a phone meets a newer version (issue 23, item 12): fields
changed on one side only merge without asking; only a field changed on both
sides to different values sends the person to the conflict page."""

import json
from decimal import Decimal

from django.urls import reverse

from antq.core.periods import parse
from antq.indicators.models import Submission
from antq.indicators.services import existing_values, values_save

OFFLINE = {"HTTP_X_ANTQ_OFFLINE": "1"}
MONTH = "202607"


def _started(personas, tree, monthly_form) -> Submission:
    """The report as the phone loaded it: 5 people, 7 sessions."""
    return values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=parse(MONTH),
        values={"TT_LUOT": {"": Decimal(5)}, "TT_BUOI": {"": Decimal(7)}},
    )


def _colleague(personas, tree, monthly_form, **values) -> None:
    values_save(
        by=personas.officer_a,
        form=monthly_form,
        unit=tree.commune_a,
        period=parse(MONTH),
        values={code: {"": Decimal(v)} for code, v in values.items()},
    )


def _send(client, tree, version: int, typed: dict, was: dict | None, key: str):
    url = reverse("indicators:entry", args=["BC-THANG-XA", tree.commune_a.pk, MONTH])
    body = {"v__TT_LUOT": "5", "v__TT_BUOI": "7", **typed, "version": str(version)}
    body["client_key"] = key
    if was is not None:
        body["changed_offline"] = ",".join(was)
        body["was_offline"] = json.dumps(was)
    return client.post(url, body, **OFFLINE)


def _stored(tree) -> dict:
    values = existing_values(tree.commune_a, parse(MONTH), ["TT_LUOT", "TT_BUOI"])
    return {code: by_option[""] for code, by_option in values.items()}


def test_fields_changed_on_one_side_only_merge_without_asking(client, personas, tree, monthly_form):
    loaded = _started(personas, tree, monthly_form)
    _colleague(personas, tree, monthly_form, TT_BUOI=9)  # meanwhile, on the server
    client.force_login(personas.officer_a)
    answer = _send(
        client, tree, loaded.version, {"v__TT_LUOT": "1.480"}, {"v__TT_LUOT": "5"}, "merge-0001"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "saved" and answer.json()["merged"] is True
    # the phone's field and the colleague's field, both kept
    assert _stored(tree) == {"TT_LUOT": Decimal(1480), "TT_BUOI": Decimal(9)}


def test_a_field_changed_on_both_sides_differently_is_a_conflict_and_writes_nothing(
    client, personas, tree, monthly_form
):
    loaded = _started(personas, tree, monthly_form)
    _colleague(personas, tree, monthly_form, TT_LUOT=6)
    version = Submission.objects.get(pk=loaded.pk).version
    client.force_login(personas.officer_a)
    answer = _send(
        client, tree, loaded.version, {"v__TT_LUOT": "1.480"}, {"v__TT_LUOT": "5"}, "merge-0002"
    )
    assert answer.status_code == 409 and answer.json()["status"] == "conflict"
    assert _stored(tree) == {"TT_LUOT": Decimal(6), "TT_BUOI": Decimal(7)}
    assert Submission.objects.get(pk=loaded.pk).version == version


def test_the_same_change_on_both_sides_is_no_conflict(client, personas, tree, monthly_form):
    loaded = _started(personas, tree, monthly_form)
    _colleague(personas, tree, monthly_form, TT_LUOT=1480)
    client.force_login(personas.officer_a)
    answer = _send(
        client, tree, loaded.version, {"v__TT_LUOT": "1.480"}, {"v__TT_LUOT": "5"}, "merge-0003"
    )
    assert answer.status_code == 200 and answer.json()["merged"] is True
    assert _stored(tree) == {"TT_LUOT": Decimal(1480), "TT_BUOI": Decimal(7)}


def test_a_device_that_does_not_say_what_it_started_from_is_asked(
    client, personas, tree, monthly_form
):
    loaded = _started(personas, tree, monthly_form)
    _colleague(personas, tree, monthly_form, TT_BUOI=9)
    client.force_login(personas.officer_a)
    answer = _send(client, tree, loaded.version, {"v__TT_LUOT": "1.480"}, None, "merge-0004")
    assert answer.status_code == 409
    assert _stored(tree) == {"TT_LUOT": Decimal(5), "TT_BUOI": Decimal(9)}
