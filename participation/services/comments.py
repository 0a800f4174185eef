"""Comments: writing one (anchored to a passage, an element, a year's target or funding
cell, or the plan), replying, attachments, the per-person rate limit, reports and
moderation. Every write re-checks the consultation window on the server
(`consultation_assert_can_comment`)."""

import hashlib
import html
import re
from datetime import datetime
from typing import Any, cast

import nh3
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from renstra.services.history import attribute

from ..anchors import locate, plain_text
from ..errors_comments import AttachmentRejected, CommentInvalid, ModerationError, RateLimited
from ..models import (
    Comment,
    CommentAttachment,
    CommentReport,
    CommentTarget,
    Consultation,
    ModerationAction,
    Organisation,
)
from ..selectors.comments import (
    element_label,
    funding_label,
    indicator_label,
    section_label,
    version_object,
)
from .consultations import consultation_assert_can_comment

BODY_MAX = 5000
QUOTE_MAX = 1000
REASON_MAX = 2000
NAME_MAX = 120

# --- Settings (renstra/settings.py documents them) ------------------------------------------


def attachment_max_bytes() -> int:
    return int(getattr(settings, "RENSTRA_COMMENT_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def report_threshold() -> int:
    return max(1, int(getattr(settings, "RENSTRA_COMMENT_REPORT_THRESHOLD", 3)))


def rate_limit() -> tuple[int, int]:
    count, seconds = getattr(settings, "RENSTRA_COMMENT_RATE", (10, 600))
    return int(count), int(seconds)


# --- Text ----------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e]")


def clean_text(value: str | None, *, limit: int, multiline: bool = True) -> str:
    """Plain text from what a person typed: markup removed (an element's text kept,
    scripts and styles dropped with their content), entities decoded, repeated until
    nothing that parses as a tag is left; control and direction-override characters
    removed; newlines normalised. Pages escape it when they show it.

    Raises CommentInvalid when the result is longer than `limit`."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    for _round in range(5):
        cleaned = html.unescape(nh3.clean(text, tags=set(), strip_comments=True))
        if cleaned == text:
            break
        text = cleaned
    else:
        # Still changing after five rounds: a deliberately nested payload. Keep no markup.
        text = re.sub(r"[<>]", "", text)
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    if len(text) > limit:
        raise CommentInvalid(CommentInvalid.too_long % {"limit": limit})
    return text


# --- Rate limit ------------------------------------------------------------------------------


def rate_limit_hit(*, user: Any, scope: str = "comment") -> None:
    """Count one write of `user` in `scope`; raise RateLimited past the configured
    number per period (RENSTRA_COMMENT_RATE = (count, seconds); the cache keeps the
    counter, a fixed window per person)."""
    count, seconds = rate_limit()
    if count <= 0:
        return
    key = f"participation:rate:{scope}:{user.pk}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        used = 1
    if used > count:
        raise RateLimited(RateLimited.message % {"minutes": max(1, round(seconds / 60))})


# --- Attachments ---------------------------------------------------------------------------

MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def attachment_check(upload: UploadedFile) -> tuple[str, str]:
    """(content type, safe display name) of an upload, from its first bytes (magic
    numbers), never from its name or the browser's type. Raises AttachmentRejected."""
    limit = attachment_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise AttachmentRejected(AttachmentRejected.too_large % {"limit": filesizeformat(limit)})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head:
        raise AttachmentRejected(AttachmentRejected.empty)
    content_type = next((kind for magic, kind in MAGIC if head.startswith(magic)), None)
    if content_type is None:
        raise AttachmentRejected(AttachmentRejected.bad_type)
    return content_type, safe_name(upload.name or "", content_type)


def safe_name(name: str, content_type: str) -> str:
    """A display name: no path, no markup, no control characters, the extension of the
    real type."""
    try:
        base = clean_text(name, limit=10_000, multiline=False)
    except CommentInvalid:  # pragma: no cover - the limit is generous
        base = ""
    base = re.split(r"[\\/]", base)[-1]
    base = re.sub(r"[^\w .()\-]", "_", base).strip(" .") or "lampiran"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    ext = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[content_type]
    return f"{stem[:NAME_MAX]}.{ext}"


# --- Writing --------------------------------------------------------------------------------


def _where(
    *,
    consultation: Consultation,
    target: str,
    section_id: int | None,
    quote: str,
    sentence: tuple[int, int] | None,
    position: int | None,
    element_id: int | None,
    indicator_id: int | None,
    year: int | None,
) -> dict[str, Any]:
    """Validate the anchor against the consulted version; the fields to store."""
    from renstra.models import Element, Indicator, Section

    version = consultation.version
    plan = consultation.plan
    fields: dict[str, Any] = {"target": target}
    if target == CommentTarget.PLAN:
        fields["where_label"] = _("Rencana secara keseluruhan")
        return fields
    if target == CommentTarget.SECTION:
        section = version_object(Section, version, section_id)
        if section is None or section.plan_id != plan.pk:
            raise CommentInvalid(CommentInvalid.section_missing)
        text = plain_text(section.body)
        if not quote.strip() and sentence is not None:
            quote = text[sentence[0] : sentence[1]]
        quote = clean_text(quote, limit=QUOTE_MAX, multiline=True)
        if not quote:
            raise CommentInvalid(CommentInvalid.quote_empty)
        span = locate(text, quote, position)
        if span is None:
            raise CommentInvalid(CommentInvalid.quote_missing)
        fields.update(
            section_id=section.pk,
            quote=quote,
            position=span[0],
            where_label=section_label(section),
        )
        return fields
    if target in (CommentTarget.ELEMENT, CommentTarget.FUNDING):
        element = version_object(Element, version, element_id)
        if element is None or element.plan_id != plan.pk:
            raise CommentInvalid(CommentInvalid.element_missing)
        fields["element_id"] = element.pk
        if target == CommentTarget.FUNDING:
            if year not in plan.years:
                raise CommentInvalid(CommentInvalid.year_invalid)
            fields.update(year=year, where_label=funding_label(element, year))
        else:
            fields["where_label"] = element_label(element)
        return fields
    if target == CommentTarget.TARGET:
        indicator = version_object(Indicator, version, indicator_id)
        if indicator is None or indicator.plan_id != plan.pk:
            raise CommentInvalid(CommentInvalid.indicator_missing)
        if year not in plan.years:
            raise CommentInvalid(CommentInvalid.year_invalid)
        element = version_object(Element, version, indicator.element_id)
        fields.update(
            indicator_id=indicator.pk,
            element_id=indicator.element_id,
            year=year,
            where_label=indicator_label(indicator, element, year),
        )
        return fields
    raise CommentInvalid(CommentInvalid.target_invalid)


def comment_create(
    *,
    consultation: Consultation,
    user: Any,
    body: str,
    target: str = CommentTarget.PLAN,
    section_id: int | None = None,
    quote: str = "",
    sentence: tuple[int, int] | None = None,
    position: int | None = None,
    element_id: int | None = None,
    indicator_id: int | None = None,
    year: int | None = None,
    organisation: Organisation | None = None,
    attachment: UploadedFile | None = None,
    at: datetime | None = None,
) -> Comment:
    """Write a new comment (a thread's first) on the consulted version.

    The window and audience are checked first (`consultation_assert_can_comment`, which
    also decides the organisation the comment is attributed to), then the anchor against
    the frozen version (a quote must occur in the section's text; its stored position is
    the occurrence nearest `position`), the text is cleaned, the rate limit counted and
    the attachment checked by its content. `sentence` is the (start, end) of a sentence
    picked in the section's text: its text is the quote when none is given.

    Raises ConsultationNotOpen, NotInAudience, CommentInvalid, AttachmentRejected,
    RateLimited. Nothing is written when any of them is raised."""
    at = at or timezone.now()
    org = consultation_assert_can_comment(
        consultation=consultation, user=user, at=at, organisation=organisation
    )
    text = clean_text(body, limit=BODY_MAX)
    if not text:
        raise CommentInvalid(CommentInvalid.empty)
    fields = _where(
        consultation=consultation,
        target=target,
        section_id=section_id,
        quote=quote,
        sentence=sentence,
        position=position,
        element_id=element_id,
        indicator_id=indicator_id,
        year=year,
    )
    checked = attachment_check(attachment) if attachment else None
    rate_limit_hit(user=user)
    comment = Comment(
        consultation=consultation,
        plan_id=consultation.plan_id,
        version_id=consultation.version_id,
        author=user,
        organisation=org,
        body=text,
        created_at=at,
        **fields,
    )
    return _save_new(comment, user=user, attachment=attachment, checked=checked)


def comment_reply(
    *,
    parent: Comment,
    user: Any,
    body: str,
    organisation: Organisation | None = None,
    attachment: UploadedFile | None = None,
    at: datetime | None = None,
) -> Comment:
    """Reply to `parent` (any comment of a thread). Same checks as `comment_create`;
    the reply shares the thread's anchor. The parent's author is notified.

    Raises as `comment_create`, and CommentInvalid for a hidden parent."""
    at = at or timezone.now()
    consultation = parent.consultation
    org = consultation_assert_can_comment(
        consultation=consultation, user=user, at=at, organisation=organisation
    )
    if parent.state == Comment.State.HIDDEN:
        raise CommentInvalid(CommentInvalid.reply_hidden)
    text = clean_text(body, limit=BODY_MAX)
    if not text:
        raise CommentInvalid(CommentInvalid.empty)
    checked = attachment_check(attachment) if attachment else None
    rate_limit_hit(user=user)
    reply = Comment(
        consultation=consultation,
        plan_id=parent.plan_id,
        version_id=parent.version_id,
        parent=parent,
        root_id=parent.root_id or parent.pk,
        author=user,
        organisation=org,
        body=text,
        created_at=at,
        target=parent.target,
        section_id=parent.section_id,
        element_id=parent.element_id,
        indicator_id=parent.indicator_id,
        year=parent.year,
        quote=parent.quote,
        position=parent.position,
        where_label=parent.where_label,
    )
    reply = _save_new(reply, user=user, attachment=attachment, checked=checked)
    if parent.author_id != user.pk:
        from .notifications import notify

        who = org.name if org else user.display_name
        notify(
            user=parent.author,
            kind="comment_reply",
            subject=_("Balasan atas komentar Anda pada “%(title)s”")
            % {"title": consultation.title},
            body=_("%(who)s membalas komentar Anda: %(text)s")
            % {"who": who, "text": _excerpt(text)},
            url=reply.get_absolute_url(),
        )
    return reply


def _excerpt(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _save_new(comment: Comment, *, user: Any, attachment: UploadedFile | None, checked) -> Comment:
    stored: list[tuple[Any, str]] = []
    try:
        with transaction.atomic():
            comment.full_clean()
            attribute(comment, actor=user, reason=_("Komentar dikirim"))
            comment.save()
            if attachment is not None and checked is not None:
                content_type, name = checked
                _store_attachment(comment, attachment, content_type, name, stored)
    except Exception:
        for storage, name in stored:
            storage.delete(name)
        raise
    return comment


def _store_attachment(
    comment: Comment,
    upload: UploadedFile,
    content_type: str,
    name: str,
    stored: list[tuple[Any, str]],
) -> None:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = CommentAttachment(
        comment=comment,
        name=name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    attachment.file.save("lampiran", upload, save=False)
    stored.append((attachment.file.storage, attachment.file.name or ""))
    attachment.full_clean()
    attachment.save()


# --- Reports and moderation -------------------------------------------------------------------


def comment_moderators(consultation: Consultation) -> list[Any]:
    """Who moderates the consultation's comments: the unit's planners and the region's
    administrators (the same people `ConsultationAccess.moderate` lets act)."""
    plan = consultation.plan
    users = {
        u.pk: u
        for u in cast(
            list[Any],
            get_users_with_perms(
                plan.unit, only_with_perms_in=["edit_unit_plans"], with_group_users=True
            ),
        )
    }
    for u in cast(
        list[Any],
        get_users_with_perms(
            plan.unit.region, only_with_perms_in=["administer_region"], with_group_users=True
        ),
    ):
        users.setdefault(u.pk, u)
    return [u for u in users.values() if u.is_active]


def comment_report(*, comment: Comment, user: Any, reason: str) -> CommentReport:
    """Report `comment` with a reason (any logged-in person, once per comment, not one's
    own). Logged as a moderation action; moderators are notified. When the open reports
    reach RENSTRA_COMMENT_REPORT_THRESHOLD, the comment is hidden until a moderator
    decides (logged as `auto_hide`).

    Raises ModerationError, RateLimited."""
    text = clean_text(reason, limit=REASON_MAX)
    if not text:
        raise ModerationError(ModerationError.reason_required)
    if comment.author_id == user.pk:
        raise ModerationError(ModerationError.own_comment)
    rate_limit_hit(user=user, scope="report")
    try:
        with transaction.atomic():
            locked = Comment.objects.select_for_update().get(pk=comment.pk)
            report = CommentReport(comment=locked, reporter=user, reason=text)
            report.full_clean(validate_unique=False, validate_constraints=False)
            report.save()
            ModerationAction.objects.create(
                comment=locked, actor=user, action=ModerationAction.Action.REPORT, reason=text
            )
            open_reports = locked.reports.filter(resolved_at__isnull=True).count()
            if locked.state == Comment.State.VISIBLE and open_reports >= report_threshold():
                locked.state = Comment.State.REPORTED
                attribute(
                    locked,
                    actor=None,
                    reason=_("Disembunyikan otomatis setelah %(n)s laporan") % {"n": open_reports},
                )
                locked.save(update_fields=["state"])
                ModerationAction.objects.create(
                    comment=locked,
                    actor=None,
                    action=ModerationAction.Action.AUTO_HIDE,
                    reason=_("%(n)s laporan terbuka") % {"n": open_reports},
                )
            comment.state = locked.state
            _notify_moderators(locked, text, hidden=locked.state == Comment.State.REPORTED)
    except IntegrityError:
        raise ModerationError(ModerationError.already_reported) from None
    return report


def _notify_moderators(comment: Comment, reason: str, *, hidden: bool) -> None:
    from .notifications import notify

    consultation = comment.consultation
    url = reverse("participation:moderation", args=[consultation.public_id])
    body = _("Alasan: %(reason)s\nKomentar: %(text)s") % {
        "reason": _excerpt(reason),
        "text": _excerpt(comment.body),
    }
    if hidden:
        body += "\n" + _("Komentar ini kini disembunyikan sampai moderator memutuskan.")
    for moderator in comment_moderators(consultation):
        notify(
            user=moderator,
            kind="report",
            subject=_("Laporan atas komentar #%(id)s pada “%(title)s”")
            % {"id": comment.pk, "title": consultation.title},
            body=body,
            url=url,
        )


def _moderate(*, comment: Comment, moderator: Any, reason: str, hide: bool) -> ModerationAction:
    text = clean_text(reason, limit=REASON_MAX)
    if not text:
        raise ModerationError(ModerationError.reason_required)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if hide and locked.state == Comment.State.HIDDEN:
            raise ModerationError(ModerationError.already_hidden)
        if not hide and locked.state == Comment.State.VISIBLE:
            raise ModerationError(ModerationError.not_hidden)
        locked.state = Comment.State.HIDDEN if hide else Comment.State.VISIBLE
        attribute(locked, actor=moderator, reason=text)
        locked.save(update_fields=["state"])
        # A moderator's decision settles the reports made so far.
        locked.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        action = ModerationAction.objects.create(
            comment=locked,
            actor=moderator,
            action=ModerationAction.Action.HIDE if hide else ModerationAction.Action.UNHIDE,
            reason=text,
        )
    comment.state = locked.state
    return action


def comment_hide(*, comment: Comment, moderator: Any, reason: str) -> ModerationAction:
    """Hide `comment` (a moderator, with a reason): the public sees that a comment was
    hidden and why, not its text. Open reports are settled; the step is logged.

    The caller checks the right (`ConsultationAccess.moderate`). Raises ModerationError."""
    return _moderate(comment=comment, moderator=moderator, reason=reason, hide=True)


def comment_unhide(*, comment: Comment, moderator: Any, reason: str) -> ModerationAction:
    """Show `comment` again (after reports or a hide), with a reason; open reports are
    settled (they no longer count towards hiding it again); the step is logged.

    Raises ModerationError."""
    return _moderate(comment=comment, moderator=moderator, reason=reason, hide=False)
