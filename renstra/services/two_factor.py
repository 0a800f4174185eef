"""The TOTP second factor (django-otp): enrolling a device and checking a code."""

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


class TotpThrottled(Exception):
    """Too many wrong codes in a row: django-otp makes the user wait (doubling each time)."""


def totp_device_pending(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed device (created on first call), whose key the enrolment page
    shows as a QR code. Raises PermissionError when the user already has a confirmed device:
    a second one may only be added by an administrator (a password alone must never be
    enough to enrol a new authenticator)."""
    with transaction.atomic():
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise PermissionError("A confirmed TOTP device exists.")
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm the pending device if `token` is its current code. Returns whether it was;
    changes the device (confirmed, drift and throttling counters)."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def totp_verify(*, user: Any, token: str) -> TOTPDevice | None:
    """The confirmed device whose current code is `token`, else None. A code is accepted
    once (no replay). Raises TotpThrottled while django-otp's back-off after wrong codes
    lasts. Changes the device's counters."""
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    allowed = [device for device in devices if device.verify_is_allowed()[0]]
    if devices and not allowed:
        raise TotpThrottled
    for device in allowed:
        if device.verify_token(token):
            return device
    return None
