"""DHIS2's Web API beside antq's own: what a DHIS2 client (dhis2.py,
dhis2-client, a DHIS2 instance's own exchange) calls, answered as DHIS2 2.40
answers it. The data go through the same importer, checks and scope as
everything else (`antq.indicators.importers`); this package only reads and
writes DHIS2's formats and names (docs/dhis2.md).

- `readers`: a request body (JSON, CSV, DXF2 XML, ADX) → the set's fields and its rows
- `imports`: POST dataValueSets: parameters, the set's fields, async jobs
- `exports`: GET dataValueSets in JSON, CSV, XML and ADX
- `metadata`: system/info, dataSets, dataElements, organisationUnits, categoryOptionCombos
- `answers`: DHIS2's WebMessage, in Vietnamese or English
- `views`: the endpoints (mounted by `antq.api.dhis2`, which authenticates)
"""
