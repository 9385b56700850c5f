"""Emergency shelters (应急避难场所): where they are, how many they hold and what they offer."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.core.files import PrivateStorage, random_name
from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.divisions.validators import validate_phone
from yingji.shelters import rules
from yingji.shelters.rules import Duration, Function, Kind, SpaceType, Status, Tier


class Shelter(DomainModel):
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="shelters")
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("场所类型"), max_length=20, choices=Kind.choices)
    tier = models.CharField(_("级别"), max_length=10, choices=Tier.choices, default=Tier.VILLAGE)
    duration = models.CharField(_("避难时长类别"), max_length=12, choices=Duration.choices,
                                default=Duration.EMERGENCY)
    space_type = models.CharField(_("空间类型"), max_length=10, choices=SpaceType.choices, default=SpaceType.OUTDOOR)
    function = models.CharField(_("功能类别"), max_length=15, choices=Function.choices, default=Function.SINGLE)
    total_area = models.DecimalField(_("总面积(平方米)"), max_digits=10, decimal_places=1,
                                     validators=[MinValueValidator(0)])
    effective_area = models.DecimalField(_("有效避难面积(平方米)"), max_digits=10, decimal_places=1,
                                         validators=[MinValueValidator(0)])
    declared_capacity = models.PositiveIntegerField(_("申报容纳人数"), null=True, blank=True,
                                                    help_text=_("不填则按有效面积和人均面积标准计算。"))
    capacity_reason = models.CharField(_("超出计算容量的理由"), max_length=300, blank=True)
    # What planning counts on: the declared capacity when given (with a reason if above the norm), else
    # the computed one. Stored so that "free places" is a column the database can filter and sort.
    capacity = models.PositiveIntegerField(_("容纳人数"), default=0, editable=False)
    has_water = models.BooleanField(_("供水"), default=False)
    has_power = models.BooleanField(_("供电"), default=False)
    has_toilets = models.BooleanField(_("厕所"), default=False)
    has_medical_point = models.BooleanField(_("医疗救护点"), default=False)
    has_broadcast = models.BooleanField(_("应急广播"), default=False)
    has_signage = models.BooleanField(_("标识标牌"), default=False)
    has_route_map = models.BooleanField(_("疏散路线图"), default=False)
    address = models.CharField(_("地址"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    manager = models.CharField(_("管理人"), max_length=50, blank=True)
    manager_phone = models.CharField(_("管理人电话"), max_length=30, blank=True, validators=[validate_phone])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.READY)
    occupancy = models.PositiveIntegerField(_("当前安置人数"), default=0)
    national_registered = models.BooleanField(_("已填报全国应急避难场所综合信息系统"), default=False)
    national_code = models.CharField(_("全国系统编码"), max_length=40, blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("应急避难场所")
        verbose_name_plural = _("应急避难场所")
        ordering = ["division__code", "name", "id"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="shelter_location_idx"),
            models.Index(fields=["status", "division"], name="shelter_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(effective_area__lte=F("total_area")),
                                   name="shelter_effective_within_total",
                                   violation_error_message=_("有效避难面积不能大于总面积。")),
            # In a disaster a shelter in use may hold more than planned, and that is recorded as it is.
            models.CheckConstraint(condition=Q(occupancy=0) | Q(status=Status.IN_USE),
                                   name="shelter_occupancy_only_in_use",
                                   violation_error_message=_("只有启用中的场所才有安置人数。")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def computed_capacity(self) -> int:
        return rules.capacity_for(self.effective_area)

    @property
    def free_places(self) -> int:
        if self.status == Status.CLOSED:
            return 0
        return max(self.capacity - self.occupancy, 0)

    @property
    def facilities(self) -> list[str]:
        return [str(self._meta.get_field(name).verbose_name) for name in rules.FACILITIES if getattr(self, name)]

    @property
    def facility_codes(self) -> list[str]:
        return [name.removeprefix("has_") for name in rules.FACILITIES if getattr(self, name)]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        computed = self.computed_capacity if self.effective_area is not None else 0
        if self.declared_capacity is not None and self.declared_capacity > computed and not self.capacity_reason:
            errors["capacity_reason"] = [_(
                "申报容纳人数 %(declared)s 超过按有效面积计算的 %(computed)s 人(人均大于 %(norm)s 平方米)，"
                "请说明理由。") % {"declared": self.declared_capacity, "computed": computed,
                                "norm": rules.AREA_PER_PERSON_M2}]
        if self.national_registered and not self.national_code:
            errors["national_code"] = [_("已填报全国系统的须填写系统编码。")]
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = [_("经纬度须同时填写。")]
        if errors:
            raise ValidationError(errors)
        self.capacity = self.declared_capacity if self.declared_capacity is not None else computed


def photo_path(instance: ShelterPhoto, filename: str) -> str:
    return random_name("shelters", filename)


class ShelterPhoto(DomainModel):
    """One photo of a shelter (JPEG, PNG or WebP, checked by content), shown in the order given."""

    scope_code_field = "shelter__division__code"

    shelter = models.ForeignKey(Shelter, verbose_name=_("避难场所"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), storage=PrivateStorage("shelter-photos"), upload_to=photo_path, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小(字节)"), default=0)
    caption = models.CharField(_("说明"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("避难场所照片")
        verbose_name_plural = _("避难场所照片")
        ordering = ["shelter", "order", "id"]

    def __str__(self) -> str:
        return self.caption or self.original_name
