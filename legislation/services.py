"""The writers of the legislative flow (domain.md §2–§4).

Stage changes go through the transition primitive (`stages.services.transition`); every
write records its actor and a change reason in the history. Keyword-only, typed.
"""

import hashlib
import html
import logging
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from renstra.access import plan_access
from renstra.models import Element, Indicator, Plan, Region, Section
from renstra.services.history import attribute, tracked_save
from renstra.services.plans import plan_assert_editable
from stages.errors import TransitionForbidden, TransitionNotAllowed
from stages.models import Version
from stages.services import transition
from stages.transitions import get_stage, get_transition, stage_label

from .errors import (
    ItemsUnanswered,
    NoPartnerCommission,
    NotCommissionMember,
    PlanRatified,
    RatificationRefused,
    ReviewWindowClosed,
    ScanInvalid,
)
from .models import (
    Commission,
    DprdReview,
    FlagshipLink,
    FlagshipProgram,
    ItemResponse,
    NoteKind,
    NoteTarget,
    Ratification,
    RecommendationItem,
    RecommendationLetter,
    RegionSetting,
    ReviewNote,
    Visibility,
)

logger = logging.getLogger(__name__)

DPRD_STAGE = "pembahasan_dprd"
RATIFIED_STAGE = "penetapan"

# Set by plan_ratify around its move into penetapan: the plan it is ratifying.
_ratifying: ContextVar[int | None] = ContextVar("legislation_ratifying", default=None)


def ratification_guard(*, plan: Plan, actor: Any) -> None:
    """The guard of reviu_selesai → penetapan: only plan_ratify makes that move (it checks
    the checklist and records the Perkada). Any other call of the transition primitive
    (another view, the shell) is refused, naming what is missing; nothing is written."""
    if _ratifying.get() == plan.pk:
        return
    unmet = [str(p.label) for p in ratification_checklist(plan) if not p.met]
    unmet.append(_("nomor, tanggal dan penandatangan Perkada, dicatat di halaman penetapan"))
    raise RatificationRefused(unmet=unmet)


VERSION_PERM = "stages.view_version"


def _user(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


def plain_text(value: str) -> str:
    """`value` as plain text: markup and scripts removed, entities back to characters
    (templates escape it again when they print it)."""
    return html.unescape(nh3.clean(value or "", tags=set())).strip()


def _is_final(plan: Plan) -> bool:
    try:
        return get_stage(plan.stage).final
    except LookupError:
        return False


def _assert_not_ratified(plan: Plan) -> None:
    if _is_final(plan):
        raise PlanRatified


# --- The DPRD of a region --------------------------------------------------------------


def region_setting(region: Region) -> RegionSetting:
    """The region's setting (an unsaved default — consultative — when none is stored)."""
    found = RegionSetting.objects.filter(region=region).first()
    return found or RegionSetting(region=region)


def region_setting_set(
    *, region: Region, actor: Any, dprd_approval_required: bool, review_window_days: int = 14
) -> RegionSetting:
    """Store how the region runs the DPRD consultation. Needs `administer_region`."""
    if not (
        getattr(actor, "is_superuser", False) or actor.has_perm("renstra.administer_region", region)
    ):
        raise PermissionDenied
    setting = region_setting(region)
    setting.dprd_approval_required = dprd_approval_required
    setting.review_window_days = review_window_days
    tracked_save(setting, actor=actor, reason=_("Pengaturan DPRD daerah diubah"))
    return setting


def dprd_members(region: Region) -> list[Any]:
    """The users holding the DPRD member role on `region` (the region's DPRD). One query."""
    users = get_users_with_perms(
        region,
        only_with_perms_in=["dprd_review_region"],
        with_superusers=False,
        with_group_users=True,
    )
    return [user for user in users if getattr(user, "is_active", False)]


def is_dprd_member(user: Any, region: Region) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm("renstra.dprd_review_region", region)
    )


@transaction.atomic
def commission_save(
    *,
    region: Region,
    actor: Any,
    name: str,
    field: str = "",
    members: Sequence[Any] = (),
    partner_units: Sequence[Any] = (),
    commission: Commission | None = None,
) -> Commission:
    """Create or change a commission of the region's DPRD. Members must hold the DPRD
    member role on the region, partner units must belong to it. Raises ValidationError."""
    members, partner_units = list(members), list(partner_units)
    outsiders = [str(m) for m in members if not is_dprd_member(m, region)]
    if outsiders:
        raise ValidationError(
            {
                "members": _("Bukan anggota DPRD daerah ini: %(names)s.")
                % {"names": ", ".join(outsiders)}
            }
        )
    foreign = [str(u) for u in partner_units if u.region_id != region.pk]
    if foreign:
        raise ValidationError(
            {
                "partner_units": _("Bukan perangkat daerah di daerah ini: %(u)s.")
                % {"u": ", ".join(foreign)}
            }
        )
    commission = commission or Commission(region=region)
    commission.name = name.strip()
    commission.field = field.strip()
    tracked_save(commission, actor=actor, reason=_("Komisi DPRD disimpan"))
    commission.members.set(members)
    commission.partner_units.set(partner_units)
    return commission


def partner_commissions(plan: Plan):
    return Commission.objects.filter(region_id=plan.unit.region_id, partner_units=plan.unit_id)


# --- Flagship programs (political approach) ---------------------------------------------


def flagship_program_save(
    *,
    rpjmd: Any,
    actor: Any,
    code: str,
    name: str,
    description: str = "",
    units: Sequence[Any] = (),
    program: FlagshipProgram | None = None,
) -> FlagshipProgram:
    """Create or change a flagship program of the head of region (reference data)."""
    program = program or FlagshipProgram(rpjmd=rpjmd)
    program.code = code.strip()
    program.name = name.strip()
    program.description = description.strip()
    tracked_save(program, actor=actor, reason=_("Program unggulan disimpan"))
    program.units.set(list(units))
    return program


@transaction.atomic
def flagship_links_set(
    *, plan: Plan, element: Element, flagships: list[FlagshipProgram], actor: Any
) -> list[FlagshipLink]:
    """Set which flagship programs a goal (tujuan or sasaran) of `plan` serves.

    Needs `edit` on the plan and an editable plan (PlanLocked otherwise); flagship programs
    must belong to the plan's RPJMD. Links removed and added are kept in the history.
    Returns the element's links now."""
    if not plan_access(actor, plan).edit:
        raise PermissionDenied
    plan_assert_editable(plan)
    if element.plan_id != plan.pk or element.kind not in {"tujuan", "sasaran"}:
        raise ValidationError({"element": _("Pilih tujuan atau sasaran rencana ini.")})
    wrong = [str(f) for f in flagships if f.rpjmd_id != plan.rpjmd_id]
    if wrong:
        raise ValidationError(
            {
                "flagships": _("Bukan program unggulan RPJMD rencana ini: %(f)s.")
                % {"f": ", ".join(wrong)}
            }
        )
    wanted = {f.pk for f in flagships}
    reason = _("Keterkaitan program unggulan diubah")
    for link in FlagshipLink.objects.filter(element=element).exclude(flagship_id__in=wanted):
        attribute(link, actor=actor, reason=reason)
        link.delete()
    have = set(FlagshipLink.objects.filter(element=element).values_list("flagship_id", flat=True))
    for pk in sorted(wanted - have):
        tracked_save(
            FlagshipLink(plan=plan, element=element, flagship_id=pk), actor=actor, reason=reason
        )
    return list(FlagshipLink.objects.filter(element=element).select_related("flagship"))


# --- Submission to the DPRD -------------------------------------------------------------


def _notify(users: list[Any], *, subject: str, body: str, url: str, key: str) -> None:
    """In-app notification through the participatory flow when it offers a DPRD kind,
    else an e-mail to each address after the transaction commits."""
    from participation.models import Notification
    from participation.services.notifications import notify

    kind = "dprd_review"
    if kind in Notification.Kind.values:
        for user in users:
            notify(user=user, kind=kind, subject=subject, body=body, url=url, key=key)
        return
    addresses = [u.email for u in users if u.email]
    if not addresses:
        return
    link = f"{settings.RENSTRA_PUBLIC_URL}{url}"
    message = f"{body}\n\n{link}"
    transaction.on_commit(lambda: _mail(subject, message, addresses))


def _mail(subject: str, message: str, addresses: list[str]) -> None:
    # After the commit: a mail server that fails must not undo or break the submission.
    try:
        send_mail(subject, message, None, addresses)
    except Exception:
        logger.warning("DPRD notification mail to %s failed", addresses, exc_info=True)


def _to_datetime(value: date | datetime, *, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value
    moment = datetime.combine(value + timedelta(days=1) if end else value, datetime.min.time())
    return timezone.make_aware(moment)


@transaction.atomic
def dprd_submit(
    *,
    plan: Plan,
    actor: Any,
    window_end: date | datetime | None = None,
    commission: Commission | None = None,
    note: str = "",
    now: datetime | None = None,
) -> DprdReview:
    """Reviu selesai → pembahasan DPRD: Bappeda (administer) or the head of unit (approve)
    submits the plan to the DPRD. Freezes the "dprd" version through the transition
    primitive — whose stage hook lets the region's DPRD members read that version (object
    permission) — opens the review for the partner commission with a window from now
    until `window_end` (a date: to the end of that day; default: the region's window
    length) and notifies the commission's members.

    Raises TransitionForbidden without either right, TransitionNotAllowed from another
    stage, NoPartnerCommission, ValidationError for a window that ends before it starts."""
    access = plan_access(actor, plan)
    if not (access.approve or access.administer):
        raise TransitionForbidden
    if commission is None:
        commissions = list(partner_commissions(plan)[:2])
        if not commissions:
            raise NoPartnerCommission
        commission = commissions[0]
    elif commission.region_id != plan.unit.region_id:
        raise NoPartnerCommission
    now = now or timezone.now()
    setting = region_setting(plan.unit.region)
    end = (
        _to_datetime(window_end, end=True)
        if window_end
        else now + timedelta(days=setting.review_window_days)
    )
    if end <= now:
        raise ValidationError({"window_end": _("Akhir masa telaah harus sesudah hari ini.")})
    record = transition(plan=plan, to_stage=DPRD_STAGE, actor=actor, note=note, check_access=False)
    review = DprdReview(
        plan=plan,
        version=record.version,
        record=record,
        commission=commission,
        window_start=now,
        window_end=end,
        cover_note=plain_text(note),
        submitted_by=_user(actor),
        submitted_at=now,
    )
    tracked_save(review, actor=actor, reason=_("Diajukan ke DPRD"))
    recipients = list(commission.members.filter(is_active=True))
    _notify(
        recipients,
        subject=_("Renstra %(unit)s diajukan ke DPRD untuk ditelaah") % {"unit": plan.unit.name},
        body=_("Masa telaah sampai %(end)s.")
        % {"end": timezone.localtime(end).strftime("%d-%m-%Y %H:%M")},
        url=reverse("legislation:review", args=[review.pk]),
        key=f"dprd-review:{review.pk}",
    )
    return review


@transaction.atomic
def dprd_finish(*, plan: Plan, actor: Any, note: str = "") -> Any:
    """Pembahasan DPRD → reviu selesai (ready for ratification): the head of unit or
    Bappeda closes the consultation; the content as it is now is frozen as the version
    after the DPRD consultation, and the open review is closed (stage hook). Returns the
    stage record. Raises TransitionForbidden, TransitionNotAllowed."""
    access = plan_access(actor, plan)
    if not (access.approve or access.administer):
        raise TransitionForbidden
    return transition(
        plan=plan,
        to_stage="reviu_selesai",
        actor=actor,
        note=note,
        freeze=_("Versi hasil pembahasan DPRD"),
        check_access=False,
    )


# --- Review notes -----------------------------------------------------------------------


@dataclass
class NoteTargetSpec:
    target: str = NoteTarget.PLAN
    section: Section | None = None
    element: Element | None = None
    indicator: Indicator | None = None
    year: int | None = None


def _where(plan: Plan, spec: NoteTargetSpec) -> str:
    if spec.target == NoteTarget.SECTION and spec.section is not None:
        return str(spec.section)[:400]
    if spec.target == NoteTarget.ELEMENT and spec.element is not None:
        return str(spec.element)[:400]
    if spec.target == NoteTarget.CELL and spec.indicator is not None:
        return (f"{spec.indicator.element} · {spec.indicator.name} · {spec.year}")[:400]
    return str(_("Seluruh rencana"))


def _check_target(plan: Plan, spec: NoteTargetSpec) -> None:
    errors: dict[str, str] = {}
    if spec.target not in NoteTarget.values:
        errors["target"] = _("Pilih sasaran catatan.")
    elif spec.target == NoteTarget.SECTION and (
        spec.section is None or spec.section.plan_id != plan.pk
    ):
        errors["section"] = _("Pilih subbab rencana ini.")
    elif spec.target == NoteTarget.ELEMENT and (
        spec.element is None or spec.element.plan_id != plan.pk
    ):
        errors["element"] = _("Pilih elemen kaskade rencana ini.")
    elif spec.target == NoteTarget.CELL:
        if spec.indicator is None or spec.indicator.plan_id != plan.pk:
            errors["indicator"] = _("Pilih indikator rencana ini.")
        if spec.year not in plan.years:
            errors["year"] = _("Pilih tahun dalam periode rencana.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def note_add(
    *,
    review: DprdReview,
    actor: Any,
    kind: str,
    text: str,
    visibility: str = Visibility.INTERNAL,
    spec: NoteTargetSpec | None = None,
    location: str = "",
    proposed_volume: str = "",
    now: datetime | None = None,
) -> ReviewNote:
    """A DPRD member writes a note on the reviewed version while the window is open.

    `kind` question / recommendation / pokir (a pokir needs a location; it becomes a
    bottom-up proposal of the plan with source "pokir", disposed of in the participatory
    flow). The text is kept as plain text. Raises PermissionDenied when the
    actor is not a DPRD member allowed to read the review, ReviewWindowClosed outside the
    window (checked on the server clock, `now` for tests), ValidationError for bad input."""
    plan = review.plan
    if not (
        is_dprd_member(actor, plan.unit.region) and actor.has_perm(VERSION_PERM, review.version)
    ):
        raise PermissionDenied
    now = now or timezone.now()
    review = DprdReview.objects.select_for_update().get(pk=review.pk)
    if not review.window_open(now):
        raise ReviewWindowClosed
    spec = spec or NoteTargetSpec()
    text = plain_text(text)
    errors: dict[str, str] = {}
    if kind not in NoteKind.values:
        errors["kind"] = _("Pilih jenis catatan.")
    if visibility not in Visibility.values:
        errors["visibility"] = _("Pilih keterbukaan catatan.")
    if not text:
        errors["text"] = _("Tulis isi catatan.")
    location, proposed_volume = plain_text(location), plain_text(proposed_volume)
    if kind == NoteKind.POKIR and not location:
        errors["location"] = _("Pokir memerlukan lokasi usulan.")
    if errors:
        raise ValidationError(errors)
    _check_target(plan, spec)
    proposal = None
    if kind == NoteKind.POKIR:
        proposal = _pokir_proposal(
            review=review, actor=actor, text=text, location=location, volume=proposed_volume
        )
    note = ReviewNote(
        review=review,
        plan=plan,
        member=actor,
        kind=kind,
        target=spec.target,
        section=spec.section if spec.target == NoteTarget.SECTION else None,
        element=spec.element
        if spec.target == NoteTarget.ELEMENT
        else (
            spec.indicator.element
            if spec.target == NoteTarget.CELL and spec.indicator is not None
            else None
        ),
        indicator=spec.indicator if spec.target == NoteTarget.CELL else None,
        year=spec.year if spec.target == NoteTarget.CELL else None,
        where=_where(plan, spec),
        location=location if kind == NoteKind.POKIR else "",
        proposed_volume=proposed_volume if kind == NoteKind.POKIR else "",
        visibility=visibility,
        text=text,
        created_at=now,
        proposal=proposal,
    )
    tracked_save(note, actor=actor, reason=_("Catatan telaah DPRD ditulis"))
    return note


def _pokir_proposal(
    *, review: DprdReview, actor: Any, text: str, location: str, volume: str
) -> Any:
    """A pokir becomes a bottom-up proposal of the plan (source "pokir"), whose disposition
    the unit records in the participatory flow; the note keeps the link."""
    from participation.services.proposals import proposal_create

    return proposal_create(
        plan=review.plan,
        source="pokir",
        proposer_name=f"{actor.display_name} ({review.commission.name})",
        proposer=actor,
        location=location,
        description=text,
        volume=volume,
        reference=f"DPRD v{review.version.number} {review.version.label}"[:100],
        actor=actor,
        check_access=False,
    )


# --- The commission's letter and the unit's answers -------------------------------------


def _assert_commission_member(commission: Commission, actor: Any) -> None:
    if not (
        getattr(actor, "is_authenticated", False)
        and commission.members.filter(pk=actor.pk).exists()
        and is_dprd_member(actor, commission.region)
    ):
        raise NotCommissionMember


@transaction.atomic
def letter_issue(
    *,
    review: DprdReview,
    actor: Any,
    number: str,
    date: date,
    items: list[tuple[str, list[Element]]],
    summary: str = "",
) -> RecommendationLetter:
    """The partner commission issues its recommendation letter on the reviewed version:
    a number unique for the commission, a date and at least one item (text and optional
    elements of the plan). The letter may come after the window closed, never after the
    plan is ratified. Raises NotCommissionMember, PlanRatified, ValidationError."""
    plan = review.plan
    _assert_commission_member(review.commission, actor)
    _assert_not_ratified(plan)
    errors: dict[str, str] = {}
    number = plain_text(number)
    if not number:
        errors["number"] = _("Isi nomor surat.")
    elif RecommendationLetter.objects.filter(commission=review.commission, number=number).exists():
        errors["number"] = _("Nomor surat ini sudah dipakai komisi.")
    if date is None:
        errors["date"] = _("Isi tanggal surat.")
    cleaned = [(plain_text(text), list(elements)) for text, elements in items]
    cleaned = [(t, e) for t, e in cleaned if t]
    if not cleaned:
        errors["items"] = _("Tulis sedikitnya satu butir rekomendasi.")
    for _text, elements in cleaned:
        if any(e.plan_id != plan.pk for e in elements):
            errors["items"] = _("Elemen yang dirujuk harus elemen rencana ini.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    letter = RecommendationLetter(
        review=review,
        plan=plan,
        commission=review.commission,
        number=number,
        date=date,
        summary=plain_text(summary),
        issued_by=_user(actor),
        issued_at=now,
    )
    reason = _("Surat rekomendasi DPRD diterbitkan")
    tracked_save(letter, actor=actor, reason=reason)
    for position, (text, elements) in enumerate(cleaned, 1):
        item = RecommendationItem(letter=letter, position=position, text=text)
        tracked_save(item, actor=actor, reason=reason)
        if elements:
            item.elements.set(elements)
    return letter


@transaction.atomic
def item_respond(
    *,
    item: RecommendationItem,
    actor: Any,
    status: str,
    reason: str = "",
    change: str = "",
    element: Element | None = None,
    version: Version | None = None,
) -> ItemResponse:
    """The unit answers one recommendation item (or changes its answer) until the plan is
    ratified: accepted / partly / not accepted; partly and not accepted need a reason.
    `element` and `version` point at the change. Needs `edit` or `approve` on the plan.
    Raises PermissionDenied, PlanRatified, ValidationError."""
    plan = item.letter.plan
    access = plan_access(actor, plan)
    if not (access.edit or access.approve):
        raise PermissionDenied
    _assert_not_ratified(plan)
    reason_text, change_text = plain_text(reason), plain_text(change)
    errors: dict[str, str] = {}
    if status not in ItemResponse.Status.values:
        errors["status"] = _("Pilih tanggapan.")
    elif status != ItemResponse.Status.ACCEPTED and not reason_text:
        errors["reason"] = _("Tulis alasan bila rekomendasi tidak atau sebagian diterima.")
    if element is not None and element.plan_id != plan.pk:
        errors["element"] = _("Pilih elemen rencana ini.")
    if version is not None and version.plan_id != plan.pk:
        errors["version"] = _("Pilih versi rencana ini.")
    if errors:
        raise ValidationError(errors)
    response = ItemResponse.objects.filter(item=item).first() or ItemResponse(item=item)
    response.status = status
    response.reason = reason_text
    response.change = change_text
    response.element = element
    response.version = version
    response.responded_by = _user(actor)
    response.responded_at = timezone.now()
    tracked_save(response, actor=actor, reason=_("Rekomendasi DPRD ditanggapi"))
    return response


def unanswered_items(plan: Plan) -> list[RecommendationItem]:
    return list(
        RecommendationItem.objects.filter(letter__plan=plan, response__isnull=True)
        .select_related("letter")
        .order_by("letter__date", "letter_id", "position")
    )


@transaction.atomic
def dprd_approve(*, review: DprdReview, actor: Any, reference: str) -> DprdReview:
    """Where the region requires it: the partner commission records the DPRD's approval
    (the reference of its approval letter), once every item is answered. Raises
    NotCommissionMember, ItemsUnanswered, PlanRatified, ValidationError."""
    _assert_commission_member(review.commission, actor)
    _assert_not_ratified(review.plan)
    reference = plain_text(reference)
    if not reference:
        raise ValidationError({"reference": _("Isi nomor surat persetujuan DPRD.")})
    missing = unanswered_items(review.plan)
    if missing:
        raise ItemsUnanswered(items=[f"{i.letter.number} #{i.position}" for i in missing])
    review = DprdReview.objects.select_for_update().get(pk=review.pk)
    review.approved_at = timezone.now()
    review.approved_by = _user(actor)
    review.approval_reference = reference
    tracked_save(
        review,
        actor=actor,
        reason=_("Persetujuan DPRD dicatat"),
        update_fields=["approved_at", "approved_by", "approval_reference"],
    )
    return review


# --- Ratification -----------------------------------------------------------------------


@dataclass(frozen=True)
class Precondition:
    code: str
    label: str
    met: bool
    detail: str = ""


def ratification_checklist(plan: Plan, *, findings_reason: str = "") -> list[Precondition]:
    """The preconditions of ratification, each with its state (domain.md §3, §7 V21):
    Bappeda's verification accepted; the inspectorate's review closed; the forum minutes
    recorded; every DPRD recommendation answered (and the DPRD's approval where the region
    requires it); no error findings, or a written reason. A fixed number of queries."""
    from stages.models import InspectorateReviewResult, VerificationReview
    from stages.verification.engine import verify_plan
    from stages.verification.findings import ERROR

    items: list[Precondition] = []
    review = (
        VerificationReview.objects.filter(plan=plan, decided_at__isnull=False)
        .order_by("-decided_at", "-id")
        .first()
    )
    accepted = bool(
        review is not None
        and review.decided_at is not None
        and review.decision == VerificationReview.Decision.ACCEPTED
    )
    detail = _("Belum ada verifikasi Bappeda yang diterima.")
    if accepted and review is not None and review.decided_at is not None:
        detail = _("Diterima pada %(d)s") % {"d": timezone.localtime(review.decided_at).date()}
    items.append(Precondition("verification", _("Verifikasi Bappeda diterima"), accepted, detail))
    result = (
        InspectorateReviewResult.objects.filter(plan=plan).order_by("-closed_at", "-id").first()
    )
    closed = result is not None and result.accepted
    items.append(
        Precondition(
            "inspectorate",
            _("Reviu Inspektorat selesai"),
            closed,
            result.get_result_display() if result else _("Reviu Inspektorat belum ditutup."),
        )
    )
    minutes = _forum_minutes_recorded(plan)
    items.append(
        Precondition(
            "forum_minutes",
            _("Berita acara Forum Perangkat Daerah tercatat"),
            minutes,
            "" if minutes else _("Berita acara Forum PD belum tercatat."),
        )
    )
    setting = region_setting(plan.unit.region)
    missing = unanswered_items(plan)
    dprd_ok = not missing
    detail = (
        _("Belum ditanggapi: %(items)s")
        % {"items": ", ".join(f"{i.letter.number} #{i.position}" for i in missing)}
        if missing
        else _("Semua rekomendasi telah ditanggapi.")
    )
    label = _("Setiap rekomendasi DPRD telah ditanggapi")
    if setting.dprd_approval_required:
        label = _("Rekomendasi DPRD ditanggapi dan rencana disetujui DPRD")
        last = DprdReview.objects.filter(plan=plan).order_by("-submitted_at", "-id").first()
        if last is None or not last.is_approved:
            dprd_ok = False
            detail = ((detail + " ") if missing else "") + _(
                "Daerah ini mewajibkan persetujuan DPRD; persetujuan belum dicatat."
            )
    items.append(Precondition("dprd", label, dprd_ok, detail))
    errors = sum(1 for f in verify_plan(plan) if f.severity == ERROR)
    reason = plain_text(findings_reason)
    items.append(
        Precondition(
            "findings",
            _("Tidak ada temuan galat (atau alasannya dicatat)"),
            errors == 0 or bool(reason),
            _("%(n)s temuan galat") % {"n": errors}
            + (_("; alasan dicatat.") if errors and reason else "")
            if errors
            else _("Tidak ada temuan galat."),
        )
    )
    return items


def _forum_minutes_recorded(plan: Plan) -> bool:
    try:
        from participation.selectors import forum_minutes_recorded
    except ImportError:
        try:
            from participation.selectors.consultations import forum_minutes_recorded
        except ImportError:
            return False
    return bool(forum_minutes_recorded(plan))


PDF_MAGIC = b"%PDF-"


def _check_scan(upload: Any) -> str:
    """The SHA-256 of an uploaded PDF scan; refuses anything that is not a PDF by content
    or is larger than LEGISLATION_SCAN_MAX_BYTES."""
    limit = getattr(settings, "LEGISLATION_SCAN_MAX_BYTES", 20 * 1024 * 1024)
    if upload.size is not None and upload.size > limit:
        raise ScanInvalid(
            _("Pindaian Perkada terlalu besar (maksimum %(mb)s MB).") % {"mb": limit // (1 << 20)}
        )
    upload.seek(0)
    if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise ScanInvalid
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def plan_ratify(
    *,
    plan: Plan,
    actor: Any,
    perkada_number: str,
    perkada_date: date | None,
    signatory: str,
    signatory_title: str = "",
    signed_scan: Any = None,
    findings_reason: str = "",
    site_url: str = "",
) -> Ratification:
    """Ratify `plan` by Perkada (head of region or Sekda, `ratify`).

    Checks every precondition (RatificationRefused names the unmet ones; nothing is
    written), moves the plan to penetapan through the transition primitive (freezes the
    ratified version; from then on nothing of the plan can change), records the Perkada
    and the optional signed scan (a PDF by content), requests the official PDF/A of the
    ratified version and publishes it. The PDF is rendered by the background worker
    (enqueued on commit; LEGISLATION_RATIFY_RENDER = "background", the default: a
    ratified sample plan takes ~13 s to render, a 10x one ~55 s, too long for a web
    request) or right here after the commit ("now", for a site without a worker). When the
    file is stored its SHA-256 is written into the ratification (`signals.py`). Raises
    TransitionForbidden, TransitionNotAllowed, RatificationRefused, ScanInvalid,
    ValidationError."""
    from renstra.document.jobs import document_render, document_request

    if not plan_access(actor, plan).ratify:
        raise TransitionForbidden
    errors: dict[str, str] = {}
    perkada_number, signatory = plain_text(perkada_number), plain_text(signatory)
    if not perkada_number:
        errors["perkada_number"] = _("Isi nomor Perkada.")
    if perkada_date is None:
        errors["perkada_date"] = _("Isi tanggal Perkada.")
    if not signatory:
        errors["signatory"] = _("Isi nama penandatangan.")
    if errors or perkada_date is None:
        raise ValidationError(errors)
    scan_sha = _check_scan(signed_scan) if signed_scan else ""
    with transaction.atomic():
        locked = Plan.objects.select_for_update().select_related("unit__region").get(pk=plan.pk)
        if get_transition(locked.stage, RATIFIED_STAGE) is None:
            raise TransitionNotAllowed(
                source=stage_label(locked.stage), target=stage_label(RATIFIED_STAGE)
            )
        unmet = [
            str(p.label)
            for p in ratification_checklist(locked, findings_reason=findings_reason)
            if not p.met
        ]
        if unmet:
            raise RatificationRefused(unmet=unmet)
        token = _ratifying.set(locked.pk)
        try:
            record = transition(plan=locked, to_stage=RATIFIED_STAGE, actor=actor)
        finally:
            _ratifying.reset(token)
        version = record.version
        if version is None:  # the move into penetapan freezes "ratified"
            raise RuntimeError("the transition into penetapan froze no version")
        now = timezone.now()
        ratification = Ratification(
            plan=locked,
            version=record.version,
            record=record,
            perkada_number=perkada_number,
            perkada_date=perkada_date,
            signatory=signatory,
            signatory_title=plain_text(signatory_title),
            signed_scan_sha256=scan_sha,
            findings_reason=plain_text(findings_reason),
            ratified_by=_user(actor),
            ratified_at=now,
            published_at=now,
        )
        ratification.document = document_request(
            plan=locked,
            version_number=version.number,
            actor=actor,
            site_url=site_url,
        )
        if signed_scan:
            ratification.signed_scan.save("perkada.pdf", signed_scan, save=False)
        tracked_save(ratification, actor=actor, reason=_("Ditetapkan dengan Perkada"))
        document = ratification.document
    plan.stage, plan.locked = locked.stage, locked.locked
    if getattr(settings, "LEGISLATION_RATIFY_RENDER", "background") == "now":
        document_render(document_file_id=document.pk)  # the hash: signals.py
        ratification.refresh_from_db()
    return ratification


def ratification_document_stored(*, ratification: Ratification, document: Any) -> Ratification:
    """Write the official PDF's hash into the ratification once it is rendered (once)."""
    document.refresh_from_db()
    ratification.refresh_from_db()
    if document.is_done and not ratification.document_sha256:
        ratification.document = document
        ratification.document_sha256 = document.sha256
        attribute(ratification, actor=None, reason=_("Dokumen resmi tersimpan"))
        ratification.save(update_fields=["document", "document_sha256"])
    return ratification


def ratification_document_request(
    *, ratification: Ratification, actor: Any, site_url: str = ""
) -> Any:
    """Ask again for the official PDF of a ratified plan (its render failed or its file is
    gone); same version, same variant. Returns the DocumentFile."""
    from renstra.document.jobs import document_request

    if not plan_access(actor, ratification.plan).ratify:
        raise PermissionDenied
    return document_request(
        plan=ratification.plan,
        version_number=ratification.version.number if ratification.version else None,
        actor=actor,
        site_url=site_url,
    )
