from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas rencana (JSON)"),
        help_text=_("Berkas format pertukaran Renstra (renstra-exchange versi 1)."),
        validators=[FileExtensionValidator(["json"])],
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.RENSTRA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar: paling besar %(limit)s."),
                params={"limit": filesizeformat(limit)},
            )
        return upload
