"""The table of stages and allowed transitions (domain.md §3).

The technocratic flow registers its stages here at import time; the participatory and
legislative flows add theirs from their ``AppConfig.ready()``::

    from stages.transitions import Flow, allow, register_stage

    register_stage("forum_pd", _("Forum Perangkat Daerah"), flow=Flow.PARTICIPATORY,
                   locked=True, after="rancangan")
    allow("rancangan", "forum_pd", need="edit", label=_("Buka Forum PD"), freeze="consultation")
    allow("forum_pd", "rancangan", need="edit", label=_("Tutup Forum PD"))

Nothing here imports a flow app. A stage decides whether the plan's content is locked
(`Plan.locked`); a transition names the right it needs (a `PlanAccess` attribute), the
version kind it freezes, and whether it opens a new plan (perubahan).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Flow(models.TextChoices):
    TECHNOCRATIC = "technocratic", _("Teknokratis–strategis")
    PARTICIPATORY = "participatory", _("Partisipatif")
    LEGISLATIVE = "legislative", _("Legislasi dan politik")


# A hook runs inside the transition's transaction: hook(plan=, record=, actor=).
# Use it to grant or revoke object permissions on the plan for the stage.
Hook = Callable[..., Any]


@dataclass(frozen=True)
class Stage:
    code: str
    label: str | Promise
    flow: str
    locked: bool  # the plan's content may not change while the plan is in this stage
    final: bool = False  # nothing may change any more (ratified)
    order: int = 0  # display order on the timeline
    on_enter: tuple[Hook, ...] = field(default=())
    on_leave: tuple[Hook, ...] = field(default=())

    def __str__(self) -> str:
        return str(self.label)


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    need: str  # a PlanAccess attribute: edit, approve, verify, review, ratify, administer
    label: str | Promise
    freeze: str | None = None  # Version.Kind frozen on the move (None: no version)
    amend: bool = False  # the move opens a new plan (perubahan) and leaves this one as it is
    # guard(plan=, actor=) runs before anything is written and raises to refuse the move
    # (a flow's own preconditions, e.g. ratification only through its checklist).
    guard: Hook | None = None

    def __str__(self) -> str:
        return str(self.label)


_stages: dict[str, Stage] = {}
_transitions: dict[tuple[str, str], Transition] = {}


def register_stage(
    code: str,
    label: str | Promise,
    *,
    flow: str,
    locked: bool,
    final: bool = False,
    after: str | None = None,
    order: int | None = None,
    on_enter: tuple[Hook, ...] = (),
    on_leave: tuple[Hook, ...] = (),
) -> Stage:
    """Add (or replace) a stage. `after` places it on the timeline after another stage."""
    if order is None:
        order = (_stages[after].order + 1) if after in _stages else (len(_stages) + 1) * 10
    stage = Stage(code, label, flow, locked, final, order, tuple(on_enter), tuple(on_leave))
    _stages[code] = stage
    return stage


def allow(
    source: str,
    target: str,
    *,
    need: str,
    label: str | Promise,
    freeze: str | None = None,
    amend: bool = False,
) -> Transition:
    """Allow the move `source` → `target` for users with the `need` right on the plan."""
    for code in (source, target):
        if code not in _stages:
            raise ImproperlyConfigured(f"Unknown stage {code!r}: register_stage() it first")
    if _stages[source].final and not amend:
        raise ImproperlyConfigured(f"{source!r} is final: only an amendment may leave it")
    move = Transition(source, target, need, label, freeze, amend)
    _transitions[(source, target)] = move
    return move


def guard(source: str, target: str, check: Hook) -> Transition:
    """Put `check` in front of the registered move `source` → `target`: the transition
    primitive calls ``check(plan=, actor=)`` on the locked plan before writing anything,
    and the move is refused when it raises."""
    move = _transitions.get((source, target))
    if move is None:
        raise ImproperlyConfigured(f"No move {source!r} → {target!r} to guard")
    move = replace(move, guard=check)
    _transitions[(source, target)] = move
    return move


def forbid(source: str, target: str) -> None:
    """Remove a move (e.g. a region that requires DPRD approval before ratification)."""
    _transitions.pop((source, target), None)


def get_stage(code: str) -> Stage:
    try:
        return _stages[code]
    except KeyError:
        raise LookupError(f"Unknown stage {code!r}") from None


def stage_label(code: str) -> str:
    return str(_stages[code].label) if code in _stages else code


def all_stages() -> list[Stage]:
    return sorted(_stages.values(), key=lambda s: s.order)


def get_transition(source: str, target: str) -> Transition | None:
    return _transitions.get((source, target))


def transitions_from(source: str) -> list[Transition]:
    return sorted(
        (t for (s, _t), t in _transitions.items() if s == source),
        key=lambda t: _stages[t.target].order,
    )


def all_transitions() -> list[Transition]:
    return list(_transitions.values())


# --- The technocratic flow (domain.md §3) ----------------------------------------------
# Drafting stages are open for the unit's planners; while Bappeda or the inspectorate has
# the plan, and once it is ratified, the content is locked.

T, L = Flow.TECHNOCRATIC, Flow.LEGISLATIVE
register_stage("persiapan", _("Persiapan"), flow=T, locked=False, order=10)
register_stage("rancangan_awal", _("Rancangan awal"), flow=T, locked=False, order=20)
register_stage("rancangan", _("Rancangan"), flow=T, locked=False, order=30)
register_stage("diajukan", _("Diajukan ke Bappeda"), flow=T, locked=True, order=50)
register_stage("verifikasi", _("Verifikasi Bappeda"), flow=T, locked=True, order=60)
register_stage("dikembalikan", _("Dikembalikan untuk perbaikan"), flow=T, locked=False, order=65)
register_stage("diterima", _("Diterima Bappeda"), flow=T, locked=True, order=70)
register_stage("rancangan_akhir", _("Rancangan akhir"), flow=T, locked=False, order=80)
register_stage("reviu_apip", _("Reviu Inspektorat (APIP)"), flow=T, locked=True, order=90)
register_stage("reviu_selesai", _("Reviu APIP selesai"), flow=T, locked=True, order=100)
register_stage("penetapan", _("Penetapan"), flow=L, locked=True, final=True, order=120)
register_stage("perubahan", _("Perubahan"), flow=T, locked=False, order=130)

allow("persiapan", "rancangan_awal", need="edit", label=_("Mulai rancangan awal"))
allow("rancangan_awal", "rancangan", need="edit", label=_("Mulai rancangan"))
allow(
    "rancangan",
    "diajukan",
    need="approve",
    label=_("Ajukan ke Bappeda"),
    freeze="submitted",
)
allow("diajukan", "verifikasi", need="verify", label=_("Mulai verifikasi"))
allow("verifikasi", "dikembalikan", need="verify", label=_("Kembalikan untuk perbaikan"))
allow(
    "dikembalikan",
    "diajukan",
    need="approve",
    label=_("Ajukan kembali ke Bappeda"),
    freeze="submitted",
)
allow(
    "verifikasi", "diterima", need="verify", label=_("Terima hasil verifikasi"), freeze="verified"
)
allow("diterima", "rancangan_akhir", need="edit", label=_("Mulai rancangan akhir"))
allow(
    "rancangan_akhir",
    "reviu_apip",
    need="approve",
    label=_("Ajukan reviu ke Inspektorat"),
    freeze="review",
)
allow("reviu_apip", "rancangan_akhir", need="review", label=_("Kembalikan dengan catatan reviu"))
allow("reviu_apip", "reviu_selesai", need="review", label=_("Selesaikan reviu"))
# Ratification belongs to the legislative flow (which may put the DPRD consultation in
# between, or forbid() this direct move); the core table keeps the stage and the edge.
allow("reviu_selesai", "penetapan", need="ratify", label=_("Tetapkan (Perkada)"), freeze="ratified")
allow("penetapan", "perubahan", need="edit", label=_("Mulai perubahan Renstra"), amend=True)
allow("perubahan", "rancangan", need="edit", label=_("Mulai rancangan perubahan"))
allow(
    "perubahan",
    "diajukan",
    need="approve",
    label=_("Ajukan perubahan ke Bappeda"),
    freeze="submitted",
)
