"""After ratification the plan cannot change by any path: every editing view, every
service (of every flow), the admin, the ORM (model saves, QuerySet.update, raw SQL),
`import_renstra`: every attempt is refused and no history row moves, anywhere. An
amendment starts a new revision chain and leaves the ratified plan as it is."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import NoReverseMatch, get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone

from legislation import services as legis
from legislation.errors import PlanRatified
from legislation.models import (
    DprdReview,
    FlagshipLink,
    ItemResponse,
    Ratification,
    RecommendationItem,
    RecommendationLetter,
    ReviewNote,
)
from participation.models import Consultation
from renstra.errors import PlanLocked, RenstraError
from renstra.models import (
    Chapter,
    Element,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    Rpjmd,
    Section,
    StrategicIssue,
)
from renstra.models.plan import BudgetRecord, PerformanceRecord
from renstra.services import cascade, previous_period, sections
from stages import inspectorate, preparation, verification_desk
from stages import services as stage_services
from stages.errors import TransitionNotAllowed
from stages.models import AgendaItem, TeamDecree, TeamMember, VerificationReview
from stages.transitions import all_stages
from stages.versions import version_compare, version_content
from tests.factories import IndicatorFactory, IndicatorTargetFactory, build_cascade
from tests.legislation.helpers import (
    commission_for,
    dprd_member,
    ratify_kwargs,
    submitted,
    technocratic_done,
)

pytestmark = pytest.mark.django_db

REFUSED = (RenstraError, PermissionDenied, ValidationError, IntegrityError)


def history_rows() -> int:
    """Every history row of every tracked model (not only this plan's): nothing may move."""
    total = 0
    for model in apps.get_models():
        if any(f.name == "history_id" for f in model._meta.fields):
            total += model.objects.count()
    return total


def fingerprint(plan: Plan) -> dict:
    """The plan row and its content, as values."""

    def rows(model):
        return sorted(
            tuple(sorted((k, str(v)) for k, v in row.items()))
            for row in model.objects.filter(plan=plan).values()
        )

    content = {
        m.__name__: rows(m)
        for m in (
            Chapter,
            Section,
            StrategicIssue,
            Element,
            Indicator,
            IndicatorTarget,
            Funding,
            PerformanceRecord,
            BudgetRecord,
            FlagshipLink,
            TeamDecree,
            AgendaItem,
        )
    }
    content["plan"] = list(Plan.objects.filter(pk=plan.pk).values())
    content["links"] = sorted(
        Element.issues.through.objects.filter(element__plan=plan).values_list(
            "element_id", "strategicissue_id"
        )
    )
    content["responses"] = sorted(
        ItemResponse.objects.filter(item__letter__plan=plan).values_list("pk", "status", "reason")
    )
    content["ratification"] = list(Ratification.objects.filter(plan=plan).values())
    return content


@pytest.fixture
def ratified(plan, head, planner, ratifier):
    """A plan with content of every kind, through the DPRD, ratified."""
    plan.rpjmd = Rpjmd.objects.create(region=plan.unit.region, start_year=2025, end_year=2029)
    Plan.objects.filter(pk=plan.pk).update(rpjmd=plan.rpjmd)
    made = build_cascade(plan)
    indicator = IndicatorFactory(element=made["sasaran"][0])
    IndicatorTargetFactory(indicator=indicator, year=plan.start_year, value="15")
    issue = plan.issues.create(text="Isu uji", ref="I1")
    made["sasaran"][0].issues.add(issue)
    section = plan.sections.order_by("pk").first()
    Section.objects.filter(pk=section.pk).update(body="<p>Isi awal</p>")
    PerformanceRecord.objects.create(plan=plan, indicator="Cakupan", targets={"2024": "90"})
    BudgetRecord.objects.create(plan=plan, description="Belanja", budgets={"2024": "1000"})
    flagship = legis.flagship_program_save(
        rpjmd=plan.rpjmd, actor=None, code="PU1", name="Sehat gratis", units=[plan.unit]
    )
    legis.flagship_links_set(
        plan=plan, element=made["tujuan"][0], flagships=[flagship], actor=planner
    )
    decree = TeamDecree.objects.create(
        plan=plan, number="SK/1", date=date(2025, 1, 2), signed_by="Bupati"
    )
    TeamMember.objects.create(decree=decree, name="Ketua Tim", role="ketua")
    AgendaItem.objects.create(
        plan=plan,
        activity="Rapat",
        planned_start=date(2025, 1, 3),
        planned_end=date(2025, 1, 4),
    )
    technocratic_done(plan)
    member = dprd_member(plan.unit.region, "komisi4")
    review = submitted(plan, head, commission_for(plan.unit, [member]))
    legis.note_add(review=review, actor=member, kind="question", text="Mengapa?")
    letter = legis.letter_issue(
        review=review,
        actor=member,
        number="170/1/DPRD",
        date=date(2026, 1, 5),
        items=[("Tambah indikator", [made["program"][0]])],
    )
    legis.item_respond(item=letter.items.get(), actor=planner, status="accepted", change="Ok")
    legis.dprd_finish(plan=plan, actor=head)
    legis.plan_ratify(plan=plan, actor=ratifier, findings_reason="Data uji", **ratify_kwargs())
    plan.refresh_from_db()
    assert plan.stage == "penetapan" and plan.locked
    return {
        "plan": plan,
        "made": made,
        "indicator": indicator,
        "issue": issue,
        "section": section,
        "review": review,
        "letter": letter,
        "member": member,
        "flagship": flagship,
        "decree": decree,
    }


@pytest.fixture
def frozen(ratified):
    plan = ratified["plan"]
    return history_rows(), fingerprint(plan)


def assert_unchanged(ratified, frozen):
    plan = ratified["plan"]
    assert history_rows() == frozen[0], "a history row moved"
    assert fingerprint(plan) == frozen[1], "the ratified plan changed"


# --- Services ---------------------------------------------------------------------------


def _service_calls(r, users):
    """(name, callable) for every writing service of every flow, aimed at the plan."""
    plan, made = r["plan"], r["made"]
    sub = made["sub_kegiatan"][0]
    section = r["section"]
    indicator = r["indicator"]
    performance = PerformanceRecord.objects.get(plan=plan)
    budget = BudgetRecord.objects.get(plan=plan)
    item = RecommendationItem.objects.get(letter=r["letter"])
    member = TeamMember.objects.get(decree=r["decree"])
    agenda = AgendaItem.objects.get(plan=plan)
    su = users["superuser"]
    return [
        (
            "section_update",
            lambda: sections.section_update(
                section=section,
                title="Baru",
                body="<p>baru</p>",
                expected_revision=section.revision,
                actor=su,
            ),
        ),
        (
            "chapter_update",
            lambda: sections.chapter_update(
                chapter=section.chapter,
                title="Baru",
                body="x",
                expected_revision=section.chapter.revision,
                actor=su,
            ),
        ),
        (
            "section_create",
            lambda: sections.section_create(
                chapter=section.chapter, number="9.9", title="Baru", actor=su
            ),
        ),
        ("section_delete", lambda: sections.section_delete(section=section, actor=su)),
        (
            "element_create",
            lambda: cascade.element_create(
                plan=plan, kind="tujuan", parent=None, actor=su, text="Tujuan baru"
            ),
        ),
        (
            "element_update",
            lambda: cascade.element_update(
                element=sub, actor=su, expected_revision=sub.revision, changes={"text": "Ubah"}
            ),
        ),
        ("element_delete", lambda: cascade.element_delete(element=sub, actor=su)),
        ("element_move", lambda: cascade.element_move(element=sub, actor=su, direction="up")),
        (
            "indicator_create",
            lambda: cascade.indicator_create(element=sub, actor=su, name="Baru", unit="%"),
        ),
        (
            "indicator_update",
            lambda: cascade.indicator_update(
                indicator=indicator,
                actor=su,
                expected_revision=indicator.revision,
                changes={"name": "x"},
            ),
        ),
        ("indicator_delete", lambda: cascade.indicator_delete(indicator=indicator, actor=su)),
        (
            "indicator_targets_set",
            lambda: cascade.indicator_targets_set(
                indicator=indicator, values={plan.start_year: "99"}, actor=su
            ),
        ),
        (
            "funding_set",
            lambda: cascade.funding_set(
                element=sub, amounts={plan.start_year: Decimal("5")}, actor=su
            ),
        ),
        ("issue_create", lambda: cascade.issue_create(plan=plan, text="Isu baru", actor=su)),
        (
            "issue_update",
            lambda: cascade.issue_update(
                issue=r["issue"],
                actor=su,
                expected_revision=r["issue"].revision,
                changes={"text": "x"},
            ),
        ),
        ("issue_delete", lambda: cascade.issue_delete(issue=r["issue"], actor=su)),
        (
            "performance_record_save",
            lambda: previous_period.performance_record_save(
                plan=plan,
                record=performance,
                actor=su,
                indicator="Ubah",
                targets={2024: "1"},
                realisations={},
            ),
        ),
        (
            "performance_record_delete",
            lambda: previous_period.performance_record_delete(record=performance, actor=su),
        ),
        (
            "budget_record_save",
            lambda: previous_period.budget_record_save(
                plan=plan,
                record=budget,
                actor=su,
                description="Ubah",
                budgets={2024: Decimal(1)},
                realisations={},
            ),
        ),
        (
            "budget_record_delete",
            lambda: previous_period.budget_record_delete(record=budget, actor=su),
        ),
        (
            "team_decree_save",
            lambda: preparation.team_decree_save(
                plan=plan, actor=su, number="SK/2", date=date(2025, 2, 2), signed_by="X"
            ),
        ),
        (
            "team_member_add",
            lambda: preparation.team_member_add(
                plan=plan, actor=su, name="Anggota", role="anggota"
            ),
        ),
        (
            "team_member_delete",
            lambda: preparation.team_member_delete(member=member, actor=su),
        ),
        (
            "agenda_item_add",
            lambda: preparation.agenda_item_add(
                plan=plan,
                actor=su,
                activity="Baru",
                planned_start=date(2025, 3, 1),
                planned_end=date(2025, 3, 2),
            ),
        ),
        ("agenda_item_delete", lambda: preparation.agenda_item_delete(item=agenda, actor=su)),
        (
            "inspectorate_note_add",
            lambda: inspectorate.note_add(plan=plan, actor=su, text="Catatan", element=None),
        ),
        (
            "verification_start",
            lambda: verification_desk.verification_start(plan=plan, actor=su),
        ),
        ("plan_submit", lambda: verification_desk.plan_submit(plan=plan, actor=su)),
        (
            "item_respond",
            lambda: legis.item_respond(
                item=item, actor=su, status="not_accepted", reason="Berubah pikiran"
            ),
        ),
        (
            "letter_issue",
            lambda: legis.letter_issue(
                review=r["review"],
                actor=r["member"],
                number="170/2/DPRD",
                date=date(2026, 2, 1),
                items=[("Lagi", [])],
            ),
        ),
        (
            "note_add",
            lambda: legis.note_add(
                review=r["review"], actor=r["member"], kind="question", text="Masih?"
            ),
        ),
        (
            "flagship_links_set",
            lambda: legis.flagship_links_set(
                plan=plan, element=made["tujuan"][0], flagships=[], actor=su
            ),
        ),
        (
            "dprd_approve",
            lambda: legis.dprd_approve(review=r["review"], actor=r["member"], reference="x"),
        ),
        ("dprd_submit", lambda: legis.dprd_submit(plan=plan, actor=su)),
        ("plan_ratify_again", lambda: legis.plan_ratify(plan=plan, actor=su, **ratify_kwargs())),
    ]


def test_every_service_is_refused(ratified, frozen, superuser):
    calls = _service_calls(ratified, {"superuser": superuser})
    leaked = []
    for name, call in calls:
        try:
            with transaction.atomic():
                call()
        except TypeError as exc:  # a wrong call in this test, not a refusal
            raise AssertionError(f"{name}: {exc}") from exc
        except REFUSED:
            continue
        leaked.append(name)
    assert leaked == []
    assert_unchanged(ratified, frozen)


@pytest.mark.parametrize("target", [s.code for s in all_stages() if s.code != "perubahan"])
def test_no_transition_leaves_the_ratified_stage_but_amendment(ratified, frozen, superuser, target):
    plan = ratified["plan"]
    with pytest.raises(TransitionNotAllowed):
        stage_services.transition(plan=plan, to_stage=target, actor=superuser)
    assert_unchanged(ratified, frozen)


def test_amendment_starts_a_new_chain_and_leaves_the_ratified_plan(ratified, frozen, planner):
    plan = ratified["plan"]
    record = stage_services.plan_amend(plan=plan, actor=planner, note="RPJMD berubah")
    amendment = record.plan
    assert amendment.pk != plan.pk and not amendment.locked
    assert record.previous.plan_id == plan.pk and record.previous.stage == "penetapan"
    # The copy can be edited; the ratified plan is untouched (its history rows stay, the
    # new plan has its own).
    element = amendment.elements.get(kind="tujuan")
    cascade.element_update(
        element=element,
        actor=planner,
        expected_revision=element.revision,
        changes={"text": "Tujuan baru"},
    )
    assert fingerprint(plan) == frozen[1]
    for model in (Element, Section, Indicator, IndicatorTarget, Funding):
        assert not model.history.filter(plan_id=plan.pk, history_date__gt=record.opened_at).exists()
    assert (
        Plan.history.filter(id=plan.pk).count()
        == Plan.history.filter(id=plan.pk, history_date__lte=record.opened_at).count()
    )
    # The flagship links came along to the copied goal.
    link = FlagshipLink.objects.get(plan=amendment)
    assert link.element.plan_id == amendment.pk and link.element.ref == "T1"
    assert link.flagship == ratified["flagship"]
    # The ratified version still rebuilds exactly.
    version = Ratification.objects.get(plan=plan).version
    version.plan = plan
    assert version_compare(version, version_content(version)).changes == []


# --- ORM, SQL, shell -------------------------------------------------------------------


def test_model_saves_and_deletes_are_refused(ratified, frozen):
    plan, made = ratified["plan"], ratified["made"]
    objects = [
        made["sub_kegiatan"][0],
        ratified["section"],
        ratified["indicator"],
        ratified["issue"],
        Funding.objects.filter(plan=plan).first(),
        PerformanceRecord.objects.get(plan=plan),
        BudgetRecord.objects.get(plan=plan),
        FlagshipLink.objects.get(plan=plan),
        TeamDecree.objects.get(plan=plan),
        TeamMember.objects.get(decree__plan=plan),
        AgendaItem.objects.get(plan=plan),
        ratified["review"],
        ratified["letter"],
        RecommendationItem.objects.get(letter=ratified["letter"]),
        ItemResponse.objects.get(item__letter=ratified["letter"]),
        Ratification.objects.get(plan=plan),
    ]
    for obj in objects:
        with pytest.raises((PlanLocked, PlanRatified)), transaction.atomic():
            obj.save()
        with pytest.raises((PlanLocked, PlanRatified)), transaction.atomic():
            obj.delete()
    with pytest.raises(PlanLocked), transaction.atomic():
        plan.save()
    # The plan row is protected by its records, and by the final-stage guard beneath.
    with pytest.raises((PlanLocked, ProtectedError)), transaction.atomic():
        plan.delete()
    with pytest.raises(PlanRatified), transaction.atomic():
        RecommendationItem.objects.get(letter=ratified["letter"]).elements.clear()
    with pytest.raises(PlanLocked), transaction.atomic():
        made["sasaran"][0].issues.clear()
    with pytest.raises(PlanLocked), transaction.atomic():
        Element.objects.create(plan=plan, kind="tujuan", text="Baru")
    with pytest.raises(PlanRatified), transaction.atomic():
        AgendaItem.objects.create(
            plan=plan, activity="x", planned_start=date(2025, 1, 1), planned_end=date(2025, 1, 1)
        )
    assert_unchanged(ratified, frozen)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")
def test_queryset_update_and_raw_sql_are_refused_by_the_database(ratified, frozen):
    plan = ratified["plan"]
    for qs, values in (
        (Element.objects.filter(plan=plan), {"text": "x"}),
        (Funding.objects.filter(plan=plan), {"amount": Decimal(1)}),
        (PerformanceRecord.objects.filter(plan=plan), {"indicator": "x"}),
        (BudgetRecord.objects.filter(plan=plan), {"description": "x"}),
        (FlagshipLink.objects.filter(plan=plan), {"flagship_id": ratified["flagship"].pk}),
        (Plan.objects.filter(pk=plan.pk), {"title": "x"}),
        (TeamDecree.objects.filter(plan=plan), {"number": "x"}),
        (AgendaItem.objects.filter(plan=plan), {"activity": "x"}),
        (DprdReview.objects.filter(plan=plan), {"cover_note": "x"}),
        (ReviewNote.objects.filter(plan=plan), {"text": "x"}),
        (RecommendationLetter.objects.filter(plan=plan), {"number": "x"}),
        (VerificationReview.objects.filter(plan=plan), {"note": "x"}),
        (Consultation.objects.filter(plan=plan), {"title": "x"}),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            assert qs.exists(), qs.model
            qs.update(**values)
            pytest.fail(f"{qs.model.__name__}: QuerySet.update was not refused")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM renstra_funding WHERE plan_id = %s", [plan.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        PerformanceRecord.objects.bulk_create([PerformanceRecord(plan=plan, indicator="x")])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM stages_agendaitem WHERE plan_id = %s", [plan.pk])
    assert_unchanged(ratified, frozen)


def test_import_renstra_never_writes_onto_the_ratified_plan(ratified, frozen, tmp_path):
    from renstra.exchange.exporter import exchange_export

    plan = ratified["plan"]
    path = tmp_path / "renstra.json"
    path.write_text(json.dumps(exchange_export(plan=plan)))
    before = Plan.objects.count()
    history_before = frozen[0]
    call_command("import_renstra", str(path))
    assert Plan.objects.count() == before + 1  # a new plan, never onto the ratified one
    new = Plan.objects.exclude(pk=plan.pk).order_by("-pk").first()
    assert not new.locked and new.stage != "penetapan"
    assert fingerprint(plan) == frozen[1]
    # History rows were added for the new plan only.
    for model in (Element, Section, Indicator, IndicatorTarget, Funding, Chapter):
        assert (
            not model.history.filter(
                plan_id=plan.pk, history_date__gt=timezone.now() - timedelta(minutes=5)
            )
            .exclude(history_date__lte=Ratification.objects.get(plan=plan).ratified_at)
            .exists()
        )
    assert history_rows() > history_before


# --- The admin --------------------------------------------------------------------------


def test_every_admin_page_refuses_the_ratified_plan(ratified, frozen, client, superuser):
    """Every admin of a model that belongs to the plan (any flow's), and the plan's own:
    the change and delete pages refuse (no unhandled error) and nothing changes."""
    from django.contrib import admin

    from legislation.guards import _PATHS, plan_id_of

    client.force_login(superuser)
    plan = ratified["plan"]
    tried = []
    for model in admin.site._registry:
        if model is Plan:
            objects = [plan]
        elif model in _PATHS or model is Ratification:
            paths = _PATHS.get(model, [["plan"]])
            objects = [o for o in model._default_manager.all() if plan_id_of(o, paths) == plan.pk]
        else:
            continue
        info = model._meta.app_label, model._meta.model_name
        for obj in objects[:1]:
            change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            assert client.get(change).status_code in (200, 302, 403)
            response = client.post(change, {})
            assert response.status_code in (200, 302, 403), (model, response.status_code)
            delete = reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])
            response = client.post(delete, {"post": "yes"})
            # 200: the page naming what protects it; 302/403: refused.
            assert response.status_code in (200, 302, 403), (model, response.status_code)
            assert model._default_manager.filter(pk=obj.pk).exists(), model
            tried.append(model.__name__)
    assert {"Plan", "Element", "Section", "FlagshipLink", "Ratification", "Consultation"} <= set(
        tried
    )
    assert_unchanged(ratified, frozen)


def test_admin_refuses_change_and_delete(ratified, frozen, client, superuser):
    client.force_login(superuser)
    plan, made = ratified["plan"], ratified["made"]
    targets = [
        ("renstra", "element", made["sub_kegiatan"][0].pk),
        ("renstra", "section", ratified["section"].pk),
        ("renstra", "indicator", ratified["indicator"].pk),
        ("renstra", "strategicissue", ratified["issue"].pk),
        ("legislation", "flagshiplink", FlagshipLink.objects.get(plan=plan).pk),
        ("legislation", "ratification", Ratification.objects.get(plan=plan).pk),
        ("legislation", "itemresponse", ItemResponse.objects.get(item__letter__plan=plan).pk),
    ]
    for app_label, model, pk in targets:
        try:
            change = reverse(f"admin:{app_label}_{model}_change", args=[pk])
        except NoReverseMatch:
            continue
        response = client.post(change, {"text": "x", "title": "x"})
        assert (
            response.status_code in (302, 403)
            or b"errornote" in response.content
            or (response.status_code == 200)
        ), (model, response.status_code)
        delete = reverse(f"admin:{app_label}_{model}_delete", args=[pk])
        response = client.post(delete, {"post": "yes"})
        assert response.status_code in (302, 403), (model, response.status_code)
    assert_unchanged(ratified, frozen)


# --- Every view of every flow ------------------------------------------------------------


def _patterns(patterns=None, prefix="", ns=None):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern), p.namespace or ns)
        else:
            yield (
                ns,
                p.name,
                prefix + str(p.pattern),
                p.pattern.converters.keys() if hasattr(p.pattern, "converters") else [],
            )


def _kwargs(ratified, ns, name, keys):
    plan, made = ratified["plan"], ratified["made"]
    ratification = Ratification.objects.get(plan=plan)
    values = {
        "public_id": plan.public_id,
        "element_id": made["sub_kegiatan"][0].pk,
        "indicator_id": ratified["indicator"].pk,
        "issue_id": ratified["issue"].pk,
        "review_id": ratified["review"].pk,
        "item_id": RecommendationItem.objects.get(letter=ratified["letter"]).pk,
        "kind": "kinerja",
        "to_stage": "rancangan",
        "number": ratified["section"].chapter.number,
    }
    if name and ("version" in name):
        values["number"] = ratification.version.number
    pk = {
        "section_detail": ratified["section"].pk,
        "section_delete": ratified["section"].pk,
        "previous_period_edit": PerformanceRecord.objects.get(plan=plan).pk,
        "previous_period_delete": PerformanceRecord.objects.get(plan=plan).pk,
        "member_edit": TeamMember.objects.get(decree__plan=plan).pk,
        "member_delete": TeamMember.objects.get(decree__plan=plan).pk,
        "agenda_edit": AgendaItem.objects.get(plan=plan).pk,
        "agenda_delete": AgendaItem.objects.get(plan=plan).pk,
        "document_progress": ratification.document_id,
        "document_download": ratification.document_id,
    }.get(name)
    if pk is not None:
        values["pk"] = pk
    if "pk" in keys and "pk" not in values:
        return None
    return {k: values[k] for k in keys if k in values} if set(keys) <= set(values) else None


FLOW_NAMESPACES = {"renstra", "stages", "legislation", "participation"}
PAYLOAD = {
    "title": "Diubah",
    "body": "<p>diubah</p>",
    "text": "Diubah",
    "name": "Diubah",
    "number": "9.9",
    "revision": "1",
    "kind": "tujuan",
    "code": "1.02.99",
    "amount_2026": "5",
    "target_2026": "99",
    "indicator": "Diubah",
    "description": "Diubah",
    "note": "Catatan",
    "reason": "Alasan",
    "answer": "Jawaban",
    "status": "not_accepted",
    "label": "Versi baru",
    "activity": "Kegiatan",
    "planned_start": "2025-01-01",
    "planned_end": "2025-01-02",
    "date": "2025-01-01",
    "signed_by": "Bupati",
    "role": "anggota",
    "direction": "up",
    "result": "memadai",
    "summary": "Ringkasan",
    "decision": "accepted",
    "perkada_number": "13 Tahun 2026",
    "perkada_date": "2026-02-02",
    "signatory": "Bupati",
    "window_end": "2030-01-01",
    "element": "",
    "flagships": [],
}


def test_every_view_refuses_to_change_the_ratified_plan(ratified, frozen, client, superuser):
    """POST (and GET) every URL of every flow that names the plan, as a superuser (every
    right): nothing may change, no history row may move, and no view may fail with an
    unhandled error."""
    client.force_login(superuser)
    ratified["element_id"] = ratified["made"]["sub_kegiatan"][0].pk
    tried = 0
    consultation = Consultation.objects.get(plan=ratified["plan"])
    for ns, name, route, keys in _patterns():
        if ns not in FLOW_NAMESPACES:
            continue
        keys = list(keys)
        if not keys or ("public_id" not in keys and not {"review_id", "item_id"} & set(keys)):
            continue
        kwargs = _kwargs(ratified, ns, name, keys)
        if kwargs is None:
            continue
        if ns == "participation" and "konsultasi/<" in route:
            kwargs["public_id"] = consultation.public_id  # the forum's pages
        url = reverse(f"{ns}:{name}", kwargs=kwargs)
        response = client.post(url, PAYLOAD)
        assert response.status_code < 500, (url, response.status_code)
        tried += 1
    assert tried >= 50
    assert_unchanged(ratified, frozen)
