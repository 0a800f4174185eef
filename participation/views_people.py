"""People and organisations: self-registration with e-mail confirmation, organisations
(register with a document, verification by the region's administrator, joining), and
notifications (list, mark read, delivery choice)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from guardian.shortcuts import get_objects_for_user

from renstra.errors import RenstraError
from renstra.models import Region

from .access import get_organisation_for_user
from .forms import (
    DecisionForm,
    JoinForm,
    NotificationSettingsForm,
    OrganisationRegisterForm,
    ResendForm,
    SignupForm,
)
from .models import Membership, Notification, Organisation
from .selectors.organisations import user_organisation_ids
from .services.accounts import account_confirm, account_register, account_resend_confirmation
from .services.notifications import (
    notification_delivery,
    notification_mark_read,
    notification_settings_set,
)
from .services.organisations import (
    membership_decide,
    membership_request,
    organisation_decide,
    organisation_register,
)


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


# --- Accounts ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("participation:organisations")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                account_register(
                    username=data["username"],
                    email=data["email"],
                    full_name=data["full_name"],
                    password=data["password1"],
                    base_url=_base_url(request),
                )
            except RenstraError as error:
                form.add_error(None, error.text)
            else:
                return render(
                    request, "participation/accounts/signup_done.html", {"email": data["email"]}
                )
        status = 400
    return render(request, "participation/accounts/signup.html", {"form": form}, status=status)


@require_GET
def account_confirm_view(request, token: str):
    try:
        account_confirm(token=token)
    except RenstraError as error:
        return render(
            request,
            "participation/accounts/confirm_failed.html",
            {"error": error.text, "form": ResendForm()},
            status=400,
        )
    messages.success(request, _("Alamat e-mail dikonfirmasi. Silakan masuk."))
    return redirect("login")


@require_http_methods(["GET", "POST"])
def resend_confirmation(request):
    form = ResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_resend_confirmation(email=form.cleaned_data["email"], base_url=_base_url(request))
        # The same answer whether or not the address is known (no account enumeration).
        messages.info(
            request,
            _("Jika alamat itu terdaftar dan belum dikonfirmasi, tautan baru telah dikirim."),
        )
        return redirect("login")
    return render(request, "participation/accounts/resend.html", {"form": form})


# --- Organisations -----------------------------------------------------------------------


@login_required
@require_GET
def organisations(request):
    """The organisations I belong to or asked to join; links to register or join one;
    for a region administrator, the verification queue."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation__region")
        .order_by("organisation__name")
    )
    represented = user_organisation_ids(request.user)
    admin_regions = get_objects_for_user(
        request.user, "renstra.administer_region", klass=Region, accept_global_perms=False
    )
    pending = (
        Organisation.objects.filter(
            status=Organisation.Status.PENDING,
            region__in=Region.objects.all() if request.user.is_superuser else admin_regions,
        )
        .select_related("region")
        .order_by("registered_at", "id")
    )
    return render(
        request,
        "participation/organisations/mine.html",
        {
            "memberships": memberships,
            "represented": represented,
            "pending": pending,
            "is_admin": request.user.is_superuser or admin_regions.exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_register_view(request):
    form = OrganisationRegisterForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisation = organisation_register(
                    region=data["region"],
                    name=data["name"],
                    kind=data["kind"],
                    actor=request.user,
                    document=data["document"],
                    address=data["address"],
                    contact_email=data["contact_email"],
                    description=data["description"],
                    role=data["role"],
                )
            except RenstraError as error:
                form.add_error(None, error.text)
            else:
                messages.success(
                    request, _("Organisasi didaftarkan dan menunggu verifikasi administrator.")
                )
                return redirect("participation:organisation_detail", organisation.pk)
        status = 400
    return render(
        request, "participation/organisations/register.html", {"form": form}, status=status
    )


@login_required
@require_GET
def organisation_directory(request):
    """Verified organisations to join (by region); paginated."""
    rows = (
        Organisation.objects.filter(status=Organisation.Status.VERIFIED)
        .select_related("region")
        .order_by("region__name", "name")
    )
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(region__name__icontains=query))
    page = Paginator(rows, 50).get_page(request.GET.get("halaman"))
    mine = set(
        Membership.objects.filter(user=request.user).values_list("organisation_id", flat=True)
    )
    return render(
        request,
        "participation/organisations/directory.html",
        {"page": page, "query": query, "mine": mine, "join_form": JoinForm()},
    )


@login_required
@require_POST
def organisation_join(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk, status=Organisation.Status.VERIFIED)
    form = JoinForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else ""
    try:
        membership_request(organisation=organisation, user=request.user, role=role)
    except RenstraError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request,
            _("Permintaan bergabung dengan %(name)s dikirim.") % {"name": organisation.name},
        )
    return redirect("participation:organisations")


@login_required
@require_GET
def organisation_detail(request, pk: int):
    organisation, access = get_organisation_for_user(request.user, pk)
    memberships = list(
        organisation.memberships.select_related("user").order_by("status", "requested_at")
    )
    return render(
        request,
        "participation/organisations/detail.html",
        {
            "organisation": organisation,
            "access": access,
            "memberships": memberships,
            "decision_form": DecisionForm(),
            "counts": organisation.memberships.aggregate(
                approved=Count("id", filter=Q(status="approved")),
                requested=Count("id", filter=Q(status="requested")),
            ),
        },
    )


@login_required
@require_GET
def organisation_document(request, pk: int):
    organisation, _access = get_organisation_for_user(request.user, pk)
    document_name = organisation.registration_document.name
    if not document_name:  # no document (a FieldFile is falsy exactly when its name is)
        raise Http404
    extension = document_name.rsplit(".", 1)[-1]
    response = FileResponse(
        organisation.registration_document.open("rb"),
        as_attachment=True,
        filename=f"dokumen-registrasi-{organisation.pk}.{extension}",
        content_type=organisation.registration_document_type or "application/octet-stream",
    )
    return response


@login_required
@require_POST
def membership_decide_view(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("organisation"), pk=pk)
    organisation, access = get_organisation_for_user(request.user, membership.organisation_id)
    if not (access.represent or access.administer):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih setujui atau tolak."))
    else:
        try:
            membership_decide(
                membership=membership,
                actor=request.user,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
                representative=request.POST.get("representative") == "1",
            )
        except RenstraError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Keputusan keanggotaan disimpan."))
    return redirect("participation:organisation_detail", organisation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_review(request, pk: int):
    organisation, access = get_organisation_for_user(request.user, pk, need="administer")
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                organisation_decide(
                    organisation=organisation,
                    actor=request.user,
                    approve=form.approve,
                    reason=form.cleaned_data["reason"],
                )
            except RenstraError as error:
                form.add_error("reason", error.text)
            else:
                messages.success(request, _("Keputusan verifikasi disimpan."))
                return redirect("participation:organisations")
        status = 400
    return render(
        request,
        "participation/organisations/review.html",
        {"organisation": organisation, "access": access, "form": form},
        status=status,
    )


# --- Notifications -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    form = NotificationSettingsForm(
        request.POST or None, initial={"delivery": notification_delivery(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        notification_settings_set(user=request.user, delivery=form.cleaned_data["delivery"])
        messages.success(request, _("Pilihan notifikasi disimpan."))
        return redirect("participation:notifications")
    rows = Notification.objects.filter(user=request.user).order_by("-created_at", "-id")
    page = Paginator(rows, 30).get_page(request.GET.get("halaman"))
    return render(
        request,
        "participation/notifications.html",
        {"page": page, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def notifications_read(request):
    value = request.POST.get("id", "")
    notification_mark_read(
        user=request.user, notification_id=int(value) if value.isdigit() else None
    )
    target = request.POST.get("next", "")
    if value.isdigit() and target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("participation:notifications")


urlpatterns = [
    path("akun/daftar/", signup, name="signup"),
    path("akun/konfirmasi/<str:token>/", account_confirm_view, name="account_confirm"),
    path("akun/kirim-ulang/", resend_confirmation, name="account_resend"),
    path("organisasi/", organisations, name="organisations"),
    path("organisasi/daftar/", organisation_register_view, name="organisation_register"),
    path("organisasi/cari/", organisation_directory, name="organisation_directory"),
    path("organisasi/<int:pk>/", organisation_detail, name="organisation_detail"),
    path("organisasi/<int:pk>/dokumen/", organisation_document, name="organisation_document"),
    path("organisasi/<int:pk>/gabung/", organisation_join, name="organisation_join"),
    path("organisasi/<int:pk>/verifikasi/", organisation_review, name="organisation_review"),
    path(
        "organisasi/keanggotaan/<int:pk>/",
        membership_decide_view,
        name="membership_decide",
    ),
    path("notifikasi/", notifications, name="notifications"),
    path("notifikasi/baca/", notifications_read, name="notifications_read"),
]
