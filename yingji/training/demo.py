"""Demo training year: county and township sessions (some townships meet the twice-a-year guidance quota,
some do not), information officers of part of the villages trained, and certificates — some expired,
some expiring, the last township without a certified rescuer. Idempotent: keyed by topic and number."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yingji.divisions.models import Division, Membership, Organisation, Person
from yingji.training import services
from yingji.training.models import Attendance, Certificate, TrainingSession
from yingji.training.rules import INFO_OFFICER_TITLE, Audience, CertificateKind, Mode

COUNTY_TOPICS = [("突发事件信息报送与预警信息发布培训", 3, 15, Audience.INFO_OFFICERS, Mode.OFFLINE),
                 ("乡镇应急管理工作人员业务培训", 6, 20, Audience.TOWNSHIP_STAFF, Mode.ONLINE)]
TOWNSHIP_TOPICS = [("村(社区)应急预案编制与演练指导", 4, 10, Audience.VILLAGE_CADRES, Mode.OFFLINE),
                   ("汛期地质灾害群测群防培训", 9, 5, Audience.RESCUE_TEAM, Mode.OFFLINE)]


def _on(year: int, month: int, day: int, today: datetime.date) -> datetime.date:
    """A date this year, never in the future (the demo may be loaded in January)."""
    return min(datetime.date(year, month, day), today)


def _session(county, division, topic, date, audience, mode, organiser, existing, created) -> TrainingSession:
    key = (division.pk, topic)
    if key in existing:
        return existing[key]
    session = services.session_create(actor=None, data={
        "division": division, "topic": topic, "level": division.level, "organiser": organiser,
        "trainer": "县应急管理局 马文辉", "date": date, "hours": 3, "mode": mode, "audience": audience,
        "place": f"{division.name}会议室", "materials": "培训课件、应急预案汇编、信息报送流程图"})
    existing[key] = session
    created.append(session)
    return session


def load_demo(county: Division, say) -> None:
    townships = list(Division.objects.within(county).filter(level="township").order_by("code"))
    if not townships:
        return
    today = timezone.localdate()
    year = today.year
    existing = {(s.division_id, s.topic): s for s in TrainingSession.all_objects.within(county)}
    offices = {o.division_id: o for o in Organisation.objects.within(county).filter(
        kind__in=(Organisation.Kind.EMERGENCY_OFFICE, Organisation.Kind.DEPARTMENT)).order_by("pk")}
    created: list[TrainingSession] = []

    county_sessions = [_session(county, county, topic, _on(year, m, d, today), audience, mode,
                                offices.get(county.pk), existing, created)
                       for topic, m, d, audience, mode in COUNTY_TOPICS]
    # The first half of the townships meet the guidance quota, the next quarter hold one session, the
    # rest none.
    for index, township in enumerate(townships):
        planned = 2 if index < len(townships) / 2 else 1 if index < len(townships) * 3 / 4 else 0
        for topic, m, d, audience, mode in TOWNSHIP_TOPICS[:planned]:
            _session(county, township, topic, _on(year, m, d, today), audience, mode, offices.get(township.pk),
                     existing, created)

    # Information officers of the villages in the first two thirds of the townships attended the county's
    # information-reporting course.
    trained_towns = townships[: max(1, len(townships) * 2 // 3)]
    low, high = trained_towns[0].subtree_bounds[0], trained_towns[-1].subtree_bounds[1]
    officers = (Membership.objects.within(county).filter(title__contains=INFO_OFFICER_TITLE,
                                                          division__level="village")
                .filter(division__code__gte=low, division__code__lt=high).values_list("person_id", flat=True))
    session = county_sessions[0]
    present = set(Attendance.all_objects.filter(session=session).values_list("person_id", flat=True))
    people = Person.objects.filter(pk__in=set(officers) - present)
    attended = 0
    for person in people:
        services.attendance_create(actor=None, data={"session": session, "person": person, "passed": True})
        attended += 1

    certificates = _certificates(county, townships, today)
    say(f"training: {len(created)} sessions, {attended} attendances, {certificates} certificates")


def _certificates(county, townships, today) -> int:
    """A rescuer certificate in every township but the last (some expired, some expiring), in every other
    of the first six villages, and one safety-manager certificate."""
    numbers = set(Certificate.all_objects.within(county).values_list("number", flat=True))
    added = 0
    plan = []
    for index, township in enumerate(townships[:-1]):
        expiry = (today - datetime.timedelta(days=20) if index % 5 == 3
                  else today + datetime.timedelta(days=45) if index % 5 == 1
                  else today + datetime.timedelta(days=900))
        plan.append((township, CertificateKind.RESCUER, expiry))
    villages = list(Division.objects.within(county).filter(level="village").order_by("code")[:6])
    plan += [(village, CertificateKind.RESCUER, today + datetime.timedelta(days=700)) for village in villages[::2]]
    plan.append((townships[0], CertificateKind.SAFETY_MANAGER, today + datetime.timedelta(days=60)))
    for division, kind, expiry in plan:
        number = f"DEMO-{division.code}-{kind}"
        if number in numbers:
            continue
        person = Person.objects.filter(division=division).order_by("pk").first()
        if person is None:
            continue
        services.certificate_create(actor=None, data={
            "person": person, "kind": kind, "number": number, "issuer": "甘肃省应急管理厅",
            "issued_on": expiry - datetime.timedelta(days=365 * 3), "expires_on": expiry})
        added += 1
    return added
