"""Bappeda verification: the automatic rules of domain.md §7 and their findings.

`verify_plan(plan)` returns the findings of the current plan; `RULES` / `registry()` list
every rule (automatic and manual checklist items) for the verification desk."""

from .engine import build_context, verify_content, verify_plan
from .findings import ERROR, WARNING, Finding
from .rules import RULES, RULES_BY_ID, registry

__all__ = [
    "ERROR",
    "RULES",
    "RULES_BY_ID",
    "WARNING",
    "Finding",
    "build_context",
    "registry",
    "verify_content",
    "verify_plan",
]
