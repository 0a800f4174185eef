from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Unit


class PlanCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Perangkat daerah"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Judul"), max_length=300)
    start_year = forms.IntegerField(label=_("Tahun awal"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Tahun akhir"), min_value=2000, max_value=2100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end:
            length = end - start + 1
            if not settings.RENSTRA_MIN_YEARS <= length <= settings.RENSTRA_MAX_YEARS:
                raise forms.ValidationError(
                    _("Periode rencana harus %(min)s sampai %(max)s tahun."),
                    params={"min": settings.RENSTRA_MIN_YEARS, "max": settings.RENSTRA_MAX_YEARS},
                )
        return data
