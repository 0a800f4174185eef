import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from renstra.checks import require_secret_key, secret_key_required


def test_secret_key_is_required_when_debug_is_off():
    with override_settings(DEBUG=False, SECRET_KEY=""):
        assert [e.id for e in secret_key_required()] == ["renstra.E001"]
        with pytest.raises(ImproperlyConfigured):
            require_secret_key()
    with override_settings(DEBUG=False, SECRET_KEY="set"):
        assert secret_key_required() == []
        require_secret_key()
