"""The participatory flow's data: organisations and members, consultations, proposals,
minutes, notifications (comments and responses: see comments.py)."""

from .comments import (
    Comment,
    CommentAttachment,
    CommentReport,
    CommentTarget,
    ModerationAction,
    OfficialResponse,
)
from .consultations import Consultation
from .notifications import Notification, NotificationSettings
from .organisations import (
    Membership,
    Organisation,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
)

__all__ = [
    "Comment",
    "CommentAttachment",
    "CommentReport",
    "CommentTarget",
    "ModerationAction",
    "OfficialResponse",
    "Consultation",
    "Membership",
    "Notification",
    "NotificationSettings",
    "Organisation",
    "OrganisationGroupObjectPermission",
    "OrganisationUserObjectPermission",
]
