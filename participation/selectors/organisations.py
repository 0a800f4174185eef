"""Which organisations a person acts for."""

from typing import Any

from django.db.models import Q, QuerySet

from ..models import Membership, Organisation, OrganisationUserObjectPermission


def user_organisation_ids(user: Any) -> set[int]:
    """Ids of the organisations `user` acts for: an approved membership, or a
    *stakeholder* role grant (`represent_organisation`) on the organisation. One query."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = Organisation.objects.filter(
        Q(memberships__user=user, memberships__status=Membership.Status.APPROVED)
        | Q(
            pk__in=OrganisationUserObjectPermission.objects.filter(
                user=user, permission__codename="represent_organisation"
            ).values("content_object_id")
        )
    ).values_list("pk", flat=True)
    return set(rows)


def user_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations `user` acts for (see `user_organisation_ids`), by name."""
    return Organisation.objects.filter(pk__in=user_organisation_ids(user)).select_related("region")
