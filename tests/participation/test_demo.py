"""The participation demo data (provider "demo_seed") is complete and idempotent."""

import pytest

from participation.demo import demo_seed
from participation.models import Membership, Organisation, Proposal
from tests.factories import UserFactory
from tests.participation.helpers import make_organisation
from tests.participation.test_proposals import _program

pytestmark = pytest.mark.django_db


def test_demo_seed(plan, planner, region):
    make_organisation(region, "LSM Sehat Bersama")
    program = _program(plan)
    users = {"perencana": planner, "lsm": UserFactory(username="lsm_demo")}
    demo_seed(plan=plan, users=users)
    demo_seed(plan=plan, users=users)  # again: nothing more
    assert Membership.objects.get(user=users["lsm"]).is_representative
    assert Organisation.objects.filter(region=region).count() == 3
    by_status = dict(Proposal.objects.values_list("source", "status"))
    assert by_status == {"musrenbang": "answered", "innovation": "declined", "pokir": "open"}
    assert Proposal.objects.get(source="musrenbang").element == program
