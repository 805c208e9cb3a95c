"""The API does what its OpenAPI schema says: schemathesis (every check, positive and
negative data) against the real application, and openapi-spec-validator on the schema."""

import pytest
import schemathesis
import yaml
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis.generation.modes import GenerationMode

pytestmark = pytest.mark.django_db


def run_schemathesis(*, max_examples: int = 10, **call_kwargs) -> int:
    """Every operation, positive and negative data, all of schemathesis's checks;
    returns how many operations ran (hypothesis raises on the first failure)."""
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application()
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in GenerationMode:

            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(
                max_examples=max_examples,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                case.call_and_validate(**call_kwargs)

            try:
                check()
            except Unsatisfiable:
                # No invalid request exists for an operation without parameters.
                assert mode is GenerationMode.NEGATIVE
    return len(operations)


def test_api_answers_as_its_schema_says_to_a_visitor(api_world):
    assert run_schemathesis() >= 5


def test_schema_is_valid_openapi(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    validate(yaml.safe_load(response.content))
