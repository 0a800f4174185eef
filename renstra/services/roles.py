"""Role grants: guardian object permissions on the role's scope object."""

from typing import Any

from django.db import models, transaction
from guardian.shortcuts import assign_perm, remove_perm

from ..roles import get_role


def _check_scope(role_code: str, scope: models.Model) -> None:
    role = get_role(role_code)
    if scope._meta.label_lower != role.scope:
        raise ValueError(
            f"Role {role_code} is scoped to {role.scope}, not {scope._meta.label_lower}"
        )


@transaction.atomic
def role_grant(*, user: Any, role: str, scope: models.Model) -> None:
    """Give `user` the permissions of `role` on `scope` (a unit, region, organisation)."""
    _check_scope(role, scope)
    app_label = scope._meta.app_label
    for codename in get_role(role).permissions:
        assign_perm(f"{app_label}.{codename}", user, scope)


@transaction.atomic
def role_revoke(*, user: Any, role: str, scope: models.Model) -> None:
    """Take the permissions of `role` on `scope` away from `user`."""
    _check_scope(role, scope)
    app_label = scope._meta.app_label
    for codename in get_role(role).permissions:
        remove_perm(f"{app_label}.{codename}", user, scope)
