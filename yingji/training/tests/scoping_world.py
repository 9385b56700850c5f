"""A session with one attendee and a certificate in each of the two townships."""

from yingji.training.tests.factories import AttendanceFactory, CertificateFactory, SessionFactory


def populate(world) -> None:
    for key in ("a", "b"):
        town = world.tree[f"town_{key}"]
        person = getattr(world, f"person_{key}")
        session = SessionFactory(division=town)
        AttendanceFactory(session=session, person=person)
        CertificateFactory(person=person)
