"""Registers: training sessions (培训台账), attendance (参训记录) and certificates (持证人员台账)."""

from django.utils.translation import gettext_lazy as _

from yingji.core.navigation import nav_entry
from yingji.core.registers import Column, Register, register
from yingji.training import forms, permissions, services
from yingji.training.models import Attendance, Certificate, TrainingSession


def _session_context(request, session):
    from yingji.core.permissions import Action, has_permission

    may_change = has_permission(request.user, permissions.TRAINING.code, Action.CHANGE)
    return {
        "attendances": session.attendances.select_related("person", "person__division").order_by("person__name"),
        "can_add_attendance": has_permission(request.user, permissions.TRAINING.code, Action.ADD),
        "materials_form": forms.MaterialsForm() if may_change else None,
    }


SESSIONS = register(Register(
    model=TrainingSession, slug="training-sessions", capability=permissions.TRAINING.code,
    columns=[
        Column("date", sort="date"), Column("division.name", _("组织区划"), sort="division__code"),
        Column("topic", sort="topic"), Column("level", sort="level"), Column("audience", sort="audience"),
        Column("mode"), Column("hours", sort="hours"), Column("trainer"), Column("organiser.name", _("组织单位")),
        Column("attendee_count", _("参训人数"), value=lambda s: len(s.attendances.all())),
    ],
    search_fields=["topic", "trainer", "place", "division__name", "organiser__name"],
    filter_fields=["year", "level", "audience", "mode"], default_ordering=["-date"],
    select_related=["division", "organiser"], prefetch_related=["attendances"], form_class=forms.SessionForm,
    create=services.session_create, update=services.session_update, delete=services.session_delete,
    restore=services.restore, importable=True,
    detail_template="training/session_detail.html", detail_context=_session_context,
))

ATTENDANCES = register(Register(
    model=Attendance, slug="training-attendances", capability=permissions.TRAINING.code,
    columns=[
        Column("session.date", _("培训日期"), sort="session__date"), Column("session.topic", _("培训主题")),
        Column("person.name", _("姓名"), sort="person__name"), Column("person.division.name", _("人员所属区划")),
        Column("person.post", _("职务")), Column("passed", sort="passed"), Column("note"),
    ],
    search_fields=["person__name", "session__topic", "note"], filter_fields=["passed"],
    default_ordering=["-session__date", "person__name"],
    select_related=["session", "person", "person__division"], form_class=forms.AttendanceForm,
    create=services.attendance_create, update=services.attendance_update, delete=services.soft_delete,
    restore=services.restore, importable=True,
))

CERTIFICATES = register(Register(
    model=Certificate, slug="training-certificates", capability=permissions.CERTIFICATES.code,
    columns=[
        Column("person.name", _("持证人"), sort="person__name"), Column("division.name", _("所属区划"),
                                                                     sort="division__code"),
        Column("kind", sort="kind"), Column("number"), Column("issuer"), Column("issued_on", sort="issued_on"),
        Column("expires_on", sort="expires_on"),
    ],
    search_fields=["person__name", "number", "issuer", "division__name"], filter_fields=["kind"],
    default_ordering=["expires_on"], select_related=["person", "division"], form_class=forms.CertificateForm,
    create=services.certificate_create, update=services.certificate_update, delete=services.soft_delete,
    restore=services.restore, importable=True,
))

GROUP = _("培训宣传")
nav_entry(label=_("培训台账"), url_name="training-sessions-list", capability=permissions.TRAINING.code, group=GROUP,
          order=60)
nav_entry(label=_("参训记录"), url_name="training-attendances-list", capability=permissions.TRAINING.code,
          group=GROUP, order=60)
nav_entry(label=_("培训指标完成情况"), url_name="training-progress", capability=permissions.TRAINING.code,
          group=GROUP, order=60)
nav_entry(label=_("持证人员台账"), url_name="training-certificates-list", capability=permissions.CERTIFICATES.code,
          group=GROUP, order=60)
nav_entry(label=_("证书到期提醒"), url_name="training-expiry", capability=permissions.CERTIFICATES.code,
          group=GROUP, order=60)
nav_entry(label=_("持证救援员覆盖"), url_name="training-coverage", capability=permissions.CERTIFICATES.code,
          group=GROUP, order=60)
