from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StagesConfig(AppConfig):
    name = "stages"
    verbose_name = _("Tahapan")

    def ready(self) -> None:
        from renstra.providers import register

        # Importing transitions registers the core stage table.
        from . import guards, transitions
        from .selectors import plan_lock_reason, plan_timeline

        guards.connect()
        register("plan_timeline", plan_timeline)
        register("plan_lock_reason", plan_lock_reason)
        register("stage_label", transitions.stage_label)

        from .documents import document_content, document_versions
        from .views_desk import workspace_findings_panel

        register("document_versions", document_versions)
        register("document_content", document_content)

        register("workspace_panels", workspace_findings_panel)

        from .document_parts import document_appendix

        register("document_appendix", document_appendix)
