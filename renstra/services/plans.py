"""Creating plans and guarding their content."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ..errors import PlanLocked
from ..models import Chapter, Plan, Section, Unit
from .history import tracked_save

# The systematics of Permendagri 86/2017 (domain.md §5).
SKELETON: list[tuple[int, str, list[tuple[str, str]]]] = [
    (
        1,
        "PENDAHULUAN",
        [
            ("1.1", "Latar Belakang"),
            ("1.2", "Landasan Hukum"),
            ("1.3", "Maksud dan Tujuan"),
            ("1.4", "Sistematika Penulisan"),
        ],
    ),
    (
        2,
        "GAMBARAN PELAYANAN PERANGKAT DAERAH",
        [
            ("2.1", "Tugas, Fungsi dan Struktur Organisasi"),
            ("2.2", "Sumber Daya"),
            ("2.3", "Kinerja Pelayanan"),
            ("2.4", "Tantangan dan Peluang Pengembangan Pelayanan"),
        ],
    ),
    (
        3,
        "PERMASALAHAN DAN ISU-ISU STRATEGIS PERANGKAT DAERAH",
        [
            ("3.1", "Identifikasi Permasalahan berdasarkan Tugas dan Fungsi"),
            (
                "3.2",
                "Telaahan Visi, Misi dan Program Kepala Daerah dan Wakil Kepala Daerah Terpilih",
            ),
            ("3.3", "Telaahan Renstra K/L dan Renstra Provinsi/Kabupaten/Kota"),
            ("3.4", "Telaahan RTRW dan KLHS"),
            ("3.5", "Penentuan Isu-isu Strategis"),
        ],
    ),
    (4, "TUJUAN DAN SASARAN", []),
    (5, "STRATEGI DAN ARAH KEBIJAKAN", []),
    (6, "RENCANA PROGRAM DAN KEGIATAN SERTA PENDANAAN", []),
    (7, "KINERJA PENYELENGGARAAN BIDANG URUSAN", []),
    (8, "PENUTUP", []),
]


def plan_assert_editable(plan: Plan) -> None:
    """Raise PlanLocked unless the plan's content may change now (re-read from the database,
    so a stage transition that just locked it is seen).

    Call it inside the transaction that writes. On PostgreSQL it also takes a FOR KEY SHARE
    lock on the plan row until that transaction ends: editors do not block one another,
    but a stage transition (which locks the row FOR UPDATE before it freezes a version)
    waits for edits already under way, and an edit that starts while a transition runs
    waits for it and then sees the plan locked. Without it an edit could commit between
    the freeze and the lock (tests/ops/test_races.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(  # the table name comes from the model
                f"SELECT locked FROM {Plan._meta.db_table} WHERE id = %s FOR KEY SHARE",  # noqa: S608  # nosec B608
                [plan.pk],
            )
            row = cursor.fetchone()
        locked = bool(row and row[0])
    else:
        locked = Plan.objects.filter(pk=plan.pk, locked=True).exists()
    if locked:
        raise PlanLocked


def validate_period(start_year: int, end_year: int) -> None:
    length = end_year - start_year + 1
    if not settings.RENSTRA_MIN_YEARS <= length <= settings.RENSTRA_MAX_YEARS:
        raise ValidationError(
            _("Periode rencana harus %(min)s sampai %(max)s tahun (diberikan: %(n)s tahun).")
            % {"min": settings.RENSTRA_MIN_YEARS, "max": settings.RENSTRA_MAX_YEARS, "n": length}
        )


@transaction.atomic
def plan_create(
    *,
    unit: Unit,
    title: str,
    start_year: int,
    end_year: int,
    actor: Any,
    baseline_year: int | None = None,
    skeleton: bool = True,
    reason: str = "",
) -> Plan:
    """Create a plan for `unit` with the chapter skeleton BAB I–VIII and its sections.

    Returns the plan. Raises ValidationError for an invalid period or title."""
    validate_period(start_year, end_year)
    rpjmd = (
        unit.region.rpjmds.filter(start_year__lte=start_year, end_year__gte=end_year)
        .order_by("-start_year")
        .first()
    )
    plan = Plan(
        unit=unit,
        rpjmd=rpjmd,
        title=title,
        start_year=start_year,
        end_year=end_year,
        baseline_year=baseline_year,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    tracked_save(plan, actor=actor, reason=reason or _("Rencana dibuat"))
    if skeleton:
        plan_create_skeleton(plan=plan, actor=actor)
    return plan


def plan_create_skeleton(*, plan: Plan, actor: Any) -> None:
    """Chapters and sections of Permendagri 86/2017 for a new, empty plan."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    reason = _("Kerangka bab dibuat")
    chapters = bulk_create_with_history(
        [Chapter(plan=plan, number=n, title=title) for n, title, _s in SKELETON],
        Chapter,
        default_user=user,
        default_change_reason=reason,
    )
    by_number = (
        {c.number: c for c in Chapter.objects.filter(plan=plan)}
        if not all(c.pk for c in chapters)
        else {c.number: c for c in chapters}
    )
    sections = [
        Section(plan=plan, chapter=by_number[n], number=num, title=title, position=i)
        for n, _t, secs in SKELETON
        for i, (num, title) in enumerate(secs)
    ]
    bulk_create_with_history(sections, Section, default_user=user, default_change_reason=reason)
