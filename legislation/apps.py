from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "legislation"
    verbose_name = _("Legislasi dan politik")

    def ready(self) -> None:
        from renstra.providers import register
        from stages.transitions import Flow, allow, get_stage, guard, register_stage

        from . import guards
        from .hooks import (
            copy_flagship_links_on_amend,
            demo_seed,
            grant_version_to_dprd,
            review_close_on_leave,
            transition_page,
        )

        # The DPRD consultation sits between the inspectorate's review and ratification
        # (domain.md §3). While the DPRD reads the frozen "dprd" version the unit may
        # revise the plan in answer to the recommendations; the core's direct
        # reviu_selesai → penetapan stays, and the ratification checklist decides whether
        # the DPRD precondition is met (answers, or approval where the region requires it).
        register_stage(
            "pembahasan_dprd",
            _("Pembahasan DPRD"),
            flow=Flow.LEGISLATIVE,
            locked=False,
            order=110,
            on_enter=(grant_version_to_dprd,),
            on_leave=(review_close_on_leave,),
        )
        allow(
            "reviu_selesai",
            "pembahasan_dprd",
            need="approve",
            label=_("Ajukan ke DPRD"),
            freeze="dprd",
        )
        allow(
            "pembahasan_dprd",
            "reviu_selesai",
            need="approve",
            label=_("Selesaikan pembahasan DPRD"),
        )
        # Into penetapan only through the ratification service (checklist, Perkada).
        from .services import ratification_guard

        guard("reviu_selesai", "penetapan", ratification_guard)
        # An amendment carries the flagship links to its copy (the core copies the content).
        amend = get_stage("perubahan")
        register_stage(
            amend.code,
            amend.label,
            flow=amend.flow,
            locked=amend.locked,
            final=amend.final,
            order=amend.order,
            on_enter=(*amend.on_enter, copy_flagship_links_on_amend),
            on_leave=amend.on_leave,
        )
        guards.connect()
        from .admin import lock_ratified_admins

        lock_ratified_admins()
        from . import signals

        signals.connect()

        from .document_parts import document_appendix, document_ratification
        from .selectors import workspace_panel

        register("document_appendix", document_appendix)
        register("document_ratification", document_ratification)
        register("workspace_panels", workspace_panel)
        register("transition_page", transition_page)
        register("demo_seed", demo_seed)

        # The public portal's cached pages follow late changes (moderation, the PDF's hash).
        from .portal.signals import connect as connect_portal

        connect_portal()
