"""Forms for the document text: chapter and section editing with the rich-text editor."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from .sanitize import sanitize_html

# What the editor offers. It is a subset of `sanitize.ALLOWED_TAGS`, so nothing the
# editor produces is stripped on save; headings start at h3 because the page's own h1/h2
# are the document, chapter and section titles.
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [3, 4, 5, 6]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}


def editor_field(label) -> ProseEditorFormField:
    # Our own allow-list, the same one the services apply: the page that re-displays
    # what the user typed (after a conflict) never carries anything it would not store.
    return ProseEditorFormField(
        label=label,
        required=False,
        config={"extensions": EDITOR_EXTENSIONS},
        sanitize=sanitize_html,
    )


class TextEditForm(forms.Form):
    """Title and body of a chapter or section, plus the revision the editor was opened at."""

    title = forms.CharField(label=_("Judul"), max_length=300)
    body = editor_field(_("Isi"))
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, body_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body_label:
            self.fields["body"].label = body_label


class SectionCreateForm(forms.Form):
    number = forms.CharField(
        label=_("Nomor subbab"),
        max_length=20,
        help_text=_("Contoh: 2.5"),
    )
    title = forms.CharField(label=_("Judul subbab"), max_length=300)


class SectionDeleteForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
