"""The plan's data: accounts, reference (region, unit, RPJMD, nomenclature), plan, cascade."""

from .accounts import User
from .audit import AuditChainHead, AuditLink
from .cascade import Element, ElementKind, Funding, Indicator, IndicatorTarget
from .documents import DocumentFile
from .permissions import (
    PlanGroupObjectPermission,
    PlanUserObjectPermission,
    RegionGroupObjectPermission,
    RegionUserObjectPermission,
    UnitGroupObjectPermission,
    UnitUserObjectPermission,
)
from .plan import Chapter, DeclaredTotal, Plan, Section, StrategicIssue
from .reference import (
    NomenclatureItem,
    NomenclatureVersion,
    Region,
    RegionLevel,
    Rpjmd,
    RpjmdIndicator,
    RpjmdMisi,
    RpjmdProgram,
    RpjmdProgramCeiling,
    RpjmdSasaran,
    RpjmdTujuan,
    Unit,
    UnitCeiling,
)

__all__ = [
    "AuditChainHead",
    "AuditLink",
    "Chapter",
    "DeclaredTotal",
    "DocumentFile",
    "Element",
    "ElementKind",
    "Funding",
    "Indicator",
    "IndicatorTarget",
    "NomenclatureItem",
    "NomenclatureVersion",
    "Plan",
    "PlanGroupObjectPermission",
    "PlanUserObjectPermission",
    "Region",
    "RegionGroupObjectPermission",
    "RegionLevel",
    "RegionUserObjectPermission",
    "Rpjmd",
    "RpjmdIndicator",
    "RpjmdMisi",
    "RpjmdProgram",
    "RpjmdProgramCeiling",
    "RpjmdSasaran",
    "RpjmdTujuan",
    "Section",
    "StrategicIssue",
    "Unit",
    "UnitCeiling",
    "UnitGroupObjectPermission",
    "UnitUserObjectPermission",
    "User",
]
