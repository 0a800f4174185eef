"""Forms of the participatory flow (organisations, accounts, consultations, proposals,
minutes, notification settings). Comments have theirs in forms_comments.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from renstra.models import Element, Region

from .models import Consultation, NotificationSettings, Organisation, Proposal
from .services.proposals import ANSWERING_KINDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        help_text=_("Huruf, angka, dan @ . + - _ saja."),
    )
    email = forms.EmailField(label=_("Alamat e-mail"))
    password1 = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class ResendForm(forms.Form):
    email = forms.EmailField(label=_("Alamat e-mail"))


class OrganisationRegisterForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Daerah"), queryset=Region.objects.order_by("name"))
    name = forms.CharField(label=_("Nama organisasi"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis organisasi"), choices=Organisation.Kind.choices)
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    contact_email = forms.EmailField(label=_("E-mail kontak"), required=False)
    description = forms.CharField(
        label=_("Keterangan singkat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    role = forms.CharField(label=_("Jabatan Anda dalam organisasi"), max_length=200, required=False)
    document = forms.FileField(
        label=_("Dokumen registrasi"),
        help_text=_("Akta, SK Kemenkumham, atau surat keterangan terdaftar: PDF, PNG, atau JPEG."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("approve", _("Setujui")), ("reject", _("Tolak"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib diisi bila menolak."),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class JoinForm(forms.Form):
    role = forms.CharField(label=_("Jabatan Anda dalam organisasi"), max_length=200, required=False)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis konsultasi"), choices=Consultation.Kind.choices)
    title = forms.CharField(label=_("Judul"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Dibuka mulai (WIB)"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Ditutup pada (WIB)"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    audience = forms.ChoiceField(label=_("Peserta"), choices=Consultation.Audience.choices)
    invited_organisations = forms.ModelMultipleChoiceField(
        label=_("Organisasi yang diundang"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya untuk peserta “organisasi yang diundang”."),
    )
    place = forms.CharField(label=_("Tempat"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Tautan daring"), max_length=500, required=False, assume_scheme="https"
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_organisations"].queryset = Organisation.objects.filter(
            region=region, status=Organisation.Status.VERIFIED
        ).order_by("name")


class CloseForm(forms.Form):
    answered = forms.BooleanField(
        label=_("Semua masukan sudah dijawab (tutup sebagai “semua masukan dijawab”)"),
        required=False,
    )


class ProposalForm(forms.Form):
    source = forms.ChoiceField(label=_("Sumber"), choices=Proposal.Source.choices)
    reference = forms.CharField(label=_("Nomor/rujukan"), max_length=100, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisasi pengusul"), queryset=Organisation.objects.none(), required=False
    )
    proposer_name = forms.CharField(
        label=_("Pengusul"),
        max_length=300,
        required=False,
        help_text=_("Nama orang, kelompok, desa/kelurahan, atau anggota DPRD."),
    )
    location = forms.CharField(label=_("Lokasi"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Uraian usulan"), widget=forms.Textarea(attrs={"rows": 3})
    )
    volume = forms.CharField(label=_("Volume"), max_length=200, required=False)

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            region=region, status=Organisation.Status.VERIFIED
        ).order_by("name")


class DisposeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Tindak lanjut"),
        choices=[("answered", _("Diakomodasi oleh")), ("declined", _("Tidak diakomodasi"))],
        widget=forms.RadioSelect,
    )
    element = forms.ModelChoiceField(
        label=_("Program/kegiatan/sub kegiatan"), queryset=Element.objects.none(), required=False
    )
    decline_reason = forms.CharField(
        label=_("Alasan tidak diakomodasi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].queryset = Element.objects.filter(
            plan=plan, kind__in=ANSWERING_KINDS
        ).order_by("position", "id")
        self.fields["element"].label_from_instance = lambda e: (
            f"{e.get_kind_display()} {e.code} {e.text[:120]}".strip()
        )


class MinutesForm(forms.Form):
    number = forms.CharField(label=_("Nomor berita acara"), max_length=200)
    held_on = forms.DateField(label=_("Tanggal pelaksanaan"), widget=DateInput())
    place = forms.CharField(label=_("Tempat"), max_length=300, required=False)
    chair = forms.CharField(label=_("Pimpinan forum"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Ringkasan jalannya forum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    points = forms.CharField(
        label=_("Butir kesepakatan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Satu butir per baris. Untuk mengaitkan elemen, tulis kodenya dalam kurung siku "
            "di akhir baris, misalnya: Menambah posyandu [1.02.02.2.01]."
        ),
    )
    attendees = forms.CharField(
        label=_("Daftar hadir"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Satu orang per baris: Nama; Jabatan/peran; Instansi atau organisasi."),
    )
    signatories = forms.CharField(
        label=_("Penanda tangan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu orang per baris: Nama; Jabatan; Mewakili."),
    )


class NotificationSettingsForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Kirim notifikasi lewat e-mail"),
        choices=NotificationSettings.Delivery.choices,
        widget=forms.RadioSelect,
    )
