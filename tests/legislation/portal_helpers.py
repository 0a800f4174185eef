"""Set-up for the portal tests: a plan ratified as the legislative flow leaves it (a frozen
"ratified" version, stage `penetapan`, the Perkada record and the official PDF stored), and
a DPRD review with public and internal notes, a letter and the unit's answers."""

import hashlib
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from legislation.models import (
    Commission,
    DprdReview,
    ItemResponse,
    Ratification,
    RecommendationItem,
    RecommendationLetter,
    ReviewNote,
    Visibility,
)
from renstra.models import DocumentFile, Plan
from stages.models import Version
from stages.versions import version_freeze
from tests.stages.helpers import place


def official_pdf(plan: Plan, version: Version, marker: str = "") -> DocumentFile:
    """A done archival DocumentFile of `version` with a small stored file."""
    data = b"%PDF-1.7\n% official test file " + f"{plan.public_id} {marker}".encode() + b"\n%%EOF\n"
    sha = hashlib.sha256(data).hexdigest()
    now = timezone.now()
    document_file = DocumentFile(
        plan=plan,
        version_number=version.number,
        version_label=version.label,
        content_key=hashlib.sha256(f"key {sha}".encode()).hexdigest(),
        variant=DocumentFile.Variant.ARCHIVAL,
        status=DocumentFile.Status.DONE,
        requested_at=now,
        finished_at=now,
        sha256=sha,
        size=len(data),
        pages=1,
    )
    document_file.file.save(f"{sha}.pdf", ContentFile(data), save=False)
    document_file.save()
    return document_file


def ratify(plan: Plan, *, with_pdf: bool = True, perkada: str = "12 Tahun 2026") -> Ratification:
    """Ratify `plan` as the legislative flow does: freeze the ratified version, move to
    `penetapan`, record the Perkada (and the official PDF)."""
    version = version_freeze(plan=plan, label="Renstra ditetapkan", kind=Version.Kind.RATIFIED)
    document_file = official_pdf(plan, version) if with_pdf else None
    place(plan, "penetapan")
    return Ratification.objects.create(
        plan=plan,
        version=version,
        perkada_number=perkada,
        perkada_date=date(2026, 1, 15),
        signatory="Drs. Ahmad Uji",
        signatory_title="Bupati Uji",
        document=document_file,
        document_sha256=document_file.sha256 if document_file else "",
        ratified_at=timezone.now(),
        published_at=timezone.now(),
    )


def dprd_review(plan: Plan, member, *, internal: str, public: str, answer: str) -> DprdReview:
    """A DPRD review of `plan` (not yet ratified) with one internal and one public note,
    and a letter with one answered item. The texts are the given markers."""
    commission, _created = Commission.objects.get_or_create(
        region=plan.unit.region, name="Komisi IV"
    )
    commission.members.add(member)
    commission.partner_units.add(plan.unit)
    version = version_freeze(plan=plan, label="Rancangan untuk DPRD", kind=Version.Kind.DPRD)
    now = timezone.now()
    review = DprdReview.objects.create(
        plan=plan,
        version=version,
        commission=commission,
        window_start=now - timedelta(days=3),
        window_end=now + timedelta(days=11),
        submitted_at=now - timedelta(days=3),
    )
    for text, visibility in ((internal, Visibility.INTERNAL), (public, Visibility.PUBLIC)):
        ReviewNote.objects.create(
            review=review,
            plan=plan,
            member=member,
            kind="recommendation",
            visibility=visibility,
            text=text,
            where=f"{text} (letak)" if visibility == Visibility.INTERNAL else "",
            created_at=now,
        )
    letter = RecommendationLetter.objects.create(
        review=review,
        plan=plan,
        commission=commission,
        number=f"170/45/DPRD/{plan.pk}",
        date=date(2025, 12, 1),
        issued_at=now,
    )
    item = RecommendationItem.objects.create(
        letter=letter, position=1, text="Tambahkan indikator cakupan imunisasi."
    )
    ItemResponse.objects.create(
        item=item, status=ItemResponse.Status.PARTLY, reason=answer, responded_at=now
    )
    return review


def consultation(
    plan: Plan, author, *, visible: str, hidden: str, answer: str, comments: int = 0, title=""
):
    """A closed public consultation of `plan` with a visible comment answered by the unit
    (`visible`, `answer`), a comment hidden by a moderator (`hidden`) and `comments` more."""
    from participation.models import Comment, Consultation
    from participation.models.comments import OfficialResponse

    version = version_freeze(
        plan=plan, label="Rancangan konsultasi", kind=Version.Kind.CONSULTATION
    )
    now = timezone.now()
    made = Consultation.objects.create(
        plan=plan,
        version=version,
        kind=Consultation.Kind.PUBLIC,
        title=title or f"Konsultasi publik {plan.title}",
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=6),
        audience=Consultation.Audience.PUBLIC,
        status=Consultation.Status.CLOSED,
        closed_at=now - timedelta(days=5),
    )

    def comment(body, state=Comment.State.VISIBLE):
        return Comment.objects.create(
            consultation=made, plan=plan, version=version, author=author, body=body, state=state
        )

    answered = comment(visible)
    OfficialResponse.objects.create(
        comment=answered, kind=OfficialResponse.Kind.NOT_ACCEPTED, reason=answer
    )
    comment(hidden, state=Comment.State.HIDDEN)
    for i in range(comments):
        comment(f"Masukan tambahan {i}")
    return made
