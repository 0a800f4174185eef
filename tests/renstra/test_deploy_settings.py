"""Production settings: `manage.py check --deploy` is clean with the production
environment, and the environment switches the shared cache, sessions, storage and proxy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "renstra.example.go.id",
    "CSRF_TRUSTED_ORIGINS": "https://renstra.example.go.id",
    "DJANGO_SETTINGS_MODULE": "renstra.settings",
}


def _run(code_or_args: list[str], **env: str) -> subprocess.CompletedProcess:
    # Not what a production process has: test switches, and the browser tests' async
    # override (set in this worker's environment while a live server runs).
    test_only = {"DEBUG", "TESTING", "SECURE_SSL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in test_only}
    clean.update(PRODUCTION_ENV)
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *code_or_args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _setting(expr: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expr})"
    result = _run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_is_clean_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_fails_without_secret_key():
    result = _run(["manage.py", "check", "--deploy"], SECRET_KEY="")
    assert result.returncode != 0
    assert "renstra.E001" in result.stderr


def test_production_security_settings():
    values = _setting(
        "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, settings.X_FRAME_OPTIONS, "
        "settings.SECURE_REFERRER_POLICY, settings.SECURE_PROXY_SSL_HEADER, "
        "settings.USE_X_FORWARDED_HOST, settings.CSRF_TRUSTED_ORIGINS, settings.RENSTRA_REQUIRE_2FA"
    )
    assert values == (
        "True True True 31536000 DENY same-origin ('HTTP_X_FORWARDED_PROTO', 'https') False "
        "['https://renstra.example.go.id'] True"
    )


def test_csp_allows_no_inline_script_or_style():
    csp = _setting("settings.SECURE_CSP")
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp


def test_redis_url_switches_cache_and_sessions():
    out = _setting(
        "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION'], "
        "settings.SESSION_ENGINE",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert out == (
        "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/3 "
        "django.contrib.sessions.backends.cached_db"
    )
    assert _setting("settings.CACHES['default']['BACKEND']").endswith("LocMemCache")


def test_s3_bucket_switches_media_storage():
    out = _setting(
        "settings.STORAGES['default']['BACKEND'], settings.STORAGES['default']['OPTIONS']",
        S3_BUCKET="renstra-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.go.id",
    )
    assert out.startswith("storages.backends.s3.S3Storage")
    assert "'bucket_name': 'renstra-media'" in out
    assert "'endpoint_url': 'https://s3.example.go.id'" in out
    assert "FileSystemStorage" in _setting("settings.STORAGES['default']['BACKEND']")


def test_forwarded_host_is_opt_in():
    assert _setting("settings.USE_X_FORWARDED_HOST", USE_X_FORWARDED_HOST="1") == "True"


def test_database_connections_are_persistent_and_health_checked():
    out = _setting(
        "settings.DATABASES['default']['CONN_MAX_AGE'], "
        "settings.DATABASES['default']['CONN_HEALTH_CHECKS']",
        DATABASE_URL="postgres://renstra@db.example/renstra",
        CONN_MAX_AGE="300",
    )
    assert out == "300 True"


@pytest.mark.parametrize("module", ["renstra.wsgi", "renstra.asgi"])
def test_the_web_entry_points_load_with_production_settings(module):
    result = _run(["-c", f"import {module}; print('ok')"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
