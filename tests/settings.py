"""Settings for the test suite: the application's settings with a test secret."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("SECURE_SSL", "0")

from renstra.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test logins

# Switched on by the tests that prove them (tests/renstra/test_security.py):
# django-axes needs the request that the test client's login() does not pass, and the
# second factor would stop every administrator/ratifier fixture at the code page.
AXES_ENABLED = False
RENSTRA_REQUIRE_2FA = False
