"""Direct foreign-key object-permission tables (guardian) for the hot scoped objects."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .plan import Plan
from .reference import Region, Unit


class RegionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Region, on_delete=models.CASCADE)


class RegionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Region, on_delete=models.CASCADE)


class UnitUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)


class UnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Unit, on_delete=models.CASCADE)


class PlanUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Plan, on_delete=models.CASCADE)


class PlanGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Plan, on_delete=models.CASCADE)
