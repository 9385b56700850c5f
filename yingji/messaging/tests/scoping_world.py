from yingji.messaging.services import Recipient, send


def populate(world) -> None:
    for town, user in (("town_a", world.user_a), ("town_b", world.user_b)):
        send(dedupe_key=f"scoping-{town}", topic="test", subject=f"{town} notice", body="…",
             recipients=[Recipient(key=f"user:{user.pk}", user_id=user.pk, phone="13800000000")],
             channels=["app", "sms"], division=world.tree[town])
