"""Forms for maintaining the RPJMD reference in the browser (admin Bappeda)."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .form_fields import model_choice_field
from .models import Region, Rpjmd, RpjmdSasaran, Unit
from .values import format_rupiah, parse_rupiah_input


class RpjmdForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Daerah"), queryset=Region.objects.none())
    title = forms.CharField(label=_("Judul"), max_length=300, required=False)
    start_year = forms.IntegerField(label=_("Tahun awal"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Tahun akhir"), min_value=2000, max_value=2100)
    visi = forms.CharField(
        label=_("Visi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is None:  # editing: the region stays
            del self.fields["region"]
        else:
            self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end:
            length = end - start + 1
            if not settings.RENSTRA_MIN_YEARS <= length <= settings.RENSTRA_MAX_YEARS:
                raise forms.ValidationError(
                    _("Periode RPJMD harus %(min)s sampai %(max)s tahun."),
                    params={"min": settings.RENSTRA_MIN_YEARS, "max": settings.RENSTRA_MAX_YEARS},
                )
        return data


PARENT_LABELS = {"tujuan": _("Misi"), "sasaran": _("Tujuan RPJMD")}
TEXT_LABELS = {"misi": _("Misi"), "tujuan": _("Tujuan"), "sasaran": _("Sasaran")}


class ReferenceItemForm(forms.Form):
    """Code and text of a misi, tujuan or sasaran, and the level above where there is one."""

    parent = forms.ModelChoiceField(label="", queryset=Rpjmd.objects.none(), required=False)
    code = forms.CharField(label=_("Kode"), max_length=20)
    text = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rpjmd: Rpjmd, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = TEXT_LABELS[kind]
        if kind == "tujuan":
            model_choice_field(self, "parent").queryset = rpjmd.misi.all()
        elif kind == "sasaran":
            model_choice_field(self, "parent").queryset = rpjmd.tujuan.all()
        else:
            del self.fields["parent"]
            return
        self.fields["parent"].label = PARENT_LABELS[kind]
        self.order_fields(["code", "text", "parent"])


class ProgramForm(forms.Form):
    code = forms.CharField(label=_("Kode program"), max_length=40)
    name = forms.CharField(label=_("Nama program"), widget=forms.Textarea(attrs={"rows": 2}))
    sasaran = forms.ModelChoiceField(
        label=_("Sasaran RPJMD"), queryset=RpjmdSasaran.objects.none(), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Perangkat daerah pengampu"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Tahan Ctrl (atau Cmd) untuk memilih lebih dari satu."),
    )

    def __init__(self, *args, rpjmd: Rpjmd, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "sasaran").queryset = rpjmd.sasaran.all()
        units = Unit.objects.filter(region=rpjmd.region_id).order_by("name")
        model_choice_field(self, "units").queryset = units


class CeilingGridForm(forms.Form):
    """One Rupiah cell per unit and year (`c-<unit id>-<year>`), typed the Indonesian way
    ("1.234.567" or "1.234.567,50"); an empty cell clears it. Bad input keeps what was
    typed and says what is expected."""

    def __init__(self, *args, units: list[Unit], years: list[int], initial_amounts=None, **kw):
        super().__init__(*args, **kw)
        self.units, self.years = units, years
        initial_amounts = initial_amounts or {}
        for unit in units:
            for year in years:
                name = self.cell_name(unit.pk, year)
                self.fields[name] = forms.CharField(
                    label=_("Pagu %(unit)s tahun %(year)s") % {"unit": unit.name, "year": year},
                    required=False,
                    max_length=40,
                    initial=format_rupiah(initial_amounts.get((unit.pk, year)), prefix=False),
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "money"}),
                )

    @staticmethod
    def cell_name(unit_id: int, year: int) -> str:
        return f"c-{unit_id}-{year}"

    def clean(self):
        data = super().clean()
        amounts: dict[tuple[int, int], Decimal | None] = {}
        for unit in self.units:
            for year in self.years:
                name = self.cell_name(unit.pk, year)
                raw = data.get(name, "")
                try:
                    value = parse_rupiah_input(raw)
                except ValueError:
                    self.add_error(
                        name,
                        _(
                            "“%(text)s” bukan nilai Rupiah. Tulis seperti 1.234.567 "
                            "atau 1.234.567,50."
                        )
                        % {"text": raw},
                    )
                    continue
                if value is not None and value < 0:
                    self.add_error(name, _("Pagu tidak boleh negatif."))
                    continue
                amounts[(unit.pk, year)] = value
        data["amounts"] = amounts
        return data

    def rows(self):
        """(unit, [bound field per year]) for the template."""
        return [
            (unit, [self[self.cell_name(unit.pk, year)] for year in self.years])
            for unit in self.units
        ]
