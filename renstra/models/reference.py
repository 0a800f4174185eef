"""Reference data a plan is drafted against: region, unit, RPJMD, nomenclature."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RegionLevel(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


class Region(models.Model):
    """A province, regency or city (pemerintah daerah)."""

    code = models.CharField(_("kode"), max_length=20, blank=True)
    name = models.CharField(_("nama"), max_length=200)
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daerah")
        verbose_name_plural = _("daerah")
        ordering = ["name"]
        permissions = [
            ("view_region_plans", _("Melihat semua rencana di daerah")),
            ("verify_region_plans", _("Memverifikasi rencana (Bappeda)")),
            ("review_region_plans", _("Mereviu rencana (Inspektorat)")),
            ("dprd_review_region", _("Menelaah rencana yang diajukan ke DPRD")),
            ("ratify_region_plans", _("Menetapkan rencana (Kepala Daerah/Sekda)")),
            ("administer_region", _("Mengelola data acuan daerah (admin Bappeda)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="region_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=["provinsi", "kabupaten", "kota"]),
                name="region_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A perangkat daerah (work unit) of a region."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("kode"), max_length=40, blank=True)
    name = models.CharField(_("nama"), max_length=200)
    abbreviation = models.CharField(_("singkatan"), max_length=40, blank=True)
    bidang_urusan = models.JSONField(_("bidang urusan"), default=list, blank=True)
    head_name = models.CharField(_("nama kepala"), max_length=200, blank=True)
    head_nip = models.CharField(_("NIP kepala"), max_length=40, blank=True)
    head_position = models.CharField(_("jabatan kepala"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["region__name", "name"]
        permissions = [
            ("view_unit_plans", _("Melihat rencana perangkat daerah")),
            ("edit_unit_plans", _("Menyusun rencana perangkat daerah")),
            ("approve_unit_plans", _("Menyetujui pengajuan (Kepala Perangkat Daerah)")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_region_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Rpjmd(models.Model):
    """The region's medium-term plan a Renstra aligns to (reference, maintained by Bappeda)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="rpjmds")
    title = models.CharField(_("judul"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    end_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    visi = models.TextField(_("visi"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("RPJMD")
        verbose_name_plural = _("RPJMD")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "start_year", "end_year"], name="rpjmd_region_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="rpjmd_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"RPJMD {self.region} {self.start_year}-{self.end_year}"


class RpjmdMisi(models.Model):
    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="misi")
    code = models.CharField(_("kode"), max_length=20)
    text = models.TextField(_("misi"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("misi RPJMD")
        verbose_name_plural = _("misi RPJMD")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["rpjmd", "code"], name="rpjmd_misi_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class RpjmdTujuan(models.Model):
    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="tujuan")
    misi = models.ForeignKey(RpjmdMisi, on_delete=models.PROTECT, null=True, blank=True)
    code = models.CharField(_("kode"), max_length=20)
    text = models.TextField(_("tujuan"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tujuan RPJMD")
        verbose_name_plural = _("tujuan RPJMD")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["rpjmd", "code"], name="rpjmd_tujuan_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class RpjmdSasaran(models.Model):
    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="sasaran")
    tujuan = models.ForeignKey(RpjmdTujuan, on_delete=models.PROTECT, null=True, blank=True)
    code = models.CharField(_("kode"), max_length=20)
    text = models.TextField(_("sasaran"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sasaran RPJMD")
        verbose_name_plural = _("sasaran RPJMD")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["rpjmd", "code"], name="rpjmd_sasaran_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class RpjmdProgram(models.Model):
    """An RPJMD program; `units` are the units it is assigned to (with ceilings per year)."""

    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="programs")
    sasaran = models.ForeignKey(RpjmdSasaran, on_delete=models.PROTECT, null=True, blank=True)
    code = models.CharField(_("kode"), max_length=40)
    name = models.TextField(_("nama program"))
    units = models.ManyToManyField(Unit, related_name="rpjmd_programs", blank=True)
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = _("program RPJMD")
        verbose_name_plural = _("program RPJMD")
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rpjmd", "code"], name="rpjmd_program_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RpjmdIndicator(models.Model):
    """An indicator of an RPJMD tujuan, sasaran or program (reference values as printed)."""

    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="indicators")
    tujuan = models.ForeignKey(
        RpjmdTujuan, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    sasaran = models.ForeignKey(
        RpjmdSasaran, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    program = models.ForeignKey(
        RpjmdProgram, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    position = models.PositiveIntegerField(default=0)
    # Same shape as the exchange format's indicator object (name, unit, kind, targets, ...).
    data = models.JSONField(default=dict)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator RPJMD")
        verbose_name_plural = _("indikator RPJMD")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(tujuan__isnull=False, sasaran__isnull=True, program__isnull=True)
                    | models.Q(tujuan__isnull=True, sasaran__isnull=False, program__isnull=True)
                    | models.Q(tujuan__isnull=True, sasaran__isnull=True, program__isnull=False)
                ),
                name="rpjmd_indicator_one_owner",
            )
        ]

    def __str__(self) -> str:
        return str(self.data.get("name", ""))


class RpjmdProgramCeiling(models.Model):
    """Indicative ceiling (pagu indikatif) of one RPJMD program for one unit in one year."""

    program = models.ForeignKey(RpjmdProgram, on_delete=models.CASCADE, related_name="ceilings")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="program_ceilings")
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = models.DecimalField(_("pagu"), max_digits=18, decimal_places=2, null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pagu program")
        verbose_name_plural = _("pagu program")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "unit", "year"], name="program_ceiling_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program.code} {self.unit} {self.year}: {self.amount}"


class UnitCeiling(models.Model):
    """The unit's total indicative ceiling per year from the RPJMD."""

    rpjmd = models.ForeignKey(Rpjmd, on_delete=models.CASCADE, related_name="unit_ceilings")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ceilings")
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = models.DecimalField(_("pagu"), max_digits=18, decimal_places=2, null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pagu perangkat daerah")
        verbose_name_plural = _("pagu perangkat daerah")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["rpjmd", "unit", "year"], name="unit_ceiling_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.amount}"


class NomenclatureVersion(models.Model):
    """One decree's list of urusan/bidang/program/kegiatan/sub kegiatan for one level."""

    name = models.CharField(_("nama versi"), max_length=100)
    level = models.CharField(
        _("tingkat"),
        max_length=10,
        choices=[("provinsi", _("Provinsi")), ("kabkota", _("Kabupaten/Kota"))],
    )
    decree = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("versi nomenklatur")
        verbose_name_plural = _("versi nomenklatur")
        constraints = [
            models.UniqueConstraint(fields=["name", "level"], name="nomenclature_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_level_display()})"


class NomenclatureItem(models.Model):
    class Kind(models.TextChoices):
        URUSAN = "urusan", _("Urusan")
        BIDANG = "bidang", _("Bidang urusan")
        PROGRAM = "program", _("Program")
        KEGIATAN = "kegiatan", _("Kegiatan")
        SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")

    version = models.ForeignKey(NomenclatureVersion, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    code = models.CharField(_("kode"), max_length=40)
    name = models.TextField(_("nama"))
    indicator = models.TextField(_("indikator"), blank=True)
    unit = models.CharField(_("satuan"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("nomenklatur")
        verbose_name_plural = _("nomenklatur")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="nomenclature_code_unique")
        ]
        indexes = [models.Index(fields=["version", "kind", "code"], name="nomen_kind_code_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
