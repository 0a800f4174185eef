"""Forms of the Persiapan page: team decree, members, work agenda."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TeamRole


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TeamDecreeForm(forms.Form):
    number = forms.CharField(label=_("Nomor SK"), max_length=200)
    date = forms.DateField(label=_("Tanggal SK"), widget=DateInput())
    signed_by = forms.CharField(
        label=_("Ditandatangani oleh"),
        max_length=200,
        help_text=_("Misalnya: Bupati, Wali Kota atau Gubernur beserta namanya."),
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=200)
    position = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    role = forms.ChoiceField(
        label=_("Kedudukan dalam tim"), choices=TeamRole.choices, initial=TeamRole.ANGGOTA
    )
    order = forms.IntegerField(label=_("Urutan"), min_value=0, required=False)


class AgendaItemForm(forms.Form):
    activity = forms.CharField(label=_("Kegiatan"), max_length=300)
    planned_start = forms.DateField(label=_("Rencana mulai"), widget=DateInput())
    planned_end = forms.DateField(label=_("Rencana selesai"), widget=DateInput())
    responsible = forms.CharField(label=_("Penanggung jawab"), max_length=200, required=False)
    done_on = forms.DateField(label=_("Tanggal selesai"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("Rencana selesai tidak boleh sebelum rencana mulai."))
        return data
