"""Reads of the participatory flow. One module per area; this package re-exports them.

- `organisations`: which organisations a person belongs to / may act for.
- `consultations`: consultation lists for the public pages and the plan.
- `comments` (comments, responses, moderation): `unanswered_comment_count(consultation)`
  and the comment reads; owned by the comments part of the flow.
"""

from typing import Any

from .consultations import forum_minutes_recorded
from .organisations import user_organisation_ids, user_organisations


def unanswered_comment_count(consultation: Any) -> int:
    """See `comments.unanswered_comment_count` (imported on call: the comments module
    imports the models and services that import this package)."""
    from .comments import unanswered_comment_count as count

    return count(consultation)


__all__ = [
    "forum_minutes_recorded",
    "unanswered_comment_count",
    "user_organisation_ids",
    "user_organisations",
]
