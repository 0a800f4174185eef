"""The roles of domain.md §4 as scoped bundles of guardian object permissions.

A role is granted to a user on one scope object (a unit, a region, an organisation). Flow
apps register the roles whose scope they own (participation registers *stakeholder*) in
their ``AppConfig.ready()``; the core never imports them.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    label: str | Promise
    scope: str  # "app_label.model" of the scope object
    permissions: tuple[str, ...]  # codenames on the scope model


_ROLES: dict[str, Role] = {}


def register_role(role: Role) -> None:
    _ROLES[role.code] = role


def get_role(code: str) -> Role:
    try:
        return _ROLES[code]
    except KeyError:
        raise LookupError(f"Unknown role {code!r}") from None


def all_roles() -> list[Role]:
    return list(_ROLES.values())


for _role in (
    Role(
        "planner",
        _("Tim penyusun (perencana)"),
        "renstra.unit",
        ("view_unit_plans", "edit_unit_plans"),
    ),
    Role(
        "head",
        _("Kepala Perangkat Daerah"),
        "renstra.unit",
        ("view_unit_plans", "approve_unit_plans"),
    ),
    Role(
        "verifier",
        _("Verifikator Bappeda"),
        "renstra.region",
        ("view_region_plans", "verify_region_plans"),
    ),
    Role(
        "inspector",
        _("Reviewer Inspektorat (APIP)"),
        "renstra.region",
        ("view_region_plans", "review_region_plans"),
    ),
    Role("dprd_member", _("Anggota DPRD"), "renstra.region", ("dprd_review_region",)),
    Role(
        "ratifier",
        _("Kepala Daerah / Sekda"),
        "renstra.region",
        ("view_region_plans", "ratify_region_plans"),
    ),
    Role(
        "region_admin",
        _("Admin Bappeda"),
        "renstra.region",
        ("view_region_plans", "administer_region"),
    ),
):
    register_role(_role)
