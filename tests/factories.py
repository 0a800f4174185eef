"""factory_boy factories for the plan core. Flow apps keep theirs in tests/<app>/factories.py."""

from decimal import Decimal

import factory

from renstra.models import (
    Element,
    ElementKind,
    Funding,
    Indicator,
    IndicatorTarget,
    Plan,
    Region,
    Unit,
    User,
)
from renstra.services.plans import plan_create_skeleton


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "sandi-uji-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"98.{n:02d}")
    name = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    level = "kabupaten"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"1.02.0.00.0.00.{n:02d}.0000")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    abbreviation = factory.Sequence(lambda n: f"DU{n}")
    bidang_urusan = factory.LazyFunction(lambda: ["1.02"])


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    title = factory.LazyAttribute(lambda p: f"Renstra {p.unit.name} 2026-2030")
    start_year = 2026
    end_year = 2030

    @factory.post_generation
    def skeleton(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            plan_create_skeleton(plan=obj, actor=None)


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    plan = factory.SubFactory(PlanFactory)
    kind = ElementKind.TUJUAN
    parent = None
    text = factory.Sequence(lambda n: f"Elemen {n}")
    position = factory.Sequence(lambda n: n)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    element = factory.SubFactory(ElementFactory)
    plan = factory.LazyAttribute(lambda i: i.element.plan)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "%"
    kind = "outcome"
    polarity = "positive"
    nature = "absolute"
    baseline = "10"
    final = "20"


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    plan = factory.LazyAttribute(lambda t: t.indicator.plan)
    year = 2026
    value = "12"
    number = Decimal("12")


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    element = factory.SubFactory(ElementFactory)
    plan = factory.LazyAttribute(lambda f: f.element.plan)
    year = 2026
    amount = Decimal("1000000")


def build_cascade(plan: Plan, *, programs: int = 1, kegiatan: int = 1, subs: int = 2) -> dict:
    """A small, consistent cascade: one tujuan, one sasaran, `programs` programs each with
    `kegiatan` kegiatan each with `subs` sub kegiatan funded 1.000.000 a year."""
    tujuan = ElementFactory(plan=plan, kind="tujuan", ref="T1", text="Tujuan uji")
    sasaran = ElementFactory(
        plan=plan, kind="sasaran", parent=tujuan, ref="T1.S1", text="Sasaran uji"
    )
    made: dict[str, list] = {
        "tujuan": [tujuan],
        "sasaran": [sasaran],
        "program": [],
        "kegiatan": [],
        "sub_kegiatan": [],
    }
    for p in range(programs):
        program = ElementFactory(
            plan=plan,
            kind="program",
            parent=sasaran,
            code=f"1.02.{p + 2:02d}",
            text=f"Program uji {p + 1}",
        )
        made["program"].append(program)
        for k in range(kegiatan):
            keg = ElementFactory(
                plan=plan,
                kind="kegiatan",
                parent=program,
                code=f"{program.code}.2.{k + 1:02d}",
                text=f"Kegiatan uji {k + 1}",
            )
            made["kegiatan"].append(keg)
            for s in range(subs):
                sub = ElementFactory(
                    plan=plan,
                    kind="sub_kegiatan",
                    parent=keg,
                    code=f"{keg.code}.{s + 1:04d}",
                    text=f"Sub kegiatan uji {s + 1}",
                    unit_in_charge="Bidang Uji",
                    location="Kabupaten Uji",
                )
                made["sub_kegiatan"].append(sub)
                for year in plan.years:
                    FundingFactory(element=sub, year=year, amount=Decimal("1000000"))
    return made
