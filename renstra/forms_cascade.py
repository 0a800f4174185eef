"""Forms of the cascade pages: element, indicator with its year grid, funding grid, issues."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .form_fields import model_choice_field
from .models import (
    Element,
    ElementKind,
    Indicator,
    NomenclatureItem,
    Plan,
    RpjmdProgram,
    RpjmdSasaran,
    StrategicIssue,
)
from .models.cascade import ALLOWED_PARENT, CODED_KINDS
from .values import format_rupiah, parse_rupiah_input

_TEXT = {"class": "wide"}
_DETAIL_KINDS = {ElementKind.PROGRAM, ElementKind.KEGIATAN, ElementKind.SUB_KEGIATAN}
ISSUE_KINDS = {ElementKind.TUJUAN, ElementKind.SASARAN, ElementKind.STRATEGI}


def element_field_names(kind: str) -> list[str]:
    """The element fields an editor of `kind` fills, in form order."""
    names = ["code", "text"] if kind in CODED_KINDS else ["ref", "text"]
    if kind in _DETAIL_KINDS:
        names += ["statement", "unit_in_charge", "location", "target_group"]
    if kind in (ElementKind.TUJUAN, ElementKind.SASARAN):
        names.append("rpjmd_sasaran")
    if kind == ElementKind.PROGRAM:
        names.append("rpjmd_program")
    if kind in CODED_KINDS:
        names.append("nomenclature")
    return names


class ElementForm(forms.Form):
    """The fields of one element; which appear depends on its kind."""

    ref = forms.CharField(
        label=_("Kode acuan"), max_length=40, required=False, help_text=_("Misalnya T1 atau T1.S2.")
    )
    code = forms.CharField(
        label=_("Kode"),
        max_length=40,
        required=False,
        help_text=_("Kode nomenklatur, misalnya 1.02.02.2.01.0001."),
    )
    text = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}))
    statement = forms.CharField(
        label=_("Sasaran (hasil)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit_in_charge = forms.CharField(
        label=_("Unit kerja penanggung jawab"), max_length=300, required=False
    )
    location = forms.CharField(label=_("Lokasi"), max_length=300, required=False)
    target_group = forms.CharField(label=_("Kelompok sasaran"), max_length=300, required=False)
    rpjmd_sasaran = forms.ModelChoiceField(
        label=_("Sasaran RPJMD yang diacu"),
        queryset=RpjmdSasaran.objects.none(),
        required=False,
        empty_label=_("— belum dipilih —"),
    )
    rpjmd_program = forms.ModelChoiceField(
        label=_("Program RPJMD yang diacu"),
        queryset=RpjmdProgram.objects.none(),
        required=False,
        empty_label=_("— belum dipilih —"),
    )
    nomenclature = forms.ModelChoiceField(
        queryset=NomenclatureItem.objects.all(), required=False, widget=forms.HiddenInput
    )
    issues = forms.ModelMultipleChoiceField(
        label=_("Isu strategis yang dijawab"),
        queryset=StrategicIssue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, plan: Plan, kind: str, with_revision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = set(element_field_names(kind))
        if kind in ISSUE_KINDS:
            keep.add("issues")
        if with_revision:
            self.fields["revision"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            keep.add("revision")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if kind in CODED_KINDS:
            self.fields["text"].label = _("Nama %(kind)s") % {"kind": ElementKind(kind).label}
        if "rpjmd_sasaran" in self.fields:
            model_choice_field(self, "rpjmd_sasaran").queryset = (
                RpjmdSasaran.objects.filter(rpjmd=plan.rpjmd_id)
                if plan.rpjmd_id
                else RpjmdSasaran.objects.none()
            )
        if "rpjmd_program" in self.fields:
            model_choice_field(self, "rpjmd_program").queryset = (
                RpjmdProgram.objects.filter(rpjmd=plan.rpjmd_id, units=plan.unit_id)
                if plan.rpjmd_id
                else RpjmdProgram.objects.none()
            )
        if "issues" in self.fields:
            model_choice_field(self, "issues").queryset = StrategicIssue.objects.filter(plan=plan)

    @classmethod
    def initial_for(cls, element: Element) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: getattr(element, f"{name}_id" if name.startswith(("rpjmd", "nomen")) else name)
            for name in element_field_names(element.kind)
        }
        data["revision"] = element.revision
        if element.kind in ISSUE_KINDS:
            data["issues"] = [i.pk for i in element.issues.all()]
        return data

    def clean(self):
        data = super().clean()
        item = data.get("nomenclature")
        # A code typed by hand that differs from the picked item breaks the link.
        if item is not None and data.get("code", item.code) != item.code:
            data["nomenclature"] = None
        return data

    def changes(self) -> dict[str, Any]:
        """The cleaned element fields (without revision and issues) for the services."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("revision", "issues")}


class ElementCreateForm(ElementForm):
    """The first fields of a new element; the rest are edited on its page."""

    def __init__(self, *args: Any, plan: Plan, kind: str, **kwargs):
        super().__init__(*args, plan=plan, kind=kind, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            widget=forms.HiddenInput, choices=ElementKind.choices
        )
        self.fields["parent"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        self.fields.pop("issues", None)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in super().changes().items() if k not in ("kind", "parent", "text")}


INDICATOR_FIELDS = [
    "name",
    "unit",
    "kind",
    "polarity",
    "nature",
    "baseline",
    "final",
    "formula",
    "data_source",
    "is_key",
]


class IndicatorForm(forms.Form):
    """An indicator with one target text per plan year (`target_<year>`)."""

    name = forms.CharField(label=_("Indikator"), widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.CharField(label=_("Satuan"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=[("", "—"), *Indicator.Kind.choices], required=False
    )
    polarity = forms.ChoiceField(
        label=_("Polaritas"), choices=[("", "—"), *Indicator.Polarity.choices], required=False
    )
    nature = forms.ChoiceField(
        label=_("Sifat"), choices=[("", "—"), *Indicator.Nature.choices], required=False
    )
    baseline = forms.CharField(label=_("Kondisi awal"), max_length=100, required=False)
    final = forms.CharField(label=_("Kondisi akhir"), max_length=100, required=False)
    formula = forms.CharField(
        label=_("Formula"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    data_source = forms.CharField(label=_("Sumber data"), required=False)
    is_key = forms.BooleanField(label=_("Indikator kinerja utama (IKU)"), required=False)

    def __init__(self, *args: Any, years: list[int], with_revision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        if with_revision:
            self.fields["revision"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        for year in years:
            self.fields[f"target_{year}"] = forms.CharField(
                label=_("Target %(year)s") % {"year": year}, max_length=100, required=False
            )

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        data = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
        data["revision"] = indicator.revision
        for target in indicator.targets.all():
            data[f"target_{target.year}"] = target.value
        return data

    @property
    def target_fields(self) -> list[tuple[int, forms.BoundField]]:
        return [(year, self[f"target_{year}"]) for year in self.years]

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        """Every field except the year grid (baseline, targets, final)."""
        return [self[name] for name in INDICATOR_FIELDS if name not in ("baseline", "final")]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in INDICATOR_FIELDS}

    def targets(self) -> dict[int, str]:
        return {year: self.cleaned_data.get(f"target_{year}", "") for year in self.years}


class FundingForm(forms.Form):
    """Rupiah per plan year (`amount_<year>`), typed as "1.234.567" or "Rp 1.234.567"."""

    def __init__(self, *args: Any, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"amount_{year}"] = forms.CharField(
                label=_("Pagu %(year)s (Rp)") % {"year": year},
                max_length=40,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "data-year": year}),
            )

    @staticmethod
    def initial_for(amounts: dict[int, Decimal | None]) -> dict[str, str]:
        return {f"amount_{y}": format_rupiah(v, prefix=False) for y, v in amounts.items()}

    def clean(self):
        data = super().clean()
        for year in self.years:
            name = f"amount_{year}"
            if name not in data:
                continue
            try:
                amount = parse_rupiah_input(data[name])
            except ValueError:
                self.add_error(
                    name,
                    _("Tahun %(year)s: tulis angka Rupiah, misalnya 1.250.000 atau 1.250.000,50.")
                    % {"year": year},
                )
                continue
            if amount is not None and amount < 0:
                self.add_error(
                    name, _("Tahun %(year)s: pagu tidak boleh negatif.") % {"year": year}
                )
                continue
            data[name] = amount
        return data

    @property
    def amount_fields(self) -> list[tuple[int, forms.BoundField]]:
        return [(year, self[f"amount_{year}"]) for year in self.years]

    def amounts(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data[f"amount_{year}"] for year in self.years}


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Naik")), ("down", _("Turun"))], required=False)
    parent = forms.ModelChoiceField(
        label=_("Pindahkan ke induk"), queryset=Element.objects.none(), required=False
    )

    def __init__(self, *args: Any, element: Element, **kwargs):
        super().__init__(*args, **kwargs)
        parent_kind = ALLOWED_PARENT[element.kind]
        model_choice_field(self, "parent").queryset = (
            Element.objects.filter(plan_id=element.plan_id, kind=parent_kind)
            if parent_kind
            else Element.objects.none()
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("direction")) == bool(data.get("parent")):
            raise forms.ValidationError(_("Pilih arah (naik/turun) atau induk baru."))
        return data


ISSUE_FORM_FIELDS = ["ref", "text", "rank", "urgency", "seriousness", "growth"]


class IssueForm(forms.ModelForm):
    class Meta:
        model = StrategicIssue
        fields = ISSUE_FORM_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, with_revision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_revision:
            self.fields["revision"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def _post_clean(self):
        # The services validate and save; this form only reads the fields.
        pass

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ISSUE_FORM_FIELDS}


class NomenclatureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nomenklatur (kode atau nama)"), max_length=100, required=False
    )
