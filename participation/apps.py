from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Partisipasi")

    def ready(self) -> None:
        from renstra.providers import register
        from renstra.roles import Role, register_role

        from . import stages
        from .demo import demo_seed
        from .document_parts import document_appendix
        from .panels import workspace_proposals_panel

        register_role(
            Role(
                "stakeholder",
                _("Pemangku kepentingan (wakil organisasi)"),
                "participation.organisation",
                ("represent_organisation",),
            )
        )
        stages.register()
        register("transition_page", stages.transition_page)
        register("document_appendix", document_appendix)
        register("workspace_panels", workspace_proposals_panel)
        register("demo_seed", demo_seed)
