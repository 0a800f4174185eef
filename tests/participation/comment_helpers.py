"""Set-up for the comment tests: a plan with a section text, an open public consultation,
a verified NGO with a member."""

from renstra.models import Section
from renstra.services.history import tracked_save
from tests.participation.helpers import make_member, make_organisation, open_consultation

TEXT = (
    "<p>Angka stunting masih tinggi di desa terpencil. "
    "Pelayanan posyandu perlu diperkuat dengan kader terlatih.</p>"
    "<p>Anggaran kesehatan &amp; gizi naik setiap tahun.</p>"
)


def write_section(plan, body=TEXT, number="1.1"):
    section = Section.objects.get(plan=plan, number=number)
    section.body = body
    tracked_save(section, actor=None, reason="uji")
    return section


def setup_consultation(plan, planner, **kwargs):
    section = write_section(plan)
    consultation = open_consultation(plan, planner, **kwargs)
    org = make_organisation(plan.unit.region, name="LSM Gizi Desa")
    member = make_member(org, username="anggota_lsm")
    return consultation, section, org, member
