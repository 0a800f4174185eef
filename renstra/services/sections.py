"""Writing the document text: chapter bodies and their sections (BAB I–VIII, 1.1 …).

Every save names the revision the editor started from (optimistic concurrency, see
`revisions.revised_update`); bodies are sanitised on the way in, whatever the editor sent.
"""

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..errors import EditConflict
from ..models import Chapter, Section
from ..sanitize import sanitize_html
from .history import tracked_delete, tracked_save
from .plans import plan_assert_editable
from .revisions import revised_update


def section_update(
    *, section: Section, title: str, body: str, expected_revision: int, actor: Any
) -> Section:
    """Save a section's title and body if nobody saved it since `expected_revision`.

    The body is sanitised (`sanitize_html`); the revision goes up by one when anything
    changed, and the history records `actor` and "Subbab <nomor> diubah".
    Returns the section as saved (unchanged and at the same revision when nothing differed).
    Raises PlanLocked when the plan is locked, EditConflict (with `.current`) when someone
    saved the section since, ValidationError when the title is empty or too long."""
    with transaction.atomic():
        plan_assert_editable(section.plan)
        return revised_update(
            Section,
            pk=section.pk,
            expected_revision=expected_revision,
            changes={"title": (title or "").strip(), "body": sanitize_html(body)},
            actor=actor,
            reason=_("Subbab %(number)s diubah") % {"number": section.number},
        )


def chapter_update(
    *, chapter: Chapter, title: str, body: str, expected_revision: int, actor: Any
) -> Chapter:
    """Save a chapter's title and its introductory body (the text before its first section)
    if nobody saved it since `expected_revision`.

    Returns the chapter as saved. Changes, records and raises like `section_update`
    (reason "BAB <romawi> diubah")."""
    with transaction.atomic():
        plan_assert_editable(chapter.plan)
        return revised_update(
            Chapter,
            pk=chapter.pk,
            expected_revision=expected_revision,
            changes={"title": (title or "").strip(), "body": sanitize_html(body)},
            actor=actor,
            reason=_("BAB %(number)s diubah") % {"number": chapter.roman},
        )


def section_create(*, chapter: Chapter, number: str, title: str, actor: Any) -> Section:
    """Add an empty section `number` `title` at the end of `chapter`.

    Returns the new section (revision 1); the history records "Subbab <nomor> ditambahkan".
    Raises PlanLocked when the plan is locked, ValidationError when the number is already
    used in the chapter or a field is empty."""
    with transaction.atomic():
        plan_assert_editable(chapter.plan)
        last = chapter.sections.aggregate(last=Max("position"))["last"]
        section = Section(
            plan_id=chapter.plan_id,
            chapter=chapter,
            number=(number or "").strip(),
            title=(title or "").strip(),
            position=0 if last is None else last + 1,
        )
        number_text = section.number
        return tracked_save(
            section,
            actor=actor,
            reason=_("Subbab %(number)s ditambahkan") % {"number": number_text},
        )  # type: ignore[return-value]


def section_delete(*, section: Section, actor: Any, expected_revision: int | None = None) -> None:
    """Delete `section` with its text; the history keeps the deleted record (reason
    "Subbab <nomor> dihapus"), so the text can still be read and restored.

    With `expected_revision`, refuses to delete a section someone saved since the user
    looked at it. Raises PlanLocked when the plan is locked, EditConflict (with
    `.current`) on such a change, Section.DoesNotExist when it is already gone."""
    with transaction.atomic():
        plan_assert_editable(section.plan)
        current = Section.objects.select_for_update().get(pk=section.pk)
        if expected_revision is not None and current.revision != expected_revision:
            raise EditConflict(current=current)
        tracked_delete(
            current, actor=actor, reason=_("Subbab %(number)s dihapus") % {"number": current.number}
        )
