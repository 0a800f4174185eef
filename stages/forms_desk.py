"""Forms of the verification desk and of the unit's submission page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CHECKLIST_RULES, ReviewItem
from .verification.rules import RULES_BY_ID


def rule_title(rule_id: str, language: str = "id") -> str:
    rule = RULES_BY_ID.get(rule_id)
    if rule is None:
        return rule_id
    return rule.title_en if language.startswith("en") else rule.title


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Surat pengantar / catatan pengajuan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.CharField(
        label=_("Alasan mengajukan meskipun masih ada temuan galat"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib diisi bila verifikasi otomatis masih menemukan galat."),
    )


class ChecklistForm(forms.Form):
    """One checkbox and one note per manual rule (fields `<rule>-checked`, `<rule>-note`)."""

    def __init__(self, *args, items=(), language: str = "id", **kwargs):
        super().__init__(*args, **kwargs)
        by_rule = {item.rule: item for item in items}
        self.rows = []
        for rule in CHECKLIST_RULES:
            item = by_rule.get(rule)
            title = rule_title(rule, language)
            self.fields[f"{rule}-checked"] = forms.BooleanField(
                label=f"{rule} · {title}",
                required=False,
                initial=item.checked if item else False,
            )
            self.fields[f"{rule}-note"] = forms.CharField(
                label=_("Catatan %(rule)s") % {"rule": rule},
                required=False,
                max_length=4000,
                initial=item.note if item else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append((rule, self[f"{rule}-checked"], self[f"{rule}-note"], item))

    def values(self) -> dict[str, tuple[bool, str]]:
        return {
            rule: (self.cleaned_data[f"{rule}-checked"], self.cleaned_data[f"{rule}-note"])
            for rule in CHECKLIST_RULES
        }


class ReviewItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=ReviewItem.Kind.choices, initial=ReviewItem.Kind.FINDING
    )
    element = forms.TypedChoiceField(
        label=_("Elemen"), required=False, coerce=int, empty_value=None
    )
    rule = forms.ChoiceField(label=_("Aturan (bila ada)"), required=False)
    text = forms.CharField(
        label=_("Uraian temuan atau rekomendasi"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, elements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = [("", _("Umum (seluruh rencana)")), *list(elements)]
        self.fields["rule"].choices = [("", "—")] + [
            (r, r)
            for r in sorted(RULES_BY_ID, key=lambda r: (r[0], int(r[1:]) if r[1:].isdigit() else 0))
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("return", "return"), ("accept", "accept")])
    note = forms.CharField(
        label=_("Catatan umum verifikasi"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Tanggapan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
