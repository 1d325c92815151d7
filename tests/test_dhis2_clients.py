"""Two DHIS2 clients from PyPI, unpatched, against antq's live test server
(issue 26): they post, read back, dry-run and delete, as they would against
a DHIS2 server. dhis2-client speaks httpx, dhis2.py requests."""

import pytest
from dhis2 import Api
from dhis2.utils import import_response_ok
from dhis2_client import DHIS2Client
from dhis2_client.errors import DHIS2HTTPError

from antq.indicators.models import DataValue
from antq.indicators.services import catalogue_load
from conftest import PASSWORD

FORM, A, B = "AU22dybCodT", "mYatoOgQjSD", "h6XlqEJegSF"
TT_BUOI, TT_LUOT = "TMGq00zsI6m", "sdI4nE2XpS4"
SET = {
    "dataSet": FORM,
    "period": "202607",
    "orgUnit": A,
    "dataValues": [
        {"dataElement": TT_BUOI, "categoryOptionCombo": "HllvX50cXC0", "value": "4"},
        {"dataElement": TT_LUOT, "categoryOptionCombo": "HllvX50cXC0", "value": "120"},
    ],
}
READ = {"dataSet": FORM, "period": "202607", "orgUnit": A, "includeUnapproved": "true"}


@pytest.fixture
def served(live_server, personas, tree):
    catalogue_load()
    return live_server.url


def stored() -> dict[str, int]:
    return {v.indicator.code: int(v.value) for v in DataValue.objects.select_related("indicator")}


def test_dhis2_client_posts_reads_back_dry_runs_and_deletes(served):
    client = DHIS2Client(served, username="xa.a", password=PASSWORD)
    assert client.get_system_info()["version"].startswith("2.")
    dry = client.post("/api/dataValueSets", params={"dryRun": "true"}, json=SET)
    assert dry["response"]["importCount"]["imported"] == 2 and stored() == {}
    done = client.post_data_value_set(SET)
    assert done["status"] == "OK" and done["response"]["importCount"]["imported"] == 2
    back = client.get_data_value_set(READ)
    assert {(v["dataElement"], v["value"]) for v in back["dataValues"]} == {
        (TT_BUOI, "4"), (TT_LUOT, "120"),
    }  # fmt: skip
    deleted = client.post("/api/dataValueSets", params={"importStrategy": "DELETE"}, json=SET)
    assert deleted["response"]["importCount"]["deleted"] == 2 and stored() == {}
    units = client.fetch_all("/api/organisationUnits", params={"fields": "id,code"}, page_size=2)
    assert {"id": A, "code": "06688"} in units
    with pytest.raises(DHIS2HTTPError) as refused:
        client.post_data_value_set(SET | {"orgUnit": B})
    assert refused.value.status_code == 409 and "E7617" in str(refused.value.payload)


def test_dhis2_py_posts_reads_back_dry_runs_and_deletes(served):
    api = Api(served, "xa.a", PASSWORD)
    assert api.version_int == 40
    dry = api.post("dataValueSets", json=SET, params={"dryRun": True}).json()
    assert dry["response"]["importCount"]["imported"] == 2 and stored() == {}
    done = api.post("dataValueSets", json=SET).json()
    assert import_response_ok(done["response"])
    back = api.get("dataValueSets", params=READ).json()  # GET /api/dataValueSets.json
    assert {v["value"] for v in back["dataValues"]} == {"4", "120"}
    deleted = api.post("dataValueSets", json=SET, params={"importStrategy": "DELETE"}).json()
    assert deleted["response"]["importCount"]["deleted"] == 2 and stored() == {}
    units = api.get_paged(
        "organisationUnits", params={"fields": "id,code"}, page_size=2, merge=True
    )
    assert {"id": A, "code": "06688"} in units["organisationUnits"]
    versioned = Api(served, "xa.a", PASSWORD, api_version=40)
    assert versioned.get("system/info").json()["version"].startswith("2.")
