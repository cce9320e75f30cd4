import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many logins; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_client(client, db):
    """A client logged in as a superuser with staff access to the admin."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "x" * 16)
    client.force_login(user)
    return client
