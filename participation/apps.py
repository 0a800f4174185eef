from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Partisipasi")

    def ready(self) -> None:
        from renstra.roles import Role, register_role

        register_role(
            Role(
                "stakeholder",
                _("Pemangku kepentingan (wakil organisasi)"),
                "participation.organisation",
                ("represent_organisation",),
            )
        )
