from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from ..access import get_plan_for_user
from ..forms import PlanCreateForm
from ..providers import collect
from ..selectors.cascade import plan_tree
from ..selectors.plans import plans_visible_to, units_editable_by
from ..services.plans import plan_create


def home(request):
    if request.user.is_authenticated:
        return redirect("renstra:plan_list")
    return redirect("login")


@login_required
def plan_list(request):
    plans = plans_visible_to(request.user).order_by(
        "unit__region__name", "unit__name", "-start_year"
    )
    can_create = units_editable_by(request.user).exists()
    return render(request, "renstra/plan_list.html", {"plans": plans, "can_create": can_create})


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request):
    units = units_editable_by(request.user)
    if not units.exists():
        return render(request, "403.html", status=403)
    form = PlanCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        plan = plan_create(actor=request.user, **form.cleaned_data)
        return redirect(plan)
    return render(request, "renstra/plan_new.html", {"form": form})


@login_required
def workspace(request, public_id: str):
    plan, access = get_plan_for_user(request.user, public_id)
    chapters = plan.chapters.prefetch_related("sections").order_by("number")
    tree = plan_tree(plan, with_indicators=False)
    # Panels the flows contribute (title, template, context): rendered with `panel`.
    panels = collect("workspace_panels", plan, request.user)
    return render(
        request,
        "renstra/workspace.html",
        {"plan": plan, "access": access, "chapters": chapters, "tree": tree, "panels": panels},
    )


urlpatterns = [
    path("", plan_list, name="plan_list"),
    path("baru/", plan_new, name="plan_new"),
    path("<str:public_id>/", workspace, name="workspace"),
]
