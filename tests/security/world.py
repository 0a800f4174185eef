"""One object of every kind, for the permission matrix and the object probes.

`build_world(region, unit)` makes, for one unit of one region: plans in the stages the
flows need (a draft, one in verification, one in the inspectorate's review, one with an
open public consultation, one at the DPRD, one ratified and published), with a cascade,
sections, an issue, previous-period records, a team decree and agenda, a document file, a
version, desk and inspectorate items, comments with an attachment, a proposal, minutes, an
organisation with its document, a DPRD review with notes and a letter, an RPJMD with a
program and items. Every id any URL needs is in the returned `World`."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from legislation.models import RecommendationItem, RecommendationLetter
from participation.models import (
    Comment,
    Consultation,
    Membership,
    Minutes,
    Organisation,
    Proposal,
)
from participation.models.comments import CommentAttachment
from renstra.models import StrategicIssue
from renstra.models.plan import PerformanceRecord
from renstra.models.reference import Rpjmd, RpjmdMisi, RpjmdProgram
from renstra.services.roles import role_grant
from stages.models import (
    AgendaItem,
    InspectorateNote,
    ReviewItem,
    TeamDecree,
    TeamMember,
    VerificationReview,
    Version,
)
from stages.versions import version_freeze
from tests.factories import IndicatorFactory, PlanFactory, UserFactory, build_cascade
from tests.legislation.helpers import commission_for, dprd_member, submitted, technocratic_done
from tests.legislation.portal_helpers import official_pdf, ratify
from tests.stages.helpers import place


@dataclass
class World:
    region: Any
    unit: Any
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world(region, unit, *, tag: str) -> World:
    w = World(region, unit)
    o = w.objects
    now = timezone.now()
    author = UserFactory(username=f"penulis_{tag}")

    # The draft (rancangan): content, previous period, preparation, document file, version.
    draft = PlanFactory(unit=unit, title=f"Renstra draf {tag}")
    made = build_cascade(draft)
    o["draft"] = draft
    o["section"] = draft.sections.order_by("pk").first()
    o["chapter_number"] = o["section"].chapter.number
    o["element"] = made["sasaran"][0]
    o["leaf"] = made["sub_kegiatan"][0]
    o["indicator"] = IndicatorFactory(element=made["sasaran"][0], plan=draft)
    o["issue"] = StrategicIssue.objects.create(plan=draft, text=f"Isu {tag}")
    o["performance"] = PerformanceRecord.objects.create(plan=draft, indicator=f"IKU {tag}")
    decree = TeamDecree.objects.create(
        plan=draft, number=f"SK/{tag}", date=date(2026, 1, 2), signed_by="Bupati"
    )
    o["member"] = TeamMember.objects.create(decree=decree, name=f"Anggota {tag}")
    o["agenda"] = AgendaItem.objects.create(
        plan=draft,
        activity=f"Agenda {tag}",
        planned_start=date(2026, 1, 5),
        planned_end=date(2026, 1, 9),
    )
    o["version"] = version_freeze(plan=draft, label=f"Versi {tag}")
    o["document_file"] = official_pdf(draft, o["version"], marker=tag)
    place(draft, "rancangan")

    # In Bappeda's verification, with an item on the desk.
    verif = PlanFactory(unit=unit, title=f"Renstra verifikasi {tag}")
    sent = version_freeze(plan=verif, label="Diajukan", kind=Version.Kind.SUBMITTED)
    review = VerificationReview.objects.create(plan=verif, version=sent, opened_at=now)
    o["desk_item"] = ReviewItem.objects.create(review=review, text=f"Temuan {tag}", created_at=now)
    place(verif, "verifikasi")
    o["verif"] = verif

    # In the inspectorate's review, with a note.
    reviu = PlanFactory(unit=unit, title=f"Renstra reviu {tag}")
    reviewed = version_freeze(plan=reviu, label="Reviu", kind=Version.Kind.REVIEW)
    o["inspectorate_note"] = InspectorateNote.objects.create(
        plan=reviu, version=reviewed, text=f"Catatan {tag}"
    )
    place(reviu, "reviu_apip")
    o["reviu"] = reviu

    # An organisation with a representative (the stakeholder) and its document.
    org = Organisation.objects.create(
        region=region, name=f"LSM {tag}", kind="ngo", status="verified"
    )
    org.registration_document.save(
        f"akta-{tag}.pdf", ContentFile(b"%PDF-1.4\n% akta\n%%EOF\n"), save=True
    )
    o["organisation"] = org
    stakeholder = UserFactory(username=f"lsm_{tag}")
    Membership.objects.create(
        organisation=org,
        user=stakeholder,
        status=Membership.Status.APPROVED,
        is_representative=True,
    )
    role_grant(user=stakeholder, role="stakeholder", scope=org)
    o["stakeholder"] = stakeholder
    applicant = UserFactory(username=f"pemohon_{tag}")
    o["membership"] = Membership.objects.create(organisation=org, user=applicant)

    # A public consultation open now, with a comment and its attachment, and a proposal.
    consult = PlanFactory(unit=unit, title=f"Renstra konsultasi {tag}")
    consulted = version_freeze(plan=consult, label="Konsultasi", kind=Version.Kind.CONSULTATION)
    o["consultation"] = Consultation.objects.create(
        plan=consult,
        version=consulted,
        kind=Consultation.Kind.PUBLIC,
        title=f"Konsultasi publik {tag}",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=7),
        audience=Consultation.Audience.PUBLIC,
    )
    comment = Comment.objects.create(
        consultation=o["consultation"],
        plan=consult,
        version=consulted,
        author=author,
        body=f"Komentar {tag}",
    )
    o["comment"] = comment
    data = b"%PDF-1.4\n% lampiran\n%%EOF\n"
    attachment = CommentAttachment(
        comment=comment,
        name="lampiran.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    attachment.file.save("lampiran.pdf", ContentFile(data), save=True)
    o["attachment"] = attachment
    o["proposal"] = Proposal.objects.create(
        plan=consult, source="musrenbang", proposer_name=f"Desa {tag}", description="Usulan"
    )
    o["minutes"] = Minutes.objects.create(
        consultation=o["consultation"], number=f"BA/{tag}", held_on=date(2026, 1, 5)
    )
    o["consult_version"] = consulted
    place(consult, "rancangan")
    o["consult"] = consult

    # At the DPRD, submitted through the legislation services (their stage hooks give the
    # commission's members access): a review with a letter item.
    dprd = PlanFactory(unit=unit, title=f"Renstra DPRD {tag}")
    technocratic_done(dprd)
    dprd_user = dprd_member(region, f"dprd_{tag}")
    o["dprd_user"] = dprd_user
    sender = UserFactory(username=f"kepala_kirim_{tag}")
    role_grant(user=sender, role="head", scope=unit)
    review = submitted(dprd, sender, commission_for(unit, [dprd_user], name=f"Komisi {tag}"))
    o["review"] = review
    letter = RecommendationLetter.objects.create(
        review=review,
        plan=dprd,
        commission=review.commission,
        number=f"170/{tag}/DPRD",
        date=date(2026, 2, 1),
        issued_at=now,
    )
    o["letter_item"] = RecommendationItem.objects.create(
        letter=letter, position=1, text=f"Rekomendasi {tag}"
    )
    dprd.refresh_from_db()
    o["dprd"] = dprd

    # Ratified and published.
    ratified = PlanFactory(unit=unit, title=f"Renstra ditetapkan {tag}")
    o["ratification"] = ratify(ratified)
    o["ratified"] = ratified

    # The region's RPJMD reference (one per region: two units of a region share it).
    rpjmd, _ = Rpjmd.objects.get_or_create(region=region, start_year=2025, end_year=2029)
    o["rpjmd"] = rpjmd
    o["rpjmd_program"], _ = RpjmdProgram.objects.get_or_create(
        rpjmd=rpjmd, code="1.02.02", defaults={"name": "Program"}
    )
    o["rpjmd_misi"], _ = RpjmdMisi.objects.get_or_create(
        rpjmd=rpjmd, code="M1", defaults={"text": "Misi"}
    )
    return w
