"""The demo: the sample plan of ../shared/interchange and one account per role."""

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from ..models import Plan, Region, Unit, User
from .roles import role_grant

DEMO_PASSWORD = "renstra-demo"  # noqa: S105  # nosec B105  # printed for the demo accounts, never used elsewhere

# username, full name, role, scope ("unit", "region" or "organisation")
DEMO_ACCOUNTS: list[tuple[str, str, str | None, str | None]] = [
    ("perencana", "Sri Wahyuni (Subbag Perencanaan)", "planner", "unit"),
    ("kepala", "dr. Ratna Kusumawardani, M.Kes.", "head", "unit"),
    ("verifikator", "Bambang Setiawan (Bappeda)", "verifier", "region"),
    ("inspektur", "Dewi Lestari (Inspektorat)", "inspector", "region"),
    ("dprd", "H. Ahmad Fauzi (Komisi IV DPRD)", "dprd_member", "region"),
    ("bupati", "Ir. Hendra Gunawan (Bupati)", "ratifier", "region"),
    ("bappeda", "Rina Marlina (Admin Bappeda)", "region_admin", "region"),
    ("lsm", "Yusuf Hidayat (LSM Sehat Bersama)", "stakeholder", "organisation"),
    ("warga", "Siti Aminah", None, None),
]


@dataclass
class DemoResult:
    plan: Plan
    created_plan: bool
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def sample_path() -> Path:
    return Path(settings.SHARED_DIR) / "interchange" / "sample-dinkes-contoh.json"


@transaction.atomic
def demo_seed(*, path: Path | None = None) -> DemoResult:
    """Load the sample plan (once), the demo nomenclature (once) and the demo accounts.

    Idempotent: running it again changes nothing. Returns the plan and the accounts as
    (username, role label, scope name)."""
    from participation.models import Organisation

    from ..roles import get_role

    path = path or sample_path()
    document = json.loads(path.read_text(encoding="utf-8"))
    admin, _ = User.objects.get_or_create(
        username="admin",
        defaults={"full_name": "Administrator", "is_staff": True, "is_superuser": True},
    )
    if not admin.has_usable_password():
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])

    existing = Plan.objects.filter(
        unit__name=document["unit"]["name"],
        unit__region__name=document["region"]["name"],
        title=document.get("title", ""),
    ).first()
    created = existing is None
    if existing is None:
        out = io.StringIO()
        call_command("import_renstra", str(path), "--region-create", "--as", "admin", stdout=out)
        public_id = out.getvalue().strip().splitlines()[-1]
        plan = Plan.objects.get(public_id=public_id)
    else:
        plan = existing

    nomenclature = Path(__file__).resolve().parent.parent / "fixtures" / "nomenclature-demo.csv"
    from ..models import NomenclatureVersion

    if nomenclature.exists() and not NomenclatureVersion.objects.filter(name="demo").exists():
        call_command(
            "load_nomenclature", str(nomenclature), "--version", "demo", stdout=io.StringIO()
        )

    unit: Unit = plan.unit
    region: Region = unit.region
    organisation, _ = Organisation.objects.get_or_create(
        region=region,
        name="LSM Sehat Bersama",
        defaults={"kind": Organisation.Kind.NGO, "status": Organisation.Status.VERIFIED},
    )
    scopes = {"unit": unit, "region": region, "organisation": organisation}
    result = DemoResult(plan=plan, created_plan=created)
    result.accounts.append(("admin", "Administrator (superuser)", "—"))
    for username, full_name, role, scope_key in DEMO_ACCOUNTS:
        user, made = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name}
        )
        if made:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role and scope_key:
            role_grant(user=user, role=role, scope=scopes[scope_key])
            result.accounts.append((username, str(get_role(role).label), str(scopes[scope_key])))
        else:
            result.accounts.append((username, "Warga (tanpa peran)", "—"))
    # Flows add their own demo data (e.g. the DPRD commission partnering the demo unit).
    from ..providers import providers

    for provider in providers("demo_seed"):
        demo_users = User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS])
        provider(plan=plan, users={u.username: u for u in demo_users})
    return result
