"""The site's settings with a fast password hasher, for tests that run the site in a process
of its own and sign in many times: the real hasher is slow on purpose."""

from lmc_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
