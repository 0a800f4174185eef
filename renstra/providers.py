"""Where flows contribute to pages the core renders, without the core importing them.

A flow app registers a provider in its AppConfig.ready() (the way django.contrib.admin
discovers admin.py); the core asks the registry. Slots in use:

- "plan_timeline": callable(plan) -> list of entries for the plan's timeline.
- "document_appendix": callable(plan, version) -> list of appendix parts.
- "workspace_panels": callable(plan, user) -> list of (title, template, context).
- "plan_lock_reason": callable(plan) -> str | None (why content may not change now).
- "stage_label": callable(stage_code) -> str (the stage's human name; first provider wins).
- "document_versions": callable(plan) -> list of `renstra.document.jobs.VersionInfo`.
- "document_content": callable(plan, number | None) -> the content of a version (None:
  the live draft) for the document (`renstra.document.jobs`).
- "transition_page": callable(plan, transition) -> URL | None: the page where a flow's
  move is done instead of the generic transition button (first URL wins).
- "document_ratification": callable(plan, version) -> `renstra.document.Ratification` | None
  (the Perkada of a ratified version: the ratification page, no draft watermark).
- "demo_seed": callable(plan=, users=) -> None: a flow's demo data for the demo plan
  (`users`: the demo accounts by username); must be idempotent.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_providers: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def register(slot: str, provider: Callable[..., Any]) -> None:
    if provider not in _providers[slot]:
        _providers[slot].append(provider)


def providers(slot: str) -> list[Callable[..., Any]]:
    return list(_providers[slot])


def collect(slot: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Call every provider of `slot` and concatenate what they return."""
    result: list[Any] = []
    for provider in _providers[slot]:
        result.extend(provider(*args, **kwargs) or [])
    return result
