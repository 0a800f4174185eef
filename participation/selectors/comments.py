"""Reads for comments: plan content as of a version, labels of what a comment is about,
the consultation's comment page (a constant number of queries however many comments),
comments placed in another version's text, unanswered counts, the response matrix."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from renstra.models import Element, Section
from renstra.sanitize import sanitize_html
from stages.models import Version

from ..anchors import Passage, locate, mark_passages, plain_text, sentences
from ..models import Comment, CommentTarget, Consultation, OfficialResponse

PAGE_SIZE = 25
REPLIES_SHOWN = 3

# --- Plan content as of a version -----------------------------------------------------------


def version_object(model, version: Version, pk: Any):
    """The object `pk` of `model` as it was when `version` was frozen (from its history),
    or None when it did not exist then. One query."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    row = (
        model.history.model.objects.filter(id=pk, history_date__lte=version.frozen_at)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if row is None or row.history_type == "-":
        return None
    return row.instance


def _short(text: str, limit: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section_label(section: Section) -> str:
    return f"{section.number} {section.title}".strip()


def element_label(element: Element | None) -> str:
    if element is None:
        return _("elemen yang telah dihapus")
    head = element.code or element.ref
    return " ".join(p for p in (element.get_kind_display(), head, _short(element.text)) if p)


def indicator_label(indicator, element: Element | None, year: int) -> str:
    return _("Target %(year)s · indikator “%(name)s” · %(element)s") % {
        "year": year,
        "name": _short(indicator.name, 80),
        "element": element_label(element),
    }


def funding_label(element: Element, year: int) -> str:
    return _("Pendanaan %(year)s · %(element)s") % {
        "year": year,
        "element": element_label(element),
    }


# --- Counts ----------------------------------------------------------------------------------


def _inputs(consultation: Consultation) -> QuerySet[Comment]:
    """Thread-first comments that need an official response: moderator-hidden ones
    (abuse, spam) do not."""
    return Comment.objects.filter(consultation=consultation, root__isnull=True).exclude(
        state=Comment.State.HIDDEN
    )


def unanswered_comment_count(consultation: Consultation) -> int:
    """How many of the consultation's inputs (thread-first comments not hidden by a
    moderator) have no official response yet. One query."""
    return _inputs(consultation).filter(response__isnull=True).count()


def comment_counts(consultation: Consultation) -> dict[str, int]:
    """Totals for the consultation page: inputs, replies, answered, unanswered, and
    responses by kind. One query."""
    base = Comment.objects.filter(consultation=consultation)
    row = base.aggregate(
        inputs=Count("pk", filter=Q(root__isnull=True) & ~Q(state=Comment.State.HIDDEN)),
        replies=Count("pk", filter=Q(root__isnull=False)),
        answered=Count(
            "pk",
            filter=Q(root__isnull=True, response__isnull=False) & ~Q(state=Comment.State.HIDDEN),
        ),
        hidden=Count("pk", filter=~Q(state=Comment.State.VISIBLE)),
        **{
            f"kind_{kind}": Count("pk", filter=Q(root__isnull=True, response__kind=kind))
            for kind in OfficialResponse.Kind.values
        },
    )
    row["unanswered"] = row["inputs"] - row["answered"]
    return row


# --- The comment page --------------------------------------------------------------------------


def _thread_queryset() -> QuerySet[Comment]:
    return Comment.objects.select_related(
        "author",
        "organisation",
        "response__applied_version",
        "response__responded_by",
    ).prefetch_related("attachments")


@dataclass
class Thread:
    root: Comment
    replies: list[Comment]
    reply_count: int

    @property
    def more_replies(self) -> int:
        return self.reply_count - len(self.replies)


@dataclass
class SectionView:
    section: Section
    chapter_label: str
    body: SafeString
    text: str
    count: int
    sentences: list[tuple[int, str]]


@dataclass
class CommentPage:
    consultation: Consultation
    content: Any
    threads: list[Thread]
    page: Any  # django Page
    sections: list[SectionView]
    counts: dict[str, int]
    target_counts: dict[str, int]
    single_thread: bool = False
    changed: list[Comment] = field(default_factory=list)


def _load_threads(roots: list[Comment], *, all_replies: bool) -> list[Thread]:
    """The replies of `roots` in one query: every reply of a single thread, or the
    first REPLIES_SHOWN of each thread with each thread's total (window functions)."""
    if not roots:
        return []
    ids = [r.pk for r in roots]
    qs = _thread_queryset().filter(root_id__in=ids)
    if not all_replies:
        qs = qs.annotate(
            _n=Window(
                RowNumber(), partition_by=[F("root_id")], order_by=[F("created_at"), F("id")]
            ),
            _total=Window(Count("id"), partition_by=[F("root_id")]),
        ).filter(_n__lte=REPLIES_SHOWN)
    replies: dict[int, list[Comment]] = defaultdict(list)
    totals: dict[int, int] = {}
    for reply in qs.order_by("created_at", "id"):
        key = cast(int, reply.root_id)
        replies[key].append(reply)
        totals[key] = getattr(reply, "_total", None) or 0
    threads = []
    for root in roots:
        own = replies.get(root.pk, [])
        threads.append(Thread(root, own, totals.get(root.pk) or len(own)))
    return threads


def consultation_comment_page(
    consultation: Consultation,
    *,
    page_number: Any = 1,
    section_id: Any = None,
    target: str | None = None,
    thread_id: Any = None,
    content: Any = None,
) -> CommentPage:
    """Everything the consultation's comment page shows, in a fixed number of queries
    (about 20, whatever the number of comments): the consulted version's sections with
    the passages of this page's comments marked, per-section counts, one page of threads
    (PAGE_SIZE thread-first comments, each with its first replies, attachments, author,
    organisation and response), totals. `thread_id` shows one thread with all replies."""
    from stages.versions import version_content

    content = content or version_content(consultation.version)
    roots_qs = _thread_queryset().filter(consultation=consultation, root__isnull=True)
    single = False
    if str(thread_id or "").isdigit():
        roots_qs = roots_qs.filter(pk=int(thread_id))
        single = True
    if str(section_id or "").isdigit():
        roots_qs = roots_qs.filter(section_id=int(section_id), target=CommentTarget.SECTION)
    if target in CommentTarget.values:
        roots_qs = roots_qs.filter(target=target)
    paginator = Paginator(roots_qs.order_by("created_at", "id"), PAGE_SIZE)
    page = paginator.get_page(page_number)
    roots = list(page.object_list)
    threads = _load_threads(roots, all_replies=single)
    for t in threads:
        for c in (t.root, *t.replies):
            c.consultation = consultation

    section_counts = dict(
        Comment.objects.filter(
            consultation=consultation, root__isnull=True, target=CommentTarget.SECTION
        )
        .values_list("section_id")
        .annotate(n=Count("pk"))
        .values_list("section_id", "n")
    )
    target_counts = dict(
        Comment.objects.filter(consultation=consultation, root__isnull=True)
        .values_list("target")
        .annotate(n=Count("pk"))
        .values_list("target", "n")
    )
    passages: dict[int, list[Comment]] = defaultdict(list)
    for t in threads:
        if t.root.target == CommentTarget.SECTION and t.root.section_id:
            passages[t.root.section_id].append(t.root)
    sections = _section_views(content, passages, section_counts)
    return CommentPage(
        consultation=consultation,
        content=content,
        threads=threads,
        page=page,
        sections=sections,
        counts=comment_counts(consultation),
        target_counts=target_counts,
        single_thread=single,
    )


def _section_views(
    content: Any, passages: dict[int, list[Comment]], counts: dict[int, int]
) -> list[SectionView]:
    chapters = {c.pk: c for c in content.chapters}
    views = []
    for section in content.sections:
        clean = sanitize_html(section.body)
        text = plain_text(clean, sanitized=True)
        marks = []
        for comment in passages.get(cast(int, section.pk), []):
            span = locate(text, comment.quote, comment.position)
            if span:
                marks.append(
                    Passage(
                        span[0], span[1], comment.pk, _("Komentar #%(id)s") % {"id": comment.pk}
                    )
                )
        chapter = chapters.get(section.chapter_id)
        views.append(
            SectionView(
                section=section,
                chapter_label=f"BAB {chapter.roman}" if chapter else "",
                body=mark_safe(mark_passages(clean, marks)),
                text=text,
                count=counts.get(cast(int, section.pk), 0),
                sentences=sentences(text),
            )
        )
    return views


# --- Comments placed in another version ----------------------------------------------------


@dataclass
class Placement:
    """Where a passage comment stands in the shown version: `here` (found at its own
    position), `moved` (found elsewhere in the section), `changed` (the quote is no
    longer in the section, or the section is gone)."""

    comment: Comment
    status: str
    start: int | None = None
    end: int | None = None


@dataclass
class PlanCommentsView:
    version: Version
    sections: list[SectionView]
    placed: dict[int, list[Placement]]  # section id → placements found in its text
    changed: list[Placement]  # passage changed (Bagian teks telah berubah)
    other: list[Comment]  # comments not on a passage (plan, elements, cells)
    tree: Any = None  # the version's cascade (anchors for responses' links)


def place_comment(comment: Comment, texts: dict[int, str]) -> Placement:
    """Find `comment`'s quote in the section texts of another version (section id →
    plain text): the occurrence nearest the old position."""
    text = texts.get(comment.section_id or -1)
    if text is None:
        return Placement(comment, "changed")
    span = locate(text, comment.quote, comment.position)
    if span is None:
        return Placement(comment, "changed")
    status = "here" if span[0] == comment.position else "moved"
    return Placement(comment, status, span[0], span[1])


def plan_comments_in_version(plan, version: Version, *, content: Any = None) -> PlanCommentsView:
    """Every thread-first comment made on the plan in consultations on `version` or an
    earlier one, placed in `version`'s text: passage comments marked where their quote
    is found again (nearest the old position), else listed as "passage changed" with the
    original quote. A fixed number of queries."""
    from stages.versions import version_content

    content = content or version_content(version)
    comments = list(
        _thread_queryset()
        .select_related("version", "consultation")
        .filter(plan=plan, root__isnull=True, version__number__lte=version.number)
        .order_by("created_at", "id")
    )
    texts = {s.pk: plain_text(s.body) for s in content.sections}
    placed: dict[int, list[Placement]] = defaultdict(list)
    changed: list[Placement] = []
    other: list[Comment] = []
    passages: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.target != CommentTarget.SECTION:
            other.append(comment)
            continue
        placement = place_comment(comment, texts)
        if placement.status == "changed":
            changed.append(placement)
        else:
            placed[cast(int, comment.section_id)].append(placement)
            # Mark where it was found (a copy: the mark uses the new position).
            passages[cast(int, comment.section_id)].append(
                Comment(pk=comment.pk, quote=comment.quote, position=placement.start)
            )
    counts = {k: len(v) for k, v in placed.items()}
    return PlanCommentsView(
        version=version,
        sections=_section_views(content, passages, counts),
        placed=placed,
        changed=changed,
        other=other,
        tree=content.tree,
    )


# --- The response matrix ---------------------------------------------------------------------


@dataclass
class MatrixRow:
    comment: Comment
    number: str
    date: Any
    organisation: str
    where: str
    quote: str
    text: str
    response: str
    reason: str
    applied: str
    link: str  # path (prefix the site address for exports)


def response_matrix(consultation: Consultation) -> list[MatrixRow]:
    """One row per comment of the consultation (thread-first comments, each followed by
    its replies), with the official response. The text of a comment hidden by a
    moderator is replaced by a notice. Two queries."""
    comments = list(
        Comment.objects.filter(consultation=consultation)
        .select_related("organisation", "response__applied_version", "parent")
        .order_by("created_at", "id")
    )
    by_root: dict[int, list[Comment]] = defaultdict(list)
    roots = []
    for c in comments:
        if c.root_id:
            by_root[c.root_id].append(c)
        else:
            roots.append(c)
    rows = []
    plan_public_id = consultation.plan.public_id
    for root in roots:
        for c in [root, *by_root.get(root.pk, [])]:
            c.consultation = consultation  # known: no query per row for its URL
            response = getattr(c, "response", None) if not c.root_id else None
            hidden = c.state == Comment.State.HIDDEN
            where = c.where_label
            if c.root_id:
                where = _("Balasan atas #%(id)s · %(where)s") % {"id": c.parent_id, "where": where}
            applied = link = ""
            if response is not None and response.applied_version_id:
                version = response.applied_version
                applied = _("%(place)s · versi %(n)s (%(label)s)") % {
                    "place": response.applied_label,
                    "n": version.number,
                    "label": version.label,
                }
                link = _applied_link(plan_public_id, response)
            rows.append(
                MatrixRow(
                    comment=c,
                    number=f"{root.pk}" if not c.root_id else f"{root.pk}.{c.pk}",
                    date=c.created_at,
                    organisation=c.organisation.name if c.organisation else _("Perorangan"),
                    where=where,
                    quote="" if hidden else c.quote if not c.root_id else "",
                    text=_("[disembunyikan oleh moderator]") if hidden else c.body,
                    response=response.get_kind_display()
                    if response
                    else ("" if c.root_id else _("Belum dijawab")),
                    reason=response.reason if response else "",
                    applied=applied,
                    link=link,
                )
            )
    return rows


def _applied_link(plan_public_id: str, response: OfficialResponse) -> str:
    from django.urls import reverse

    version = response.applied_version
    if version is None:
        return ""
    url = reverse(
        "participation:plan_version_comments",
        args=[plan_public_id, version.number],
    )
    if response.applied_section_id:
        return f"{url}#subbab-{response.applied_section_id}"
    if response.applied_element_id:
        return f"{url}#elemen-{response.applied_element_id}"
    return url
