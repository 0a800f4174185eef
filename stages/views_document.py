"""The document of a frozen version, on screen (the core shows the live draft)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from renstra.access import get_plan_for_user
from renstra.document import build_document, document_html

from .versions import version_content
from .views import _version


@login_required
@require_GET
def version_document(request, public_id: str, number: int):
    plan, access = get_plan_for_user(request.user, public_id)
    version = _version(plan, number)
    version.plan = plan
    document = build_document(
        plan=plan,
        content=version_content(version),
        version_label=version.label,
        version_date=version.frozen_at,
    )
    return render(
        request,
        "renstra/document/screen.html",
        {
            "plan": plan,
            "access": access,
            "version": version,
            "document": document,
            "document_html": mark_safe(document_html(document, for_print=False)),
        },
    )
