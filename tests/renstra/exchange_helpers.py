"""Helpers for the exchange tests: the shared sample file, mutated copies, row counts."""

import copy
import json
from collections.abc import Callable

from django.apps import apps
from django.conf import settings

SAMPLE = settings.SHARED_DIR / "interchange" / "sample-dinkes-contoh.json"
MAKE_LARGE = settings.SHARED_DIR / "interchange" / "make_large_plan.py"


def sample_doc() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def mutated(change: Callable[[dict], object]) -> bytes:
    """The sample with `change(doc)` applied, as file content."""
    doc = copy.deepcopy(sample_doc())
    change(doc)
    return json.dumps(doc, ensure_ascii=False).encode()


def row_counts() -> dict[str, int]:
    """Rows of every model (history tables included): the all-or-nothing check."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def walk(doc: dict, kind: str) -> list[dict]:
    """Every node of one cascade level in the file."""
    out = []
    for goal in doc.get("goals", []):
        if kind == "tujuan":
            out.append(goal)
        for obj in goal.get("objectives", []):
            if kind == "sasaran":
                out.append(obj)
            for program in obj.get("programs", []):
                if kind == "program":
                    out.append(program)
                for activity in program.get("activities", []):
                    if kind == "kegiatan":
                        out.append(activity)
                    out += [s for s in activity.get("sub_activities", []) if kind == "sub_kegiatan"]
    return out
