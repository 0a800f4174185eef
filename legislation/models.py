"""The legislative–political flow (domain.md §2–§4): the DPRD's consultation on a
submitted version, the commission's formal recommendation and the unit's answers, the
head of region's flagship programs, and ratification by Perkada.

The DPRD of a region is its members (users holding the core `dprd_member` role on the
region) and its commissions (komisi), each partnering some of the region's units. Written
only by `legislation.services`.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renstra.models import DocumentFile, Element, Plan, Region, Rpjmd, Section, Unit

# --- The DPRD of a region ---------------------------------------------------------------


class RegionSetting(models.Model):
    """How a region runs the legislative flow. The default is consultative (domain.md §3):
    ratification needs every DPRD recommendation answered, not the DPRD's approval."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="dprd_setting")
    dprd_approval_required = models.BooleanField(
        _("persetujuan DPRD wajib sebelum penetapan"),
        default=False,
        help_text=_(
            "Bila tidak dicentang, pembahasan DPRD bersifat konsultatif: setiap rekomendasi "
            "cukup ditanggapi."
        ),
    )
    review_window_days = models.PositiveSmallIntegerField(
        _("lama masa telaah DPRD (hari)"), default=14
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengaturan DPRD daerah")
        verbose_name_plural = _("pengaturan DPRD daerah")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_window_days__gte=1), name="regionsetting_window_pos"
            )
        ]

    def __str__(self) -> str:
        return str(self.region)


class Commission(models.Model):
    """A commission (komisi) of a region's DPRD: its members and the units it partners."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="commissions")
    name = models.CharField(_("nama komisi"), max_length=200)
    field = models.CharField(_("bidang"), max_length=300, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="dprd_commissions",
        verbose_name=_("anggota"),
    )
    partner_units = models.ManyToManyField(
        Unit, blank=True, related_name="dprd_commissions", verbose_name=_("perangkat daerah mitra")
    )
    history = HistoricalRecords(m2m_fields=[members, partner_units])

    class Meta:
        verbose_name = _("komisi DPRD")
        verbose_name_plural = _("komisi DPRD")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="commission_region_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


# --- Submission to the DPRD and its review ----------------------------------------------


class DprdReview(models.Model):
    """One submission of a frozen version (kind "dprd") to the DPRD: the stage record of
    the legislative flow, the partner commission and the window in which members write
    notes. Closed when the plan leaves the DPRD consultation."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="dprd_reviews")
    version = models.ForeignKey(
        "stages.Version",
        on_delete=models.PROTECT,
        related_name="dprd_reviews",
        verbose_name=_("versi yang ditelaah"),
    )
    record = models.ForeignKey(
        "stages.StageRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("komisi mitra"),
    )
    window_start = models.DateTimeField(_("masa telaah mulai"))
    window_end = models.DateTimeField(_("masa telaah berakhir"))
    cover_note = models.TextField(_("surat pengantar"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("diajukan pada"))
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where the region requires it (RegionSetting): the DPRD's approval of the plan.
    approved_at = models.DateTimeField(_("disetujui DPRD pada"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approval_reference = models.CharField(_("nomor surat persetujuan"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pembahasan DPRD")
        verbose_name_plural = _("pembahasan DPRD")
        ordering = ["plan", "submitted_at", "id"]
        indexes = [models.Index(fields=["plan", "closed_at"], name="dprdreview_plan_open_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gt=models.F("window_start")),
                name="dprdreview_window_ordered",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(closed_at__isnull=True),
                name="dprdreview_one_open_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · v{self.version.number} · {self.commission}"

    def get_absolute_url(self) -> str:
        return reverse("legislation:review", args=[self.pk])

    def window_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and self.window_start <= now < self.window_end

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class NoteKind(models.TextChoices):
    QUESTION = "question", _("Pertanyaan")
    RECOMMENDATION = "recommendation", _("Rekomendasi")
    POKIR = "pokir", _("Pokok pikiran (pokir)")


class NoteTarget(models.TextChoices):
    PLAN = "plan", _("Seluruh rencana")
    SECTION = "section", _("Subbab")
    ELEMENT = "element", _("Elemen kaskade")
    CELL = "cell", _("Sel target")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal DPRD")
    PUBLIC = "public", _("Publik")


class ReviewNote(models.Model):
    """A member's note on the reviewed version: on the whole plan, a section, an element of
    the cascade or one target cell (indicator × year). A pokir may propose something at a
    location with a volume; it becomes a bottom-up proposal (participation). Internal notes
    are read by the DPRD's members only, never by the unit nor on a public page."""

    review = models.ForeignKey(DprdReview, on_delete=models.CASCADE, related_name="notes")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="dprd_notes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dprd_notes"
    )
    kind = models.CharField(_("jenis catatan"), max_length=16, choices=NoteKind.choices)
    target = models.CharField(
        _("sasaran catatan"), max_length=10, choices=NoteTarget.choices, default=NoteTarget.PLAN
    )
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    element = models.ForeignKey(
        Element, on_delete=models.SET_NULL, null=True, blank=True, related_name="dprd_notes"
    )
    indicator = models.ForeignKey(
        "renstra.Indicator", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    # The target's label as it was in the reviewed version (kept when the target goes).
    where = models.CharField(_("letak"), max_length=400, blank=True)
    location = models.CharField(_("lokasi usulan"), max_length=300, blank=True)
    proposed_volume = models.CharField(_("volume usulan"), max_length=100, blank=True)
    visibility = models.CharField(
        _("keterbukaan"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    text = models.TextField(_("isi catatan"))
    created_at = models.DateTimeField(_("dibuat pada"))
    # The bottom-up proposal a pokir became (the participatory flow records its disposition).
    proposal = models.ForeignKey(
        "participation.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dprd_notes",
        verbose_name=_("usulan"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("catatan telaah DPRD")
        verbose_name_plural = _("catatan telaah DPRD")
        ordering = ["review", "created_at", "id"]
        indexes = [models.Index(fields=["plan", "visibility"], name="reviewnote_plan_vis_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NoteKind.values), name="reviewnote_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(visibility__in=Visibility.values),
                name="reviewnote_visibility_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(target__in=NoteTarget.values), name="reviewnote_target_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="pokir") | ~models.Q(location=""),
                name="reviewnote_pokir_has_location",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class RecommendationLetter(models.Model):
    """The commission's formal recommendation on a reviewed version: a numbered letter."""

    review = models.ForeignKey(DprdReview, on_delete=models.CASCADE, related_name="letters")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="dprd_letters")
    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="letters")
    number = models.CharField(_("nomor surat"), max_length=200)
    date = models.DateField(_("tanggal surat"))
    summary = models.TextField(_("pengantar"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("diterbitkan pada"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surat rekomendasi DPRD")
        verbose_name_plural = _("surat rekomendasi DPRD")
        ordering = ["plan", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "number"], name="recommendationletter_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number


class RecommendationItem(models.Model):
    """One numbered item of a letter, optionally pointing at elements of the plan."""

    letter = models.ForeignKey(RecommendationLetter, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("nomor butir"))
    text = models.TextField(_("rekomendasi"))
    elements = models.ManyToManyField(
        Element, blank=True, related_name="dprd_recommendations", verbose_name=_("elemen")
    )
    history = HistoricalRecords(m2m_fields=[elements])

    class Meta:
        verbose_name = _("butir rekomendasi DPRD")
        verbose_name_plural = _("butir rekomendasi DPRD")
        ordering = ["letter", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "position"], name="recommendationitem_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"


class ItemResponse(models.Model):
    """The unit's answer to one recommendation item: accepted, partly or not accepted (with
    a reason), and where the change is (a description, the element, the version)."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        PARTLY = "partly", _("Diterima sebagian")
        NOT_ACCEPTED = "not_accepted", _("Tidak diterima")

    item = models.OneToOneField(
        RecommendationItem, on_delete=models.CASCADE, related_name="response"
    )
    status = models.CharField(_("tanggapan"), max_length=14, choices=Status.choices)
    reason = models.TextField(_("alasan / penjelasan"), blank=True)
    change = models.TextField(_("perubahan yang dilakukan"), blank=True)
    element = models.ForeignKey(
        Element, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.ForeignKey(
        "stages.Version",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versi yang memuat perubahan"),
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("ditanggapi pada"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tanggapan rekomendasi DPRD")
        verbose_name_plural = _("tanggapan rekomendasi DPRD")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["accepted", "partly", "not_accepted"]),
                name="itemresponse_status_valid",
            ),
            # Not (or partly) accepted needs its reason.
            models.CheckConstraint(
                condition=models.Q(status="accepted") | ~models.Q(reason=""),
                name="itemresponse_reason_when_not_accepted",
            ),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


# --- Ratification (penetapan) -----------------------------------------------------------


def signed_scan_upload_to(instance: "Ratification", filename: str) -> str:
    return f"legislation/perkada/{instance.plan.public_id}/perkada-ditandatangani.pdf"


class Ratification(models.Model):
    """The Perkada that ratifies a plan: number, date, signatory, the optional signed scan,
    the ratified version and its official PDF/A with the file's SHA-256."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="ratification")
    version = models.ForeignKey(
        "stages.Version", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    record = models.ForeignKey(
        "stages.StageRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    perkada_number = models.CharField(_("nomor Perkada"), max_length=200)
    perkada_date = models.DateField(_("tanggal Perkada"))
    signatory = models.CharField(_("penandatangan"), max_length=200)
    signatory_title = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)
    signed_scan = models.FileField(
        _("pindaian Perkada bertanda tangan"),
        upload_to=signed_scan_upload_to,
        blank=True,
        max_length=300,
        validators=[FileExtensionValidator(["pdf"])],
    )
    signed_scan_sha256 = models.CharField(max_length=64, blank=True)
    findings_reason = models.TextField(_("alasan penetapan dengan temuan galat"), blank=True)
    document = models.ForeignKey(
        DocumentFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dokumen resmi"),
    )
    document_sha256 = models.CharField(_("SHA-256 dokumen"), max_length=64, blank=True)
    ratified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ratified_at = models.DateTimeField(_("ditetapkan pada"))
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penetapan (Perkada)")
        verbose_name_plural = _("penetapan (Perkada)")
        ordering = ["-ratified_at"]
        indexes = [models.Index(fields=["published_at"], name="ratification_published_idx")]

    def __str__(self) -> str:
        return self.perkada_number


# --- Political approach: the head of region's flagship programs -------------------------


class FlagshipProgram(models.Model):
    """A program unggulan of the elected head of region (in the RPJMD), assigned to units."""

    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="flagship_programs")
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama program unggulan"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="flagship_programs",
        verbose_name=_("perangkat daerah pelaksana"),
    )
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = _("program unggulan kepala daerah")
        verbose_name_plural = _("program unggulan kepala daerah")
        ordering = ["rpjmd", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rpjmd", "code"], name="flagship_rpjmd_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class FlagshipLink(models.Model):
    """A goal (tujuan or sasaran) of a plan serving a flagship program. Plan content: it is
    locked with the plan (guards) and kept in the history. The link to the RPJMD misi is
    the element's RPJMD sasaran → tujuan → misi."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="flagship_links")
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="flagship_links")
    flagship = models.ForeignKey(FlagshipProgram, on_delete=models.PROTECT, related_name="links")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keterkaitan program unggulan")
        verbose_name_plural = _("keterkaitan program unggulan")
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["element", "flagship"], name="flagshiplink_element_flagship_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.element} → {self.flagship}"
