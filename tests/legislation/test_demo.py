"""The demo data of the legislative flow: Komisi IV partners the demo unit (idempotent)."""

import pytest

from legislation.models import Commission
from legislation.services import partner_commissions
from renstra.services.demo import demo_seed

pytestmark = pytest.mark.django_db


def test_demo_has_a_commission_partnering_the_demo_unit():
    result = demo_seed()
    demo_seed()
    commission = Commission.objects.get()
    assert commission.name == "Komisi IV"
    assert list(partner_commissions(result.plan)) == [commission]
    assert list(commission.members.values_list("username", flat=True)) == ["dprd"]
