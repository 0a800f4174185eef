from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenstraConfig(AppConfig):
    name = "renstra"
    verbose_name = _("Renstra")

    def ready(self) -> None:
        from simple_history.signals import (
            post_create_historical_m2m_records,
            post_create_historical_record,
        )

        from . import checks  # noqa: F401 - registers the system checks
        from .services import audit

        # Tamper evidence: every history row of a plan is chained by hash (models/audit.py).
        post_create_historical_record.connect(
            audit.on_history_record, dispatch_uid="renstra_audit_chain"
        )
        post_create_historical_m2m_records.connect(
            audit.on_m2m_history_records, dispatch_uid="renstra_audit_chain_m2m"
        )
        audit.install_bulk_hook()
