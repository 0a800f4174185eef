"""The workspace page costs the same number of queries for the sample and for ten times it."""

import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renstra.exchange.importer import exchange_import
from renstra.models import Element
from tests.renstra.exchange_helpers import MAKE_LARGE, SAMPLE


def _large(tmp_path, scale: int) -> bytes:
    out = tmp_path / f"plan-x{scale}.json"
    subprocess.run(  # noqa: S603 - this interpreter running the shared generator
        [sys.executable, str(MAKE_LARGE), str(SAMPLE), "--scale", str(scale), "-o", str(out)],
        check=True,
    )
    return out.read_bytes()


def _queries(client, plan) -> int:
    url = reverse("renstra:workspace", args=[plan.public_id])
    assert client.get(url).status_code == 200  # warm: session, content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_workspace_query_count_does_not_grow_with_the_plan(client, superuser, tmp_path):
    small = exchange_import(
        content=_large(tmp_path, 1), filename="x1.json", actor=superuser, region_create=True
    )
    large = exchange_import(content=_large(tmp_path, 10), filename="x10.json", actor=superuser)
    assert Element.objects.filter(plan=large, kind="sub_kegiatan").count() == 410
    client.force_login(superuser)
    assert _queries(client, small) == _queries(client, large)
