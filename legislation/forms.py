"""Forms of the legislative flow: they validate input; the services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from renstra.models import Element, Indicator, Section
from stages.models import Version

from .models import Commission, FlagshipProgram, ItemResponse, NoteKind, NoteTarget, Visibility

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DprdSubmitForm(forms.Form):
    commission = forms.ModelChoiceField(
        label=_("Komisi mitra"), queryset=Commission.objects.none(), empty_label=None
    )
    window_end = forms.DateField(
        label=_("Masa telaah berakhir (tanggal)"),
        widget=DATE_INPUT,
        help_text=_("Anggota DPRD dapat menulis catatan sampai akhir hari ini."),
    )
    note = forms.CharField(
        label=_("Surat pengantar / catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, commissions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = (
            commissions if commissions is not None else (Commission.objects.none())
        )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis catatan"), choices=NoteKind.choices)
    target = forms.ChoiceField(label=_("Catatan tentang"), choices=NoteTarget.choices)
    section = forms.ModelChoiceField(
        label=_("Subbab"), queryset=Section.objects.none(), required=False
    )
    element = forms.ModelChoiceField(
        label=_("Elemen kaskade"), queryset=Element.objects.none(), required=False
    )
    indicator = forms.ModelChoiceField(
        label=_("Indikator (sel target)"), queryset=Indicator.objects.none(), required=False
    )
    year = forms.TypedChoiceField(
        label=_("Tahun (sel target)"), choices=(), coerce=int, required=False, empty_value=None
    )
    location = forms.CharField(label=_("Lokasi usulan (pokir)"), max_length=300, required=False)
    proposed_volume = forms.CharField(
        label=_("Volume usulan (pokir)"), max_length=100, required=False
    )
    visibility = forms.ChoiceField(
        label=_("Keterbukaan"),
        choices=Visibility.choices,
        initial=Visibility.INTERNAL,
        help_text=_(
            "Catatan internal hanya dibaca anggota DPRD; catatan publik juga dibaca "
            "perangkat daerah dan tampil di portal publik."
        ),
    )
    text = forms.CharField(label=_("Isi catatan"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["section"].queryset = Section.objects.filter(plan=plan).order_by(
                "chapter__number", "position", "id"
            )
            self.fields["element"].queryset = Element.objects.filter(plan=plan).order_by(
                "position", "id"
            )
            self.fields["indicator"].queryset = (
                Indicator.objects.filter(plan=plan)
                .select_related("element")
                .order_by("element_id", "position", "id")
            )
            self.fields["year"].choices = [("", "—")] + [(y, y) for y in plan.years]


class LetterForm(forms.Form):
    number = forms.CharField(label=_("Nomor surat"), max_length=200)
    date = forms.DateField(label=_("Tanggal surat"), widget=DATE_INPUT)
    summary = forms.CharField(
        label=_("Pengantar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LetterItemForm(forms.Form):
    text = forms.CharField(
        label=_("Butir rekomendasi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    elements = forms.ModelMultipleChoiceField(
        label=_("Elemen yang dirujuk (opsional)"),
        queryset=Element.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["elements"].queryset = Element.objects.filter(plan=plan).order_by(
                "position", "id"
            )


LetterItemFormSet = forms.formset_factory(LetterItemForm, extra=3, max_num=50)


class ResponseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tanggapan"), choices=ItemResponse.Status.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Alasan / penjelasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila tidak atau sebagian diterima."),
    )
    change = forms.CharField(
        label=_("Perubahan yang dilakukan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    element = forms.ModelChoiceField(
        label=_("Elemen yang diubah"), queryset=Element.objects.none(), required=False
    )
    version = forms.ModelChoiceField(
        label=_("Versi yang memuat perubahan"), queryset=Version.objects.none(), required=False
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["element"].queryset = Element.objects.filter(plan=plan).order_by(
                "position", "id"
            )
            self.fields["version"].queryset = Version.objects.filter(plan=plan).order_by("-number")


class ApproveForm(forms.Form):
    reference = forms.CharField(label=_("Nomor surat persetujuan DPRD"), max_length=200)


class RatifyForm(forms.Form):
    perkada_number = forms.CharField(
        label=_("Nomor Perkada"),
        max_length=200,
        help_text=_("Misalnya: 12 Tahun 2026"),
    )
    perkada_date = forms.DateField(label=_("Tanggal Perkada"), widget=DATE_INPUT)
    signatory = forms.CharField(label=_("Nama penandatangan"), max_length=200)
    signatory_title = forms.CharField(
        label=_("Jabatan penandatangan"),
        max_length=200,
        required=False,
        help_text=_("Kosongkan untuk memakai jabatan kepala daerah."),
    )
    signed_scan = forms.FileField(
        label=_("Pindaian Perkada bertanda tangan (PDF, opsional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    findings_reason = forms.CharField(
        label=_("Alasan menetapkan dengan temuan galat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Hanya bila verifikasi otomatis masih menemukan galat."),
    )


class FlagshipLinkForm(forms.Form):
    element = forms.ModelChoiceField(label=_("Tujuan / sasaran"), queryset=Element.objects.none())
    flagships = forms.ModelMultipleChoiceField(
        label=_("Program unggulan yang dilayani"),
        queryset=FlagshipProgram.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["element"].queryset = Element.objects.filter(
                plan=plan, kind__in=["tujuan", "sasaran"]
            ).order_by("position", "id")
            self.fields["flagships"].queryset = FlagshipProgram.objects.filter(
                rpjmd_id=plan.rpjmd_id
            ).order_by("code", "id")
