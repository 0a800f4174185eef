"""Settings for the test suite: the application's settings with a test secret."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("SECURE_SSL", "0")

from renstra.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test logins
