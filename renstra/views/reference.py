"""RPJMD reference maintenance in the browser (region administrators and superusers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..forms_reference import CeilingGridForm, ProgramForm, ReferenceItemForm, RpjmdForm
from ..models import RpjmdProgram, RpjmdProgramCeiling, Unit, UnitCeiling
from ..services import reference as svc

KIND_TITLES = {"misi": _("Misi"), "tujuan": _("Tujuan"), "sasaran": _("Sasaran")}


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _detail_url(rpjmd) -> str:
    return reverse("renstra:rpjmd_detail", args=[rpjmd.pk])


@login_required
@require_GET
def rpjmd_list(request):
    svc.assert_may_administer_some(request.user)
    return render(
        request,
        "renstra/reference/rpjmd_list.html",
        {"rpjmds": svc.rpjmds_for_admin(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rpjmd_new(request):
    svc.assert_may_administer_some(request.user)
    form = RpjmdForm(request.POST or None, regions=svc.administered_regions(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            rpjmd = svc.rpjmd_save(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("RPJMD dibuat."))
            return redirect(_detail_url(rpjmd))
    return render(request, "renstra/reference/rpjmd_form.html", {"form": form})


@login_required
@require_GET
def rpjmd_detail(request, pk: int):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    programs = (
        RpjmdProgram.objects.filter(rpjmd=rpjmd)
        .select_related("sasaran")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("name")))
        .order_by("code", "id")
    )
    return render(
        request,
        "renstra/reference/rpjmd_detail.html",
        {
            "rpjmd": rpjmd,
            "misi": list(rpjmd.misi.order_by("code", "id")),
            "tujuan": list(rpjmd.tujuan.select_related("misi").order_by("code", "id")),
            "sasaran": list(rpjmd.sasaran.select_related("tujuan").order_by("code", "id")),
            "programs": list(programs),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rpjmd_edit(request, pk: int):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    form = RpjmdForm(
        request.POST or None,
        initial={
            "title": rpjmd.title,
            "start_year": rpjmd.start_year,
            "end_year": rpjmd.end_year,
            "visi": rpjmd.visi,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.rpjmd_save(actor=request.user, rpjmd=rpjmd, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("RPJMD disimpan."))
            return redirect(_detail_url(rpjmd))
    return render(request, "renstra/reference/rpjmd_form.html", {"form": form, "rpjmd": rpjmd})


def _kind(kind: str) -> str:
    if kind not in svc.ITEM_MODELS:
        raise Http404
    return kind


def _item(rpjmd, kind: str, item_id: int):
    try:
        return svc.ITEM_MODELS[kind].objects.get(pk=item_id, rpjmd=rpjmd)
    except svc.ITEM_MODELS[kind].DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request, pk: int, kind: str):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    kind = _kind(kind)
    form = ReferenceItemForm(request.POST or None, rpjmd=rpjmd, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            svc.reference_item_save(
                actor=request.user,
                rpjmd=rpjmd,
                kind=kind,
                code=form.cleaned_data["code"],
                text=form.cleaned_data["text"],
                parent=form.cleaned_data.get("parent"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(kind)s ditambahkan.") % {"kind": KIND_TITLES[kind]})
            return redirect(f"{_detail_url(rpjmd)}#{kind}")
    return render(
        request,
        "renstra/reference/item_form.html",
        {"rpjmd": rpjmd, "kind": kind, "kind_title": KIND_TITLES[kind], "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int, kind: str, item_id: int):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    kind = _kind(kind)
    item = _item(rpjmd, kind, item_id)
    parent_id = getattr(item, f"{svc.ITEM_PARENT[kind]}_id") if kind in svc.ITEM_PARENT else None
    form = ReferenceItemForm(
        request.POST or None,
        rpjmd=rpjmd,
        kind=kind,
        initial={"code": item.code, "text": item.text, "parent": parent_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.reference_item_save(
                actor=request.user,
                rpjmd=rpjmd,
                kind=kind,
                item=item,
                code=form.cleaned_data["code"],
                text=form.cleaned_data["text"],
                parent=form.cleaned_data.get("parent"),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(kind)s disimpan.") % {"kind": KIND_TITLES[kind]})
            return redirect(f"{_detail_url(rpjmd)}#{kind}")
    return render(
        request,
        "renstra/reference/item_form.html",
        {
            "rpjmd": rpjmd,
            "kind": kind,
            "kind_title": KIND_TITLES[kind],
            "form": form,
            "item": item,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def item_delete(request, pk: int, kind: str, item_id: int):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    kind = _kind(kind)
    item = _item(rpjmd, kind, item_id)
    try:
        svc.reference_item_delete(actor=request.user, item=item)
    except svc.ReferenceInUse as exc:
        messages.error(request, exc.text)
    else:
        messages.success(request, _("%(kind)s dihapus.") % {"kind": KIND_TITLES[kind]})
    return redirect(f"{_detail_url(rpjmd)}#{kind}")


def _program(rpjmd, program_id: int) -> RpjmdProgram:
    try:
        return RpjmdProgram.objects.get(pk=program_id, rpjmd=rpjmd)
    except RpjmdProgram.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def program_form(request, pk: int, program_id: int | None = None):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    program = _program(rpjmd, program_id) if program_id else None
    initial = (
        {
            "code": program.code,
            "name": program.name,
            "sasaran": program.sasaran_id,
            "units": list(program.units.values_list("pk", flat=True)),
        }
        if program
        else None
    )
    form = ProgramForm(request.POST or None, rpjmd=rpjmd, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program = svc.program_save(
                actor=request.user, rpjmd=rpjmd, program=program, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Program RPJMD disimpan."))
            return redirect(f"{_detail_url(rpjmd)}#program")
    return render(
        request,
        "renstra/reference/program_form.html",
        {"rpjmd": rpjmd, "program": program, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def program_delete(request, pk: int, program_id: int):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    program = _program(rpjmd, program_id)
    try:
        svc.program_delete(actor=request.user, program=program)
    except svc.ReferenceInUse as exc:
        messages.error(request, exc.text)
    else:
        messages.success(request, _("Program RPJMD dihapus."))
    return redirect(f"{_detail_url(rpjmd)}#program")


def _grid(request, *, rpjmd, units, existing, save, title, template_extra, back):
    years = svc.rpjmd_years(rpjmd)
    form = CeilingGridForm(request.POST or None, units=units, years=years, initial_amounts=existing)
    if request.method == "POST" and form.is_valid():
        changed = save(form.cleaned_data["amounts"])
        messages.success(request, _("Pagu disimpan (%(n)s sel berubah).") % {"n": changed})
        return redirect(back)
    return render(
        request,
        "renstra/reference/ceilings.html",
        {"rpjmd": rpjmd, "form": form, "years": years, "title": title, **template_extra},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_ceilings(request, pk: int, program_id: int):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    program = _program(rpjmd, program_id)
    existing = {
        (c.unit_id, c.year): c.amount for c in RpjmdProgramCeiling.objects.filter(program=program)
    }
    return _grid(
        request,
        rpjmd=rpjmd,
        units=list(program.units.order_by("name")),
        existing=existing,
        save=lambda amounts: svc.program_ceilings_save(
            actor=request.user, program=program, amounts=amounts
        ),
        title=_("Pagu program %(code)s per perangkat daerah") % {"code": program.code},
        template_extra={"program": program},
        back=request.path,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_ceilings(request, pk: int):
    rpjmd = svc.rpjmd_for_user(request.user, pk)
    existing = {(c.unit_id, c.year): c.amount for c in UnitCeiling.objects.filter(rpjmd=rpjmd)}
    program_sums = {
        CeilingGridForm.cell_name(row["unit_id"], row["year"]): row["total"]
        for row in RpjmdProgramCeiling.objects.filter(program__rpjmd=rpjmd)
        .values("unit_id", "year")
        .annotate(total=Sum("amount"))
    }
    return _grid(
        request,
        rpjmd=rpjmd,
        units=list(Unit.objects.filter(region=rpjmd.region_id).order_by("name")),
        existing=existing,
        save=lambda amounts: svc.unit_ceilings_save(
            actor=request.user, rpjmd=rpjmd, amounts=amounts
        ),
        title=_("Pagu indikatif perangkat daerah per tahun"),
        template_extra={"program_sums": program_sums},
        back=request.path,
    )


urlpatterns = [
    path("acuan/rpjmd/", rpjmd_list, name="rpjmd_list"),
    path("acuan/rpjmd/baru/", rpjmd_new, name="rpjmd_new"),
    path("acuan/rpjmd/<int:pk>/", rpjmd_detail, name="rpjmd_detail"),
    path("acuan/rpjmd/<int:pk>/ubah/", rpjmd_edit, name="rpjmd_edit"),
    path("acuan/rpjmd/<int:pk>/pagu/", unit_ceilings, name="rpjmd_unit_ceilings"),
    path("acuan/rpjmd/<int:pk>/program/baru/", program_form, name="rpjmd_program_new"),
    path("acuan/rpjmd/<int:pk>/program/<int:program_id>/", program_form, name="rpjmd_program"),
    path(
        "acuan/rpjmd/<int:pk>/program/<int:program_id>/hapus/",
        program_delete,
        name="rpjmd_program_delete",
    ),
    path(
        "acuan/rpjmd/<int:pk>/program/<int:program_id>/pagu/",
        program_ceilings,
        name="rpjmd_program_ceilings",
    ),
    path("acuan/rpjmd/<int:pk>/<slug:kind>/baru/", item_new, name="rpjmd_item_new"),
    path("acuan/rpjmd/<int:pk>/<slug:kind>/<int:item_id>/", item_edit, name="rpjmd_item"),
    path(
        "acuan/rpjmd/<int:pk>/<slug:kind>/<int:item_id>/hapus/",
        item_delete,
        name="rpjmd_item_delete",
    ),
]
