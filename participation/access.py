"""Permission helpers of the participatory flow (one per object type, lookup + check).

Consultations are public: anyone may read a consultation's page and its draft. Managing
one (open, close, respond, minutes) needs the right on the plan: outsiders (no view right
on the plan) get 404, insiders without the right get 403. Whether a person may *write
input* depends on the clock and the audience: `services.consultations
.consultation_assert_can_comment`."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from guardian.core import ObjectPermissionChecker

from renstra.access import PlanAccess, plan_access

from .models import Consultation, Organisation


@dataclass(frozen=True)
class ConsultationAccess:
    """What one user may do with one consultation."""

    plan: PlanAccess
    view: bool = True
    manage: bool = False  # open/close, minutes, proposals: the unit's planners
    respond: bool = False  # official responses (tindak lanjut): the unit's planners
    moderate: bool = False  # hide/unhide comments: the unit's planners, region admin

    def allows(self, need: str) -> bool:
        return bool(getattr(self, need))


def consultation_access(user: Any, consultation: Consultation) -> ConsultationAccess:
    access = plan_access(user, consultation.plan)
    return ConsultationAccess(
        plan=access,
        view=True,
        manage=access.edit,
        respond=access.edit,
        moderate=access.edit or access.administer,
    )


def get_consultation_for_user(
    user: Any, pk_or_public_id: int | str, need: str = "view"
) -> tuple[Consultation, ConsultationAccess]:
    """The consultation (by public id, or by primary key when an int is given) and the
    user's access to it.

    Raises Http404 when it does not exist, or when `need` is not "view" and the user
    cannot see the plan at all; PermissionDenied when the user sees the plan but lacks
    `need` ("manage", "respond", "moderate")."""
    queryset = Consultation.objects.select_related("plan__unit__region", "version", "stage_record")
    try:
        if isinstance(pk_or_public_id, int):
            consultation = queryset.get(pk=pk_or_public_id)
        else:
            consultation = queryset.get(public_id=str(pk_or_public_id))
    except (Consultation.DoesNotExist, ValueError):
        raise Http404 from None
    access = consultation_access(user, consultation)
    if not access.allows(need):
        if not access.plan.view:
            raise Http404
        raise PermissionDenied
    return consultation, access


@dataclass(frozen=True)
class OrganisationAccess:
    view: bool = False
    represent: bool = False  # approve members, edit the organisation's details
    administer: bool = False  # verify / reject (region admin)

    def allows(self, need: str) -> bool:
        return bool(getattr(self, need))


def organisation_access(user: Any, organisation: Organisation) -> OrganisationAccess:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return OrganisationAccess()
    if user.is_superuser:
        return OrganisationAccess(True, True, True)
    checker = ObjectPermissionChecker(user)
    administer = "administer_region" in checker.get_perms(organisation.region)
    represent = "represent_organisation" in checker.get_perms(organisation)
    member = organisation.memberships.filter(user=user).exists()
    return OrganisationAccess(
        view=administer or represent or member, represent=represent, administer=administer
    )


def get_organisation_for_user(
    user: Any, pk: int, need: str = "view"
) -> tuple[Organisation, OrganisationAccess]:
    """An organisation the user may see (a member, its representative, the region's
    administrator); outsiders 404, insiders without `need` 403."""
    try:
        organisation = Organisation.objects.select_related("region").get(pk=pk)
    except (Organisation.DoesNotExist, ValueError):
        raise Http404 from None
    access = organisation_access(user, organisation)
    if not access.view:
        raise Http404
    if not access.allows(need):
        raise PermissionDenied
    return organisation, access
