"""The participatory flow's data: organisations and members, consultations, proposals,
minutes, notifications (comments and responses: see comments.py)."""

from .consultations import Consultation
from .notifications import Notification, NotificationSettings
from .organisations import (
    Membership,
    Organisation,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
)

__all__ = [
    "Consultation",
    "Membership",
    "Notification",
    "NotificationSettings",
    "Organisation",
    "OrganisationGroupObjectPermission",
    "OrganisationUserObjectPermission",
]
