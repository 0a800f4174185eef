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
from .minutes import Minutes, MinutesAttendee, MinutesPoint, MinutesSignatory
from .notifications import Notification, NotificationSettings
from .organisations import (
    Membership,
    Organisation,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
)
from .proposals import Proposal

__all__ = [
    "Comment",
    "CommentAttachment",
    "CommentReport",
    "CommentTarget",
    "Consultation",
    "Membership",
    "Minutes",
    "MinutesAttendee",
    "MinutesPoint",
    "MinutesSignatory",
    "ModerationAction",
    "Notification",
    "NotificationSettings",
    "OfficialResponse",
    "Organisation",
    "OrganisationGroupObjectPermission",
    "OrganisationUserObjectPermission",
    "Proposal",
]
