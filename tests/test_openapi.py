"""The JSON API keeps to its OpenAPI description (/api/v1/openapi.json), checked by schemathesis:
generated valid and invalid requests, never a 500, every answer as described."""

from __future__ import annotations

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from portal.api import openapi
from portal.stats import figures

from .test_hostile import load_small_demo


def test_the_description_is_served_and_names_every_api_address(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    described = set(document["paths"])
    routes = {
        rule.rule.replace("<path:code>", "{code}").replace("<period>", "{period}")
        for rule in client.application.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi"
    }
    # /stats/<period> answers the CSV too, when the period ends in .csv.
    assert described == routes | {"/api/v1/stats/{period}.csv"}
    assert {k: v for k, v in document.items() if k != "servers"} == json.loads(
        json.dumps(openapi.DOCUMENT)
    )


def test_the_description_has_every_figure_the_statistics_publish():
    totals = openapi.SCHEMAS["Totals"]["properties"]
    flat = {
        f"{name}.{sub}" if "properties" in schema else name
        for name, schema in totals.items()
        for sub in schema.get("properties", [None])
    }
    assert flat == set(figures.FIELD_KEYS)
    assert set(openapi.SCHEMAS["Rates"]["properties"]) == set(figures.RATE_KEYS)


schema = schemathesis.openapi.from_dict(openapi.DOCUMENT)


@pytest.fixture
def api_app(app):
    """The app on a small published demo province, so that answers have something in them."""
    load_small_demo(app)
    return app


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_described(case, api_app):
    excluded = []
    if "{period}" in case.operation.path:
        # "2030-01..2022-01" fits the period pattern yet is rightly refused (400): a range
        # must not end before it starts, which a pattern cannot say.
        excluded.append(positive_data_acceptance)
    if "active" in (case.query or {}):
        # Likewise "2025-02-30" fits the date pattern of active= and is rightly refused.
        excluded.append(positive_data_acceptance)
    response = case.call_and_validate(app=api_app, excluded_checks=excluded)
    assert response.status_code < 500
    assert "Traceback" not in response.text
