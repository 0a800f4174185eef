"""The cascade: Tujuan → Sasaran → (Strategi → Arah Kebijakan) and
Sasaran → Program → Kegiatan → Sub Kegiatan, with indicators, targets and funding.

One table holds every level (`Element.kind`): the tree is edited, versioned, diffed,
commented on and verified uniformly, and a whole plan loads in a constant number of queries.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .plan import Plan, StrategicIssue
from .reference import NomenclatureItem, RpjmdProgram, RpjmdSasaran


class ElementKind(models.TextChoices):
    TUJUAN = "tujuan", _("Tujuan")
    SASARAN = "sasaran", _("Sasaran")
    STRATEGI = "strategi", _("Strategi")
    KEBIJAKAN = "kebijakan", _("Arah kebijakan")
    PROGRAM = "program", _("Program")
    KEGIATAN = "kegiatan", _("Kegiatan")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")


# Which kind of element may sit under which (None = top level).
ALLOWED_PARENT: dict[str, str | None] = {
    ElementKind.TUJUAN: None,
    ElementKind.SASARAN: ElementKind.TUJUAN,
    ElementKind.STRATEGI: ElementKind.SASARAN,
    ElementKind.KEBIJAKAN: ElementKind.STRATEGI,
    ElementKind.PROGRAM: ElementKind.SASARAN,
    ElementKind.KEGIATAN: ElementKind.PROGRAM,
    ElementKind.SUB_KEGIATAN: ElementKind.KEGIATAN,
}
CHILD_KINDS: dict[str, list[str]] = {
    kind: [child for child, parent in ALLOWED_PARENT.items() if parent == kind]
    for kind in ElementKind.values
}
CODED_KINDS = {ElementKind.PROGRAM, ElementKind.KEGIATAN, ElementKind.SUB_KEGIATAN}
FUNDED_KINDS = CODED_KINDS
INDICATOR_KINDS = {
    ElementKind.TUJUAN,
    ElementKind.SASARAN,
    ElementKind.PROGRAM,
    ElementKind.KEGIATAN,
    ElementKind.SUB_KEGIATAN,
}


class Element(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="elements")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=ElementKind.choices)
    position = models.PositiveIntegerField(default=0)
    ref = models.CharField(_("kode acuan"), max_length=40, blank=True)
    code = models.CharField(_("kode"), max_length=40, blank=True)
    text = models.TextField(_("uraian"))
    statement = models.TextField(_("sasaran (hasil)"), blank=True)
    unit_in_charge = models.CharField(_("unit kerja penanggung jawab"), max_length=300, blank=True)
    location = models.CharField(_("lokasi"), max_length=300, blank=True)
    target_group = models.CharField(_("kelompok sasaran"), max_length=300, blank=True)
    funding_final = models.DecimalField(
        _("pagu akhir periode (dinyatakan)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    rpjmd_sasaran = models.ForeignKey(
        RpjmdSasaran, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rpjmd_program = models.ForeignKey(
        RpjmdProgram, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nomenclature = models.ForeignKey(
        NomenclatureItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issues = models.ManyToManyField(StrategicIssue, blank=True, related_name="answered_by")
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[issues])

    class Meta:
        verbose_name = _("elemen kaskade")
        verbose_name_plural = _("elemen kaskade")
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["plan", "parent", "position"], name="element_tree_idx"),
            models.Index(fields=["plan", "code"], name="element_code_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ElementKind.values), name="element_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="tujuan", parent__isnull=True)
                | (~models.Q(kind="tujuan") & models.Q(parent__isnull=False)),
                name="element_only_tujuan_at_top",
            ),
        ]

    def __str__(self) -> str:
        label = self.code or self.ref
        return f"{label} {self.text}".strip()

    @property
    def child_kinds(self) -> list[str]:
        return CHILD_KINDS[self.kind]

    @property
    def is_coded(self) -> bool:
        return self.kind in CODED_KINDS

    @property
    def has_indicators(self) -> bool:
        return self.kind in INDICATOR_KINDS


class Indicator(models.Model):
    class Kind(models.TextChoices):
        IMPACT = "impact", _("Dampak")
        OUTCOME = "outcome", _("Hasil (outcome)")
        OUTPUT = "output", _("Keluaran (output)")
        INPUT = "input", _("Masukan (input)")

    class Polarity(models.TextChoices):
        POSITIVE = "positive", _("Positif (makin tinggi makin baik)")
        NEGATIVE = "negative", _("Negatif (makin rendah makin baik)")

    class Nature(models.TextChoices):
        ABSOLUTE = "absolute", _("Absolut")
        INCREMENTAL = "incremental", _("Inkremental")
        CUMULATIVE = "cumulative", _("Kumulatif")

    TAGS = ["IKU", "IKK", "SPM", "SDGs", "LPPD", "NSPK"]

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="indicators")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    name = models.TextField(_("indikator"))
    unit = models.CharField(_("satuan"), max_length=100, blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, blank=True)
    polarity = models.CharField(_("polaritas"), max_length=10, choices=Polarity.choices, blank=True)
    nature = models.CharField(_("sifat"), max_length=12, choices=Nature.choices, blank=True)
    baseline = models.CharField(_("kondisi awal"), max_length=100, blank=True)
    baseline_number = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    final = models.CharField(_("kondisi akhir"), max_length=100, blank=True)
    final_number = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    formula = models.TextField(_("formula"), blank=True)
    data_source = models.TextField(_("sumber data"), blank=True)
    is_key = models.BooleanField(_("IKU"), default=False)
    tags = models.JSONField(_("tanda"), default=list, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["plan", "element"], name="indicator_plan_idx")]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """One year's target as printed (`value`) and, where one can be read, its number."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.CharField(_("target"), max_length=100, blank=True)
    number = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("target")
        ordering = ["year"]
        indexes = [models.Index(fields=["plan"], name="target_plan_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="target_indicator_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Funding(models.Model):
    """Indicative funding of one element in one year (Rupiah).

    On a leaf (sub kegiatan, or a kegiatan without sub kegiatan) this is the plan's money;
    on a parent it is the total an imported document declared, kept for comparison only.
    `amount` NULL means blank (the year is present but empty)."""

    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="funding")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = models.DecimalField(_("pagu (Rp)"), max_digits=18, decimal_places=2, null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pendanaan")
        verbose_name_plural = _("pendanaan")
        ordering = ["year"]
        indexes = [models.Index(fields=["plan"], name="funding_plan_idx")]
        constraints = [
            models.UniqueConstraint(fields=["element", "year"], name="funding_element_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount if self.amount is not None else ''}"

    @property
    def value(self) -> Decimal | None:
        return self.amount
