"""Domain errors of the exchange format. Views show `ExchangeInvalid.errors` as a list;
tests import the classes from here."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..errors import RenstraError


@dataclass(frozen=True)
class ExchangeError:
    """One problem of a file: where (a JSON path such as ``goals[0].ref``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ExchangeInvalid(RenstraError):
    """The file cannot be imported; nothing was written. `errors` lists every problem."""

    message = _("Berkas tidak dapat diimpor.")

    def __init__(self, message=None, *, errors: list[ExchangeError], **context):
        self.errors = list(errors)
        super().__init__(message, **context)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors) or self.text


class ImportNotAllowed(ExchangeInvalid):
    """The file is valid but the user may not import into its unit or region."""

    message = _("Anda tidak berwenang mengimpor berkas ini.")
