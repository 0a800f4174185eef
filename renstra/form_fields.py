"""Typed access to a form's fields, for forms that narrow a field's choices per request."""

from typing import Any

from django import forms


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, a ModelChoiceField (or ModelMultipleChoiceField) whose
    queryset the form sets per request. Raises TypeError when it is another kind of field."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(
            f"{type(form).__name__}.{name} is a {type(field).__name__}, not a model choice field"
        )
    return field
