"""Self-registration with e-mail confirmation: the account stays inactive (cannot log in,
cannot comment) until the signed link is opened; the link expires."""

import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse

from participation.errors import RegistrationError
from participation.services.accounts import account_confirm, account_register

pytestmark = pytest.mark.django_db

DATA = {
    "full_name": "Rina Wulandari",
    "username": "rina",
    "email": "rina@example.org",
    "password1": "kopi-tubruk-pagi-42",
    "password2": "kopi-tubruk-pagi-42",
}


def _link(message) -> str:
    return re.search(r"https?://\S+/akun/konfirmasi/\S+/", message.body).group(0)


def test_signup_confirm_then_login(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("participation:signup"), DATA)
    assert response.status_code == 200
    assert "rina@example.org" in response.content.decode()
    user = get_user_model().objects.get(username="rina")
    assert not user.is_active
    assert [m.to for m in mail.outbox] == [["rina@example.org"]]
    assert not client.login(username="rina", password=DATA["password1"])

    link = _link(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirmed = client.get("/" + path)
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.is_active
    assert client.login(username="rina", password=DATA["password1"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "bukan-email"}, "e-mail"),
        ({"password1": "123", "password2": "123"}, "kata sandi"),
        ({"password2": "lain"}, "tidak sama"),
    ],
)
def test_signup_refuses_bad_input_and_keeps_it(client, change, message):
    response = client.post(reverse("participation:signup"), {**DATA, **change})
    assert response.status_code == 400
    body = response.content.decode()
    assert message.lower() in body.lower()
    assert "Rina Wulandari" in body
    assert not get_user_model().objects.filter(username="rina").exists()
    assert mail.outbox == []


def test_taken_username_and_email(client):
    account_register(
        username="rina", email="rina@example.org", full_name="", password=DATA["password1"]
    )
    with pytest.raises(RegistrationError) as name:
        account_register(
            username="RINA", email="x@example.org", full_name="", password=DATA["password1"]
        )
    assert "Nama pengguna" in name.value.text
    with pytest.raises(RegistrationError) as email:
        account_register(
            username="rina2", email="Rina@Example.org", full_name="", password=DATA["password1"]
        )
    assert "e-mail" in email.value.text


def test_bad_and_expired_links(client):
    user = account_register(
        username="rina", email="rina@example.org", full_name="", password=DATA["password1"]
    )
    with pytest.raises(RegistrationError) as bad:
        account_confirm(token="tidak-sah")
    assert "tidak valid" in bad.value.text
    from participation.services.accounts import confirmation_token

    token = confirmation_token(user)
    with (
        mock.patch("participation.services.accounts.confirm_max_age", return_value=-1),
        pytest.raises(RegistrationError) as expired,
    ):
        account_confirm(token=token)
    assert "kedaluwarsa" in expired.value.text
    response = client.get(reverse("participation:account_confirm", args=["x"]))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active
    # A link for an address that has changed since is not valid.
    user.email = "baru@example.org"
    user.save()
    with pytest.raises(RegistrationError):
        account_confirm(token=token)
    assert signing.loads(confirmation_token(user), salt="participation.account-confirm")["e"] == (
        "baru@example.org"
    )


def test_resend_says_the_same_for_unknown_addresses(client, django_capture_on_commit_callbacks):
    account_register(
        username="rina", email="rina@example.org", full_name="", password=DATA["password1"]
    )
    url = reverse("participation:account_resend")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "rina@example.org"}, follow=True)
        unknown = client.post(url, {"email": "siapa@example.org"}, follow=True)
    text = "tautan baru telah dikirim"
    assert text in known.content.decode() and text in unknown.content.decode()
    assert [m.to for m in mail.outbox] == [["rina@example.org"]]


def test_signup_page_for_logged_in_users_redirects(client):
    from tests.factories import UserFactory

    assert client.get(reverse("participation:signup")).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("participation:signup")).status_code == 302
