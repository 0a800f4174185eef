"""Official responses (tindak lanjut): the unit answers each input of a consultation —
accepted, partly accepted, not accepted, or noted — with a reason and, when accepted
(partly or wholly), where it was applied (a section or an element, in a version). The
commenter is notified."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renstra.models import Element, Section
from renstra.services.history import attribute
from stages.models import Version

from ..errors_comments import ResponseInvalid
from ..models import Comment, OfficialResponse
from ..selectors.comments import element_label, section_label, version_object
from .comments import REASON_MAX, clean_text


def comment_respond(
    *,
    comment: Comment,
    actor: Any,
    kind: str,
    reason: str,
    applied_version: Version | None = None,
    applied_section_id: int | None = None,
    applied_element_id: int | None = None,
    revision: int | None = None,
) -> OfficialResponse:
    """Write or change the official response to `comment` (a thread-first comment).

    `revision` is the response's revision the editor started from (None for a new
    response): a different current revision raises ResponseInvalid(conflict) and changes
    nothing (optimistic concurrency). Accepted/partly accepted answers need a version of
    the same plan and a section or element that exists in it. Recorded in the history
    with the actor; the commenter is notified once the transaction commits.

    The caller checks the right (`ConsultationAccess.respond`). Raises ResponseInvalid."""
    if comment.root_id is not None:
        raise ResponseInvalid(ResponseInvalid.reply)
    if kind not in OfficialResponse.Kind.values:
        raise ResponseInvalid()
    text = clean_text(reason, limit=REASON_MAX)
    if not text:
        raise ResponseInvalid(ResponseInvalid.reason_required)
    applied_label = ""
    section_id = element_id = None
    if kind in OfficialResponse.APPLIED_KINDS:
        if applied_version is None or not (applied_section_id or applied_element_id):
            raise ResponseInvalid(ResponseInvalid.link_required)
        if applied_version.plan_id != comment.plan_id:
            raise ResponseInvalid(ResponseInvalid.version_invalid)
        if applied_section_id:
            section = version_object(Section, applied_version, applied_section_id)
            if section is None or section.plan_id != comment.plan_id:
                raise ResponseInvalid(ResponseInvalid.place_missing)
            section_id, applied_label = section.pk, section_label(section)
        else:
            element = version_object(Element, applied_version, applied_element_id)
            if element is None or element.plan_id != comment.plan_id:
                raise ResponseInvalid(ResponseInvalid.place_missing)
            element_id, applied_label = element.pk, element_label(element)
    else:
        applied_version = None

    with transaction.atomic():
        current = OfficialResponse.objects.select_for_update().filter(comment=comment).first()
        if current is None:
            if revision not in (None, 0):
                raise ResponseInvalid(ResponseInvalid.conflict)
            response = OfficialResponse(comment=comment)
            first = True
        else:
            if revision is not None and revision != current.revision:
                raise ResponseInvalid(ResponseInvalid.conflict)
            response = current
            response.revision = current.revision + 1
            first = False
        response.kind = kind
        response.reason = text
        response.applied_version = applied_version
        response.applied_section_id = section_id
        response.applied_element_id = element_id
        response.applied_label = applied_label
        response.responded_by = actor
        response.responded_at = timezone.now()
        response.full_clean(exclude=["comment"])
        attribute(
            response,
            actor=actor,
            reason=_("Tanggapan resmi diberikan") if first else _("Tanggapan resmi diubah"),
        )
        response.save()
        _notify_commenter(comment, response, first=first)
    comment.response = response
    return response


def _notify_commenter(comment: Comment, response: OfficialResponse, *, first: bool) -> None:
    from .notifications import notify

    consultation = comment.consultation
    subject = (
        _("Tanggapan resmi atas masukan Anda pada “%(title)s”: %(kind)s")
        if first
        else _("Tanggapan resmi atas masukan Anda pada “%(title)s” diubah: %(kind)s")
    ) % {"title": consultation.title, "kind": response.get_kind_display()}
    body = _("Alasan: %(reason)s") % {"reason": response.reason}
    if response.applied_label:
        body += "\n" + _("Diterapkan pada: %(place)s (versi %(n)s)") % {
            "place": response.applied_label,
            "n": response.applied_version.number if response.applied_version else "",
        }
    notify(
        user=comment.author,
        kind="comment_response",
        subject=subject,
        body=body,
        url=comment.get_absolute_url(),
    )
