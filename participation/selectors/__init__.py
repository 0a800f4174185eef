"""Reads of the participatory flow. One module per area; this package re-exports them.

- `organisations`: which organisations a person belongs to / may act for.
- `consultations`: consultation lists for the public pages and the plan.
- `comments` (comments, responses, moderation): `unanswered_comment_count(consultation)`
  and the comment reads; owned by the comments part of the flow.
"""

from .organisations import user_organisation_ids, user_organisations

__all__ = ["user_organisation_ids", "user_organisations"]
