"""The shared sample plan (a faithful, consistent document) has no error finding."""

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

from renstra.models import Plan
from stages.verification import verify_plan

SAMPLE = (
    Path(__file__).resolve().parents[3] / "shared" / "interchange" / "sample-dinkes-contoh.json"
)

pytestmark = [
    pytest.mark.skipif(
        "import_renstra" not in get_commands(),
        reason="the import_renstra command (renstra/exchange) is not there yet",
    ),
    pytest.mark.skipif(not SAMPLE.exists(), reason=f"sample not found at {SAMPLE}"),
]


def import_sample(path: Path = SAMPLE) -> Plan:
    out = StringIO()
    call_command("import_renstra", str(path), "--region-create", stdout=out)
    public_id = out.getvalue().strip().splitlines()[-1].strip()
    return Plan.objects.select_related("unit__region").get(public_id=public_id)


@pytest.mark.django_db
def test_sample_has_no_error_findings():
    plan = import_sample()
    findings = verify_plan(plan)
    errors = [f.to_json() for f in findings if f.is_error]
    assert errors == []
    # What remains are true findings of the sample: output indicators of kegiatan and
    # sub kegiatan printed without a formula or a data source (V16, SMART).
    counts = Counter((f.rule, f.field) for f in findings)
    assert set(counts) <= {("V16", "formula"), ("V16", "data_source")}, counts
