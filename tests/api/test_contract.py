"""The API does what its OpenAPI schema says: schemathesis (every check, positive and
negative data) against the real application, anonymously and with a member's read and
write tokens, and openapi-spec-validator on the schema."""

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode

from tests.api.conftest import InTestTransaction
from tests.api.test_tokens_and_writes import create_token

pytestmark = pytest.mark.django_db


# Creating a post follows the composer's rules, which depend on data and not on the
# request's shape: a network audience needs membership of that network, kudos need a
# member, an item or promise must exist and be visible, competences must be in the
# vocabulary. Such a request, valid by the schema, is a documented 400 that says which
# field and why; every other operation must accept every schema-valid request.
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-operation-id": "posts_create",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": [
                            "2xx",
                            "3xx",
                            "400",
                            "401",
                            "403",
                            "404",
                            "409",
                            "429",
                            "5xx",
                        ]
                    }
                },
            }
        ]
    }
)


def run_schemathesis(*, max_examples: int = 10, only: str = "", **call_kwargs) -> int:
    """Every operation, positive and negative data, all of schemathesis's checks;
    returns how many operations ran (hypothesis raises on the first failure)."""
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", InTestTransaction(), config=CONFIG
    )
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if only in result.ok().label
    ]
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


@pytest.mark.parametrize("scope", ["read", "write"])
def test_api_answers_as_its_schema_says_to_a_token(api_world, scope):
    """With ``Authorization: Bearer``: reads as the member, writes (write scope) or a
    documented 403 (read scope), never a 500 or an undocumented answer."""
    secret = create_token(api_world["employee"], scope=scope)
    headers = {"Authorization": f"Bearer {secret}"}
    assert run_schemathesis(headers=headers) >= 5


def test_schema_is_valid_openapi(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    validate(yaml.safe_load(response.content))
