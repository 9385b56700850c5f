"""Administrative divisions, emergency organisations, people and users."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.core.permissions import Role
from yingji.core.scoping import ScopedQuerySet, subtree_bounds
from yingji.divisions.validators import (
    is_ancestor_code,
    mask_id_number,
    normalise_phone,
    validate_code_structure,
    validate_id_number,
    validate_phone,
)


class Division(DomainModel):
    """A division keyed by its 12-digit 统计用区划代码 (RULES.md R10.2); the code is the tree path."""

    scope_code_field = "code"

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县")
        TOWNSHIP = "township", _("乡镇(街道)")
        VILLAGE = "village", _("村(社区)")

    class SizeClass(models.TextChoices):
        # Village response-team norms hang on it: large 25, medium 20, small 15 (seed 000).
        LARGE = "large", _("大村")
        MEDIUM = "medium", _("中村")
        SMALL = "small", _("小村")

    class AreaType(models.TextChoices):
        URBAN = "urban", _("城镇")
        RURAL = "rural", _("乡村")

    class RiskZone(models.TextChoices):
        # Township risk zoning drives the shelter plan (seed 003).
        HIGH = "high", _("高风险区")
        MEDIUM = "medium", _("中风险区")
        LOW = "low", _("低风险区")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    size_class = models.CharField(_("村规模"), max_length=10, choices=SizeClass.choices, blank=True)
    area_type = models.CharField(_("城乡属性"), max_length=10, choices=AreaType.choices, blank=True)
    population = models.PositiveIntegerField(_("人口"), null=True, blank=True)
    area_km2 = models.DecimalField(_("面积(平方公里)"), max_digits=10, decimal_places=2, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    risk_zone = models.CharField(_("风险区划"), max_length=10, choices=RiskZone.choices, blank=True)
    valid_from = models.DateField(_("启用日期"), null=True, blank=True)
    valid_to = models.DateField(_("停用日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="division_level_code_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{12}$"), name="division_code_12_digits"),
            models.CheckConstraint(
                condition=Q(level__in=["province", "city", "county", "township", "village"]), name="division_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        try:
            validate_code_structure(self.code, self.level)
        except ValidationError as exc:
            errors["code"] = exc.messages
        if self.parent_id and not errors:
            parent = self.parent
            if not is_ancestor_code(parent.code, parent.level, self.code, self.level):
                errors["parent"] = [_("上级区划“%(parent)s”与代码“%(code)s”不相符。") % {
                    "parent": parent.name, "code": self.code}]
        if self.level != self.Level.PROVINCE and not self.parent_id and not errors:
            errors["parent"] = [_("除省级外，区划必须有上级。")]
        if self.size_class and self.level != self.Level.VILLAGE:
            errors["size_class"] = [_("只有村(社区)有村规模。")]
        if errors:
            raise ValidationError(errors)

    @property
    def subtree_bounds(self) -> tuple[str, str]:
        return subtree_bounds(self.code, self.level)

    def contains(self, other: "Division") -> bool:
        low, high = self.subtree_bounds
        return low <= other.code < high

    def ancestors(self) -> models.QuerySet["Division"]:
        """All divisions above this one, province first: one query on the code prefixes."""
        from yingji.core.scoping import PREFIX_LENGTH
        from yingji.divisions.validators import LEVELS

        index = LEVELS.index(self.level)
        codes = [self.code[: PREFIX_LENGTH[lvl]].ljust(12, "0") for lvl in LEVELS[:index]]
        return Division.objects.filter(code__in=codes).exclude(pk=self.pk).order_by("code")


class Organisation(DomainModel):
    """An emergency body or unit in a division (seed 002): 领导小组, 应急办, departments, …"""

    class Kind(models.TextChoices):
        LEADERSHIP_GROUP = "leadership_group", _("应急工作领导小组")
        EMERGENCY_OFFICE = "emergency_office", _("应急管理办公室")
        DEPARTMENT = "department", _("部门")
        ENTERPRISE = "enterprise", _("企业")
        SCHOOL = "school", _("学校")
        HOSPITAL = "hospital", _("医院")
        SERVICE_STATION = "service_station", _("社区应急服务站")
        RESPONSE_GROUP = "response_group", _("村(社区)应急工作组")
        OTHER = "other", _("其他")

    division = models.ForeignKey(Division, verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="organisations")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=200)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True, validators=[validate_phone])
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系人电话"), max_length=30, blank=True, validators=[validate_phone])

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["division__code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "kind", "name"], condition=Q(deleted_at__isnull=True),
                name="organisation_unique_name_in_division",
                violation_error_message=_("该区划下已有同类同名机构。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.phone = normalise_phone(self.phone)
        self.contact_phone = normalise_phone(self.contact_phone)


class Person(DomainModel):
    """Someone in the emergency system: staff, officers, members, volunteers."""

    class Employment(models.TextChoices):
        FULL_TIME = "full_time", _("专职")
        PART_TIME = "part_time", _("兼职")
        VOLUNTEER = "volunteer", _("志愿者")

    division = models.ForeignKey(Division, verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="people")
    organisation = models.ForeignKey(Organisation, verbose_name=_("所在机构"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="people")
    name = models.CharField(_("姓名"), max_length=50)
    mobile = models.CharField(_("手机"), max_length=20, blank=True, validators=[validate_phone])
    landline = models.CharField(_("固定电话"), max_length=30, blank=True, validators=[validate_phone])
    post = models.CharField(_("职务"), max_length=100, blank=True)
    employment = models.CharField(_("用工性质"), max_length=20, choices=Employment.choices,
                                  default=Employment.PART_TIME)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True, validators=[validate_id_number])

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["division__code", "name", "id"]
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.mobile = normalise_phone(self.mobile)
        self.landline = normalise_phone(self.landline)
        self.id_number = (self.id_number or "").strip().upper()
        errors = {}
        if self.organisation_id and self.division_id and self.organisation.division_id != self.division_id:
            errors["organisation"] = [_("所在机构必须属于同一区划。")]
        if errors:
            raise ValidationError(errors)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone(self) -> str:
        return self.mobile or self.landline


class Membership(DomainModel):
    """A person's post in an organisation, e.g. 组长/副组长/成员 of a leadership group."""

    class Rank(models.TextChoices):
        LEADER = "leader", _("组长/负责人")
        DEPUTY = "deputy", _("副组长")
        MEMBER = "member", _("成员")
        STAFF = "staff", _("工作人员")

    division = models.ForeignKey(Division, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, verbose_name=_("机构"), on_delete=models.PROTECT,
                                     related_name="memberships")
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="memberships")
    rank = models.CharField(_("职责"), max_length=10, choices=Rank.choices, default=Rank.MEMBER)
    title = models.CharField(_("职务名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("机构成员")
        verbose_name_plural = _("机构成员")
        ordering = ["organisation", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], condition=Q(deleted_at__isnull=True),
                                    name="membership_once_per_organisation",
                                    violation_error_message=_("此人已是该机构成员。")),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.person}"

    def clean(self) -> None:
        if self.organisation_id:
            self.division_id = self.organisation.division_id


class ActiveUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    """An account, bound to a person and a home division; it sees that division's subtree."""

    scope_code_field = "division__code"

    division = models.ForeignKey(Division, verbose_name=_("所属区划"), null=True, on_delete=models.PROTECT,
                                 related_name="users")
    person = models.OneToOneField(Person, verbose_name=_("对应人员"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="user")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.LEADER)
    language = models.CharField(_("界面语言"), max_length=10, blank=True,
                                choices=[("zh-hans", "简体中文"), ("en", "English")])
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    objects = ActiveUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["division__code", "username"]

    def __str__(self) -> str:
        return self.person.name if self.person_id and self.person else self.username
