"""Request ids and JSON log lines (renstra/observability.py)."""

import json
import logging
import re

import pytest
from django.urls import reverse

from renstra.observability import JsonFormatter, RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """Log records as the console handler sees them (the request-id filter applied)."""
    captured: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            captured.append(record)

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("renstra.requests")
    logger.addHandler(handler)
    yield captured
    logger.removeHandler(handler)


def test_request_id_is_generated_returned_and_logged(client, records):
    response = client.get(reverse("login"))
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    record = records[-1]
    assert record.request_id == request_id
    assert (record.method, record.path, record.status) == ("GET", reverse("login"), 200)
    assert record.duration_ms >= 0


def test_the_proxys_request_id_is_kept(client, records):
    response = client.get(reverse("login"), headers={"X-Request-ID": "nginx-abc123"})
    assert response["X-Request-ID"] == "nginx-abc123"
    assert records[-1].request_id == "nginx-abc123"


def test_a_malformed_request_id_is_replaced(client):
    response = client.get(reverse("login"), headers={"X-Request-ID": "bad id\r\nX-Evil: 1"})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_logger_gets_the_request_id_during_the_request(client, records, monkeypatch):
    seen = []
    from renstra.views import health as health_view

    original = health_view.run_checks

    def run_checks(skip):
        record = logging.LogRecord("any.logger", logging.INFO, __file__, 1, "x", (), None)
        RequestIdFilter().filter(record)
        seen.append(record.request_id)
        return original(skip)

    monkeypatch.setattr(health_view, "run_checks", run_checks)
    response = client.get(reverse("health") + "?skip=worker")
    assert seen == [response["X-Request-ID"]]
    assert request_id_var.get() == "-"  # reset after the request


def test_json_formatter_writes_one_object_per_line():
    record = logging.LogRecord(
        "renstra.requests", logging.INFO, __file__, 1, "GET %s %s", ("/x/", 200), None
    )
    record.status = 200
    record.path = "/x/"
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /x/ 200"
    assert entry["level"] == "INFO" and entry["logger"] == "renstra.requests"
    assert entry["request_id"] == "-"
    assert entry["status"] == 200 and entry["path"] == "/x/"
    assert entry["time"].endswith("+00:00")


def test_exceptions_are_in_the_json_line():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]


def test_djangos_own_error_log_carries_the_request_id(client):
    """django.request logs 4xx/5xx after the middleware returned: the id comes from the
    request attached to the record."""
    captured: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            captured.append(record)

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.post(reverse("health"))  # 405, logged as a warning by Django
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 405
    assert captured and captured[-1].request_id == response["X-Request-ID"]
    assert (
        json.loads(JsonFormatter().format(captured[-1]))["request_id"] == (response["X-Request-ID"])
    )
