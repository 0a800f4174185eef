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
    passage = forms.ChoiceField(
        label=_("Pilih kalimat (dengan papan ketik atau tetikus)"),
        required=False,
        help_text=_(
            "Pilih kalimat yang Anda komentari; kutipannya dapat Anda persingkat di kolom "
            "berikut. Di teks rancangan Anda juga dapat memilih bagian teks lalu menekan "
            "“Komentari bagian terpilih”."
        ),
    )
    section = forms.TypedChoiceField(
        label=_("Subbab"), required=False, coerce=int, empty_value=None
    )
    quote = forms.CharField(
        label=_("Kutipan bagian teks yang dikomentari"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Salin atau ketik persis bagian teks dari subbab yang Anda komentari."),
    )
    position = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    element = forms.TypedChoiceField(
        label=_("Elemen kaskade"), required=False, coerce=int, empty_value=None
    )
    indicator = forms.TypedChoiceField(
        label=_("Indikator (untuk target per tahun)"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(
        label=_("Tahun (target atau pendanaan)"), required=False, coerce=int, empty_value=None
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

    def __init__(self, *args, content=None, organisations=(), sentence_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sentence_texts = {
            value: label.full_text
            for _group, options in sentence_options
            for value, label in options
        }
        sections = list(content.sections) if content is not None else []
        self.fields["section"].choices = [("", "—")] + [
            (s.pk, f"{s.number} {s.title}") for s in sections
        ]
        self.fields["passage"].choices = [("", "—"), *sentence_options]
        elements, indicators = [], []
        if content is not None:
            for node in content.tree.walk():
                prefix = "— " * node.depth
                elements.append((node.element.pk, prefix + element_label(node.element)))
                for ind in node.indicators:
                    indicators.append(
                        (ind.pk, f"{prefix}{ind.name} ({node.element.code or node.element.ref})")
                    )
            self.fields["year"].choices = [("", "—")] + [(y, str(y)) for y in content.plan.years]
        self.fields["element"].choices = [("", "—"), *elements]
        self.fields["indicator"].choices = [("", "—"), *indicators]
        orgs = list(organisations)
        if orgs:
            self.fields["organisation"].choices = [(o.pk, o.name) for o in orgs]
            self.fields["organisation"].initial = orgs[0].pk
        else:
            del self.fields["organisation"]

    def anchor(self) -> dict:
        """The anchor fields for `comment_create`: the passage picker fills the section
        (and, when no quote was typed, the quote) and the position to search from."""
        data = self.cleaned_data
        section = data.get("section")
        quote = data.get("quote") or ""
        position = data.get("position")
        passage = data.get("passage") or ""
        if passage:
            section_part, _sep, rest = passage.partition(":")
            start, _sep, _end = rest.partition(":")
            try:
                section = int(section_part)
                if position is None:
                    position = int(start)
            except ValueError:
                pass
            if not quote.strip():
                quote = self.passage_text(passage)
        return {
            "target": data["target"],
            "section_id": section,
            "quote": quote,
            "position": position,
            "element_id": data.get("element"),
            "indicator_id": data.get("indicator"),
            "year": data.get("year"),
        }

    def passage_text(self, value: str) -> str:
        return self.sentence_texts.get(value, "")


class SentenceLabel(str):
    """An option's visible text (cut short) that remembers the whole sentence."""

    full_text: str

    def __new__(cls, text: str, limit: int = 140):
        shown = text if len(text) <= limit else text[: limit - 1] + "…"
        obj = super().__new__(cls, shown)
        obj.full_text = text
        return obj


def sentence_options(section_views) -> list:
    """Grouped choices for the passage picker: per section, its sentences."""
    groups = []
    for view in section_views:
        options = [
            (f"{view.section.pk}:{start}:{start + len(text)}", SentenceLabel(text))
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
