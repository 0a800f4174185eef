"""Whether the signed-in person is a DPRD member (for the header's "Telaah DPRD" link).

Queried only when a page shows the header."""

from django.utils.functional import SimpleLazyObject
from guardian.shortcuts import get_objects_for_user


def dprd_member(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def is_member() -> bool:
        from renstra.models import Region

        return get_objects_for_user(
            user,
            "renstra.dprd_review_region",
            klass=Region,
            accept_global_perms=False,
            with_superuser=False,
        ).exists()

    return {"is_dprd_member": SimpleLazyObject(is_member)}
