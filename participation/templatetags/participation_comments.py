"""`{% consultation_comments consultation as panel %}`: what the consultation page's
comment panel (templates/participation/includes/comments.html) shows. Two queries."""

from django import template

from ..models import Comment
from ..selectors.comments import comment_counts

register = template.Library()

LATEST = 5


@register.simple_tag
def consultation_comments(consultation) -> dict:
    latest = list(
        Comment.objects.filter(consultation=consultation, root__isnull=True)
        .select_related("organisation", "response")
        .order_by("-created_at", "-id")[:LATEST]
    )
    for comment in latest:
        comment.consultation = consultation
    return {"counts": comment_counts(consultation), "latest": latest}
