"""Schemathesis over the served OpenAPI document: generated requests never get a 5xx, and every response (status,
content type, body) matches what the schema documents. Bounded: a few examples per operation.

(schemathesis' own pytest integration, `from_fixture`, does not run under pytest 9, so each operation is driven
here through Hypothesis directly.)"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from regkg.api.app import create_app
from regkg.settings import load_settings

MAX_EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
OPERATIONS = sorted((method.upper(), path) for path, ops in create_app(load_settings(api_token=None)).openapi()[
    "paths"].items() for method in ops)


@pytest.fixture(scope="session")
def api_schema(api):
    """The OpenAPI document the running server serves."""
    return schemathesis.openapi.from_url(f"{api}/openapi.json")


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_generated_requests_match_the_schema(api_schema, method, path):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=CHECKS, timeout=60)

    run()
