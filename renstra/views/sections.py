"""Chapter and section pages: read the text, edit it in the rich-text editor, see its history.

GET needs the right to view the plan (a verifier reads, without a form); POST needs the
right to edit it. Saves carry the revision the form was opened at: a stale one answers
409 with both versions on the page and the user's own text still in the editor.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..access import get_plan_for_user
from ..errors import EditConflict, PlanLocked
from ..models import Chapter, Plan, Section
from ..sanitize import sanitize_html
from ..selectors.history import history_entries
from ..services.sections import chapter_update, section_create, section_delete, section_update
from ..text_forms import SectionCreateForm, SectionDeleteForm, TextEditForm


def _need(request: HttpRequest) -> str:
    return "view" if request.method in ("GET", "HEAD") else "edit"


def _body_html(html: str) -> str:
    # Bodies are sanitised when saved; sanitising again on display also covers rows
    # written by other paths (imports, the admin).
    return mark_safe(sanitize_html(html))


def _chapter(plan: Plan, number: int) -> Chapter:
    chapter = get_object_or_404(
        Chapter.objects.prefetch_related("sections"), plan=plan, number=number
    )
    chapter.plan = plan
    return chapter


def _section(plan: Plan, number: int, pk: int) -> Section:
    section = get_object_or_404(
        Section.objects.select_related("chapter"), plan=plan, chapter__number=number, pk=pk
    )
    section.plan = section.chapter.plan = plan
    return section


def _locked(request, plan, obj, typed: str | None) -> HttpResponse:
    context = {"plan": plan, "obj": obj, "typed": _body_html(typed or "")}
    return render(request, "renstra/sections/locked.html", context, status=403)


def _edit_page(request, *, plan, access, obj, chapter, template, form, conflict=None, status=200):
    editable = access.edit and not plan.locked
    return render(
        request,
        template,
        {
            "plan": plan,
            "access": access,
            "chapter": chapter,
            "obj": obj,
            "body_html": _body_html(obj.body),
            "form": form if editable else None,
            "conflict": conflict,
            "history": history_entries(obj),
            "create_form": SectionCreateForm() if editable and obj is chapter else None,
        },
        status=status,
    )


def _conflict_context(error: EditConflict) -> dict:
    current = error.current
    last = current.history.select_related("history_user").order_by("-history_date").first()
    user = last.history_user if last else None
    return {
        "message": error.text,
        "revision": current.revision,
        "title": current.title,
        "body_html": _body_html(current.body),
        "who": user.display_name if user else "—",
        "when": last.history_date if last else None,
    }


def _edit(request, *, plan, access, obj, chapter, template, service, body_label, success):
    if request.method != "POST":
        form = TextEditForm(
            initial={"title": obj.title, "body": obj.body, "revision": obj.revision},
            body_label=body_label,
        )
        return _edit_page(
            request,
            plan=plan,
            access=access,
            obj=obj,
            chapter=chapter,
            template=template,
            form=form,
        )
    # Sanitised before anything else: even a form re-displayed with errors never carries
    # markup that would not be stored.
    data = request.POST.copy()
    data["body"] = sanitize_html(data.get("body", ""))
    form = TextEditForm(data, body_label=body_label)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            service(
                title=cleaned["title"],
                body=cleaned["body"],
                expected_revision=cleaned["revision"],
                actor=request.user,
            )
        except PlanLocked:
            return _locked(request, plan, obj, cleaned["body"])
        except EditConflict as error:
            # The user's text stays in the editor, now based on the current revision:
            # saving again deliberately puts it on top of the other change.
            form = TextEditForm(
                initial={**cleaned, "revision": error.current.revision}, body_label=body_label
            )
            return _edit_page(
                request,
                plan=plan,
                access=access,
                obj=error.current,
                chapter=chapter,
                template=template,
                form=form,
                conflict=_conflict_context(error),
                status=409,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(request.path)
    return _edit_page(
        request,
        plan=plan,
        access=access,
        obj=obj,
        chapter=chapter,
        template=template,
        form=form,
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def chapter_detail(request, public_id: str, number: int):
    plan, access = get_plan_for_user(request.user, public_id, need=_need(request))
    chapter = _chapter(plan, number)
    return _edit(
        request,
        plan=plan,
        access=access,
        obj=chapter,
        chapter=chapter,
        template="renstra/sections/chapter_detail.html",
        service=lambda **kw: chapter_update(chapter=chapter, **kw),
        body_label=_("Isi pengantar bab"),
        success=_("BAB %(number)s disimpan.") % {"number": chapter.roman},
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_detail(request, public_id: str, number: int, pk: int):
    plan, access = get_plan_for_user(request.user, public_id, need=_need(request))
    section = _section(plan, number, pk)
    return _edit(
        request,
        plan=plan,
        access=access,
        obj=section,
        chapter=section.chapter,
        template="renstra/sections/section_detail.html",
        service=lambda **kw: section_update(section=section, **kw),
        body_label=_("Isi subbab"),
        success=_("Subbab %(number)s disimpan.") % {"number": section.number},
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_new(request, public_id: str, number: int):
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    chapter = _chapter(plan, number)
    form = SectionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = section_create(chapter=chapter, actor=request.user, **form.cleaned_data)
        except PlanLocked:
            return _locked(request, plan, chapter, None)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Subbab %(number)s ditambahkan.") % {"number": section})
            return redirect(section_url(section))
    status = 400 if request.method == "POST" else 200
    context = {"plan": plan, "chapter": chapter, "form": form}
    return render(request, "renstra/sections/section_new.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def section_remove(request, public_id: str, number: int, pk: int):
    plan, _access = get_plan_for_user(request.user, public_id, need="edit")
    section = _section(plan, number, pk)
    form = SectionDeleteForm(request.POST or None, initial={"revision": section.revision})
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            section_delete(
                section=section, actor=request.user, expected_revision=form.cleaned_data["revision"]
            )
        except PlanLocked:
            return _locked(request, plan, section, None)
        except EditConflict as error:
            section = error.current
            form = SectionDeleteForm(initial={"revision": section.revision})
            conflict = True
        else:
            messages.success(request, _("Subbab %(number)s dihapus.") % {"number": section})
            return redirect(chapter_url(section.chapter))
    context = {
        "plan": plan,
        "section": section,
        "chapter": section.chapter,
        "form": form,
        "conflict": conflict,
    }
    return render(
        request, "renstra/sections/section_delete.html", context, status=409 if conflict else 200
    )


def chapter_url(chapter: Chapter) -> str:
    return reverse("renstra:chapter_detail", args=[chapter.plan.public_id, chapter.number])


def section_url(section: Section) -> str:
    return reverse(
        "renstra:section_detail",
        args=[section.plan.public_id, section.chapter.number, section.pk],
    )


urlpatterns = [
    path("<str:public_id>/bab/<int:number>/", chapter_detail, name="chapter_detail"),
    path("<str:public_id>/bab/<int:number>/subbab/baru/", section_new, name="section_new"),
    path(
        "<str:public_id>/bab/<int:number>/subbab/<int:pk>/",
        section_detail,
        name="section_detail",
    ),
    path(
        "<str:public_id>/bab/<int:number>/subbab/<int:pk>/hapus/",
        section_remove,
        name="section_delete",
    ),
]
