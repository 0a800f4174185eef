"""The participatory flow's data: organisations and members, consultations, proposals,
minutes, notifications (comments and responses: see comments.py)."""

from .consultations import Consultation
from .organisations import (
    Membership,
    Organisation,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
)

__all__ = [
    "Consultation",
    "Membership",
    "Organisation",
    "OrganisationGroupObjectPermission",
    "OrganisationUserObjectPermission",
]
