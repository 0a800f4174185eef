"""What the core's document jobs need from the stages app (registered as providers):
the frozen versions of a plan and the content of one of them."""

from renstra.document.jobs import VersionInfo
from renstra.models import Plan

from .models import Version
from .versions import PlanContent, live_content, version_content


def document_versions(plan: Plan) -> list[VersionInfo]:
    """Every frozen version of `plan`, oldest first. One query."""
    return [
        VersionInfo(
            number=v.number,
            label=v.label,
            frozen_at=v.frozen_at,
            kind=v.kind,
            ratified=v.kind == Version.Kind.RATIFIED,
        )
        for v in Version.objects.filter(plan=plan).order_by("number")
    ]


def document_content(plan: Plan, number: int | None) -> PlanContent:
    """The content of version `number` of `plan`, or of the live draft when None.

    Raises Version.DoesNotExist for an unknown number."""
    if number is None:
        return live_content(plan)
    version = Version.objects.select_related("plan__unit__region").get(plan=plan, number=number)
    return version_content(version)
