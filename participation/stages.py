"""The participatory flow's stages in the core table (domain.md §3 stage 3a and the public
consultation). Registered from ParticipationConfig.ready().

- forum_pd "Forum Perangkat Daerah" (also the joint forum across units): opened from the
  initial draft or the draft, freezing the consultation version; closed by recording the
  minutes (berita acara), back to the stage it came from.
- konsultasi_publik "Konsultasi publik": opened from the initial draft, the draft or the
  final draft, freezing the consultation version; closed by the unit, back to where it
  came from.

Neither stage locks the plan: the consulted text is the frozen version, and the unit keeps
working (answering input) on the live draft meanwhile.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

FORUM_STAGE = "forum_pd"
PUBLIC_STAGE = "konsultasi_publik"
FORUM_SOURCES = ("rancangan_awal", "rancangan")
PUBLIC_SOURCES = ("rancangan_awal", "rancangan", "rancangan_akhir")
CONSULTATION_STAGES = (FORUM_STAGE, PUBLIC_STAGE)


def register() -> None:
    from stages.transitions import Flow, allow, register_stage

    P = Flow.PARTICIPATORY
    register_stage(FORUM_STAGE, _("Forum Perangkat Daerah"), flow=P, locked=False, order=35)
    register_stage(PUBLIC_STAGE, _("Konsultasi publik"), flow=P, locked=False, order=36)
    for source in FORUM_SOURCES:
        allow(
            source,
            FORUM_STAGE,
            need="edit",
            label=_("Buka Forum Perangkat Daerah"),
            freeze="consultation",
        )
        allow(FORUM_STAGE, source, need="edit", label=_("Tutup Forum PD (berita acara)"))
    for source in PUBLIC_SOURCES:
        allow(
            source,
            PUBLIC_STAGE,
            need="edit",
            label=_("Buka konsultasi publik"),
            freeze="consultation",
        )
        allow(PUBLIC_STAGE, source, need="edit", label=_("Tutup konsultasi publik"))


def transition_page(plan, move) -> str | None:
    """Provider "transition_page": consultations open on the consultation page (window,
    audience, place, agenda); a forum closes with its minutes, a public consultation with
    the close form."""
    if move.target in CONSULTATION_STAGES:
        return reverse("participation:plan_consultations", args=[plan.public_id])
    if move.source in CONSULTATION_STAGES:
        from .models import Consultation

        consultation = (
            Consultation.objects.filter(plan=plan, stage_record__closed_at__isnull=True)
            .only("public_id")
            .first()
        )
        if consultation is not None:
            return reverse("participation:consultation_manage", args=[consultation.public_id])
        return reverse("participation:plan_consultations", args=[plan.public_id])
    return None
