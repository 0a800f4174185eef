"""Forms of the comment pages. They only parse input; the services validate the anchor
against the consulted version and clean the text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommentTarget, OfficialResponse
from .selectors.comments import element_label


class CommentForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Apa yang Anda komentari?"),
        choices=CommentTarget.choices,
        initial=CommentTarget.PLAN,
        widget=forms.RadioSelect,
    )
    # The pickers parse ids only: their options (the consulted version's sections, sentences,
    # elements, indicators and years) are offered by `offer` for the page, and the service
    # checks the anchor against the version, so validating a post needs no version content.
    passage = forms.CharField(
        label=_("Pilih kalimat (dengan papan ketik atau tetikus)"),
        required=False,
        max_length=40,
        widget=forms.Select,
        help_text=_(
            "Pilih kalimat yang Anda komentari; kutipannya dapat Anda persingkat di kolom "
            "berikut. Di teks rancangan Anda juga dapat memilih bagian teks lalu menekan "
            "“Komentari bagian terpilih”."
        ),
    )
    section = forms.IntegerField(
        label=_("Subbab"), required=False, min_value=1, widget=forms.Select
    )
    quote = forms.CharField(
        label=_("Kutipan bagian teks yang dikomentari"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Salin atau ketik persis bagian teks dari subbab yang Anda komentari."),
    )
    position = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    element = forms.IntegerField(
        label=_("Elemen kaskade"), required=False, min_value=1, widget=forms.Select
    )
    indicator = forms.IntegerField(
        label=_("Indikator (untuk target per tahun)"),
        required=False,
        min_value=1,
        widget=forms.Select,
    )
    year = forms.IntegerField(
        label=_("Tahun (target atau pendanaan)"), required=False, widget=forms.Select
    )
    body = forms.CharField(
        label=_("Komentar Anda"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    organisation = forms.TypedChoiceField(
        label=_("Atas nama"), required=False, coerce=int, empty_value=None
    )
    attachment = forms.FileField(
        label=_("Lampiran (opsional: PDF, PNG, atau JPEG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        orgs = list(organisations)
        if orgs:
            self.fields["organisation"].choices = [(o.pk, o.name) for o in orgs]
            self.fields["organisation"].initial = orgs[0].pk
        else:
            del self.fields["organisation"]

    def offer(self, content, sentence_options) -> None:
        """Fill the pickers with the consulted version's sections, sentences, elements,
        indicators and years (for showing the form)."""
        self.fields["section"].widget.choices = [("", "—")] + [
            (s.pk, f"{s.number} {s.title}") for s in content.sections
        ]
        self.fields["passage"].widget.choices = [("", "—"), *sentence_options]
        elements, indicators = [], []
        for node in content.tree.walk():
            prefix = "— " * node.depth
            elements.append((node.element.pk, prefix + element_label(node.element)))
            for ind in node.indicators:
                indicators.append(
                    (ind.pk, f"{prefix}{ind.name} ({node.element.code or node.element.ref})")
                )
        self.fields["element"].widget.choices = [("", "—"), *elements]
        self.fields["indicator"].widget.choices = [("", "—"), *indicators]
        self.fields["year"].widget.choices = [("", "—")] + [(y, str(y)) for y in content.plan.years]

    def clean_passage(self) -> tuple[int, int, int] | None:
        """A picked sentence, "section:start:end" in the section's text."""
        value = self.cleaned_data.get("passage") or ""
        if not value:
            return None
        parts = value.split(":")
        numbers = [int(p) for p in parts] if all(p.isdigit() for p in parts) else []
        if len(numbers) != 3 or numbers[2] <= numbers[1]:
            raise forms.ValidationError(_("Kalimat yang dipilih tidak dikenal."))
        section, start, end = numbers
        return section, start, end

    def anchor(self) -> dict:
        """The anchor fields for `comment_create`: a picked sentence gives the section, the
        position to search from and (when no quote was typed) its span as the quote."""
        data = self.cleaned_data
        section = data.get("section")
        quote = data.get("quote") or ""
        position = data.get("position")
        sentence = None
        if data.get("passage"):
            section, start, end = data["passage"]
            if position is None:
                position = start
            if not quote.strip():
                sentence = (start, end)
        return {
            "target": data["target"],
            "section_id": section,
            "quote": quote,
            "sentence": sentence,
            "position": position,
            "element_id": data.get("element"),
            "indicator_id": data.get("indicator"),
            "year": data.get("year"),
        }


def _shortened(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sentence_options(section_views) -> list:
    """Grouped choices for the passage picker: per section, its sentences."""
    groups = []
    for view in section_views:
        options = [
            (f"{view.section.pk}:{start}:{start + len(text)}", _shortened(text))
            for start, text in view.sentences
        ]
        if options:
            groups.append((f"{view.section.number} {view.section.title}", options))
    return groups


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Balasan Anda"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(
        label=_("Lampiran (opsional: PDF, PNG, atau JPEG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan laporan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: ujaran kebencian, data pribadi, promosi, bukan tentang rencana."),
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Tindakan"),
        choices=[("hide", _("Sembunyikan")), ("unhide", _("Tampilkan kembali"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan moderasi"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Tanggapan"), choices=OfficialResponse.Kind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Alasan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    applied_version = forms.TypedChoiceField(
        label=_("Diterapkan pada versi"), required=False, coerce=int, empty_value=None
    )
    applied_section = forms.TypedChoiceField(
        label=_("Subbab tempat diterapkan"), required=False, coerce=int, empty_value=None
    )
    applied_element = forms.TypedChoiceField(
        label=_("atau elemen tempat diterapkan"), required=False, coerce=int, empty_value=None
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, versions=(), sections=(), elements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applied_version"].choices = [("", "—")] + [
            (v.number, f"v{v.number} {v.label}") for v in versions
        ]
        self.fields["applied_section"].choices = [("", "—")] + [
            (s.pk, f"{s.number} {s.title}") for s in sections
        ]
        self.fields["applied_element"].choices = [("", "—")] + [
            (e.pk, element_label(e)) for e in elements
        ]
