"""Fixtures for the renstra tests."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """LocaleMiddleware activates the request's language in the test's thread and leaves it
    active. After a test that switches to English (set_language), later tests in the same
    worker would otherwise get English messages from the English catalogue."""
    yield
    translation.deactivate()
