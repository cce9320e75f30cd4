import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import settings as hypothesis_settings

from editorial.roles import EDITOR, PUBLISHER
from tests.factories import make_staff_user

# Fuzz tests: "ci" (the default) is repeatable, with a fixed number of examples and no
# deadline (a shared CI machine is slow at times); HYPOTHESIS_PROFILE=explore searches wider.
hypothesis_settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=300, database=None, print_blob=True
)
hypothesis_settings.register_profile("explore", deadline=None, max_examples=2000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many logins; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Pages are tested uncached; tests/lmc_site/test_caching.py turns the page cache on.

    The caches are in memory, which is faster than the files production uses; the two-process
    test (tests/lmc_site/test_two_processes.py) runs servers on the file cache.
    """
    settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "pages")
    }


@pytest.fixture
def staff_client(client, db):
    """A client logged in as a superuser with staff access to the admin."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "x" * 16)
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(db):
    """A client logged in as a staff member in the Editor group."""
    client = Client()
    client.force_login(make_staff_user("writer", EDITOR))
    return client


@pytest.fixture
def publisher_client(db):
    """A client logged in as a staff member in the Publisher group."""
    client = Client()
    client.force_login(make_staff_user("publisher", PUBLISHER))
    return client


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder, never into the repository's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
