"""Self-registration for stakeholders and citizens with e-mail confirmation.

A new account is inactive until its owner opens the link mailed to them (a signed,
time-limited token naming the account and the address); Django refuses to log in an
inactive account, and the comment window check refuses it too."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from ..errors import RegistrationError

SALT = "participation.account-confirm"


def confirm_max_age() -> int:
    """Seconds a confirmation link stays valid (PARTICIPATION_CONFIRM_DAYS, default 3)."""
    return int(getattr(settings, "PARTICIPATION_CONFIRM_DAYS", 3)) * 24 * 3600


def confirmation_token(user: Any) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT, compress=True)


def _send_confirmation(user_id: int, base_url: str) -> None:
    user = get_user_model().objects.get(pk=user_id)
    link = (settings.RENSTRA_PUBLIC_URL or base_url.rstrip("/")) + reverse(
        "participation:account_confirm", args=[confirmation_token(user)]
    )
    context = {"user": user, "link": link, "days": confirm_max_age() // 86400}
    send_mail(
        subject=_("Konfirmasi pendaftaran akun Renstra"),
        message=render_to_string("participation/email/confirm.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def account_register(
    *, username: str, email: str, full_name: str, password: str, base_url: str = ""
) -> Any:
    """Create an inactive account and mail its confirmation link after commit.

    `base_url` ("https://host") is used for the link when RENSTRA_PUBLIC_URL is not set.
    Raises RegistrationError (empty or taken user name, invalid or taken e-mail, weak
    password: the validators' messages). Nothing is written when it raises."""
    User = get_user_model()
    username = (username or "").strip()
    email = (email or "").strip().lower()
    full_name = " ".join((full_name or "").split())[:200]
    if not username:
        raise RegistrationError(_("Isi nama pengguna."))
    try:
        validate_email(email)
    except ValidationError:
        raise RegistrationError(_("Alamat e-mail tidak valid.")) from None
    if User.objects.filter(username__iexact=username).exists():
        raise RegistrationError(_("Nama pengguna ini sudah dipakai."))
    if User.objects.filter(email__iexact=email).exists():
        raise RegistrationError(_("Alamat e-mail ini sudah terdaftar."))
    user = User(username=username, email=email, full_name=full_name, is_active=False)
    try:
        user.full_clean(exclude=["password"])
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise RegistrationError(" ".join(error.messages)) from None
    user.set_password(password)
    user.save()
    transaction.on_commit(lambda: _send_confirmation(user.pk, base_url))
    return user


def account_resend_confirmation(*, email: str, base_url: str = "") -> bool:
    """Mail the link again to an inactive, never-confirmed account with this address.
    Returns whether a mail was sent (the page says the same either way)."""
    user = (
        get_user_model()
        .objects.filter(email__iexact=(email or "").strip(), is_active=False, last_login=None)
        .first()
    )
    if user is None:
        return False
    transaction.on_commit(lambda: _send_confirmation(user.pk, base_url))
    return True


@transaction.atomic
def account_confirm(*, token: str) -> Any:
    """Activate the account the token names, if its address is unchanged and the token is
    not expired. Returns the user. Raises RegistrationError (invalid or expired link)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=confirm_max_age())
    except signing.SignatureExpired:
        raise RegistrationError(
            _("Tautan konfirmasi sudah kedaluwarsa. Minta tautan baru.")
        ) from None
    except signing.BadSignature:
        raise RegistrationError(_("Tautan konfirmasi tidak valid.")) from None
    User = get_user_model()
    user = User.objects.select_for_update().filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        raise RegistrationError(_("Tautan konfirmasi tidak valid."))
    if not user.is_active:
        if user.last_login is not None:
            # Deactivated by an administrator, not awaiting confirmation.
            raise RegistrationError(_("Akun ini dinonaktifkan. Hubungi administrator."))
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user
