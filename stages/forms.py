from django import forms
from django.utils.translation import gettext_lazy as _


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FreezeForm(forms.Form):
    label = forms.CharField(label=_("Label versi"), max_length=200)


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Versi lama"), min_value=1)
    b = forms.IntegerField(label=_("Versi baru"), min_value=1)
