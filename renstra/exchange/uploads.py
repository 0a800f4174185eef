"""Uploaded files between the preview and the confirmation.

The content stays on the server (MEDIA_ROOT/imports/<token>.json); the browser only holds a
random token, and the token is valid only in the session that uploaded it. The confirmation
re-reads and re-validates the stored content: nothing the client sends back is trusted."""

import re
import secrets
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SESSION_KEY = "renstra_exchange_uploads"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_AGE_SECONDS = 24 * 3600


class UploadMissing(LookupError):
    """The token is unknown to this session or its file is gone."""


def _path(token: str) -> str:
    return f"imports/{token}.json"


def upload_store(*, session, content: bytes, filename: str) -> str:
    """Keep `content` under a new random token in `session`; returns the token.
    Also removes uploads older than a day that were never confirmed."""
    _prune()
    token = secrets.token_urlsafe(24)
    default_storage.save(_path(token), ContentFile(content))
    uploads = dict(session.get(SESSION_KEY, {}))
    uploads[token] = filename
    session[SESSION_KEY] = uploads
    return token


def upload_load(*, session, token: str) -> tuple[bytes, str]:
    """(content, original file name) of an upload of this session. Raises UploadMissing."""
    filename = session.get(SESSION_KEY, {}).get(token)
    if not TOKEN.match(token or "") or filename is None:
        raise UploadMissing(token)
    try:
        with default_storage.open(_path(token), "rb") as f:
            return f.read(), filename
    except FileNotFoundError:
        raise UploadMissing(token) from None


def upload_discard(*, session, token: str) -> None:
    """Forget the upload and delete its file."""
    uploads = dict(session.get(SESSION_KEY, {}))
    if uploads.pop(token, None) is not None and TOKEN.match(token):
        default_storage.delete(_path(token))
    session[SESSION_KEY] = uploads


def _prune() -> None:
    try:
        _dirs, files = default_storage.listdir("imports")
    except FileNotFoundError:
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for name in files:
        path = f"imports/{name}"
        try:
            if default_storage.get_modified_time(path).timestamp() < cutoff:
                default_storage.delete(path)
        except OSError:  # removed meanwhile by another request
            continue
