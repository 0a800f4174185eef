"""Forms of the inspectorate review pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from renstra.form_fields import model_choice_field
from renstra.models import Element, Plan

from .models import InspectorateReviewResult


class ElementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Element) -> str:
        return f"{obj.get_kind_display()}: {obj}"[:160]


class NoteForm(forms.Form):
    element = ElementChoiceField(
        label=_("Elemen yang dicatat"),
        queryset=Element.objects.none(),
        required=False,
        empty_label=_("— Catatan umum —"),
    )
    text = forms.CharField(label=_("Catatan reviu"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "element").queryset = Element.objects.filter(plan=plan).order_by(
            "kind", "code", "position", "id"
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Jawaban"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseReviewForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Hasil reviu"),
        choices=InspectorateReviewResult.Result.choices,
        help_text=_(
            "“Memadai” menyelesaikan reviu; “Perlu perbaikan” mengembalikan rencana ke "
            "tahap rancangan akhir."
        ),
    )
    summary = forms.CharField(
        label=_("Ringkasan hasil reviu"), widget=forms.Textarea(attrs={"rows": 4})
    )
