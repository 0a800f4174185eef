"""The document on screen: the live draft of a plan (frozen versions: stages app)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..access import get_plan_for_user
from ..document import build_document, document_html, live_document_content


@login_required
@require_GET
def document_view(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    document = build_document(
        plan=plan,
        content=live_document_content(plan),
        version_label=_("Rancangan terkini (belum dibekukan)"),
        version_date=timezone.now(),
    )
    return render(
        request,
        "renstra/document/screen.html",
        {
            "plan": plan,
            "access": access,
            "document": document,
            # Rendered from our templates; section bodies sanitised by the allow-list.
            "document_html": mark_safe(document_html(document, for_print=False)),
        },
    )


urlpatterns = [
    path("<str:public_id>/dokumen/", document_view, name="document"),
]
