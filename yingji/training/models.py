"""Training sessions with their attendance, and certificates people hold (RULES.md R9.3; seeds 000, 002, 004)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.core.scoping import AllObjectsManager, ScopedManager
from yingji.training.rules import (
    MATERIAL_EXTENSIONS,
    MATERIAL_MAX_BYTES,
    Audience,
    CertificateKind,
    Level,
    Mode,
    year_choices,
)


def validate_material_size(upload) -> None:
    if upload and upload.size > MATERIAL_MAX_BYTES:
        raise ValidationError(_("培训资料不能超过 %(mb)d MB。"), params={"mb": MATERIAL_MAX_BYTES // (1024 * 1024)},
                              code="too_large")


class YearMixin(models.Model):
    """`year` is the date's year, stored so that lists, exports and the API filter on it like any choice."""

    year = models.PositiveSmallIntegerField(_("年度"), choices=year_choices, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.date:
            self.year = self.date.year
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        if self.date:
            self.year = self.date.year
        super().clean_fields(exclude=exclude)


class TrainingSession(YearMixin, DomainModel):
    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("组织区划"), on_delete=models.PROTECT,
                                 related_name="training_sessions")
    topic = models.CharField(_("培训主题"), max_length=200)
    level = models.CharField(_("培训层级"), max_length=10, choices=Level.choices)
    organiser = models.ForeignKey("divisions.Organisation", verbose_name=_("组织单位"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    trainer = models.CharField(_("授课人"), max_length=100, blank=True)
    date = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(0.5)])
    mode = models.CharField(_("培训方式"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    audience = models.CharField(_("培训对象"), max_length=20, choices=Audience.choices)
    place = models.CharField(_("培训地点"), max_length=200, blank=True)
    materials = models.TextField(_("培训资料清单"), blank=True)
    materials_file = models.FileField(_("培训资料文件"), upload_to="training/%Y/%m/", blank=True,
                                      validators=[FileExtensionValidator(MATERIAL_EXTENSIONS), validate_material_size])
    attendees = models.ManyToManyField("divisions.Person", verbose_name=_("参训人员"), through="Attendance",
                                       related_name="training_sessions", blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训台账")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["division", "date"], name="training_division_date_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"

    def clean(self) -> None:
        # The quota counts a session for the division that organised it at its own level (seed 004).
        if self.division_id and self.level and self.division.level != self.level:
            raise ValidationError({"level": _("培训层级须与组织区划的层级一致。")}, code="level_mismatch")


class Attendance(DomainModel):
    """A person at a session; scoped by the session's division (a village officer at a township session
    is on the township's list)."""

    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("组织区划"), on_delete=models.PROTECT,
                                 related_name="+", editable=False)
    session = models.ForeignKey(TrainingSession, verbose_name=_("培训"), on_delete=models.PROTECT,
                                related_name="attendances")
    person = models.ForeignKey("divisions.Person", verbose_name=_("人员"), on_delete=models.PROTECT,
                               related_name="training_attendances")
    passed = models.BooleanField(_("考核合格"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        ordering = ["-session__date", "session_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], condition=Q(deleted_at__isnull=True),
                                    name="attendance_once_per_session",
                                    violation_error_message=_("此人已在该培训的参训名单中。")),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.person}"

    def clean_fields(self, exclude=None):
        if self.session_id:
            self.division_id = self.session.division_id
        super().clean_fields(exclude=exclude)


class Certificate(DomainModel):
    """A certificate held by a person; scoped by the holder's division."""

    scope_code_field = "division__code"

    division = models.ForeignKey("divisions.Division", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                                 related_name="certificates", editable=False)
    person = models.ForeignKey("divisions.Person", verbose_name=_("持证人"), on_delete=models.PROTECT,
                               related_name="certificates")
    kind = models.CharField(_("证书类别"), max_length=20, choices=CertificateKind.choices,
                            default=CertificateKind.RESCUER)
    number = models.CharField(_("证书编号"), max_length=60)
    issuer = models.CharField(_("发证机关"), max_length=100)
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("长期有效的留空。"))

    objects = ScopedManager()
    all_objects = AllObjectsManager()

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("持证人员台账")
        ordering = ["expires_on", "id"]
        indexes = [models.Index(fields=["kind", "expires_on"], name="certificate_kind_expiry_idx")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], condition=Q(deleted_at__isnull=True),
                                    name="certificate_number_unique",
                                    violation_error_message=_("该类别下已有相同编号的证书。")),
            models.CheckConstraint(condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("issued_on")),
                                   name="certificate_expiry_after_issue",
                                   violation_error_message=_("有效期至不能早于发证日期。")),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} {self.number}"

    def clean_fields(self, exclude=None):
        if self.person_id:
            self.division_id = self.person.division_id
        super().clean_fields(exclude=exclude)
