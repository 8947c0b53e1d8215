import pytest
from rest_framework.test import APIClient

from accounts import services
from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user_password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def user(db) -> User:
    return UserFactory(email="ann@example.com", name="Ann Example")


@pytest.fixture
def tokens(user) -> services.TokenPair:
    return services.token_pair_issue(user=user)


@pytest.fixture
def auth_client(tokens) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.access}")
    return client


@pytest.fixture
def throttle_rates(settings):
    """Sets small limits for one scope: `throttle_rates(login="2/min")`."""

    def apply(**rates: str) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
        }

    return apply
