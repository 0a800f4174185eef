"""Test-run environment: settings that must be in place before Django loads."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("SECURE_SSL", "0")
