"""The MQTT consumer against a real Mosquitto: QoS 1 delivery, bad payloads, reconnect after a restart.

Uses the broker on 127.0.0.1:1883 when it is running; the restart test starts its own Mosquitto on a
free port (the shared broker is not ours to restart). Skipped, with the reason, when either is absent.
"""

import json
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from django.utils import timezone

from yingji.divisions.tests.factories import county_tree
from yingji.monitoring import mqtt, services
from yingji.monitoring.models import Alarm, Reading, Rejection
from yingji.monitoring.tests.factories import SensorFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


needs_broker = pytest.mark.skipif(not _reachable(1883), reason="Mosquitto is not running on 127.0.0.1:1883")
MOSQUITTO = shutil.which("mosquitto")
needs_binary = pytest.mark.skipif(MOSQUITTO is None, reason="mosquitto binary not installed")


def _publisher(port: int):
    pub = mqtt.client(mqtt.Broker("127.0.0.1", port), f"test-pub-{uuid.uuid4().hex[:8]}", persistent=False)
    pub.connect("127.0.0.1", port)
    pub.loop_start()
    return pub


def _consume_until(consumer, count: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while consumer.stats.received < count:
        assert time.monotonic() < deadline, f"received {consumer.stats.received} of {count}"
        consumer.step()


def _consumer(port: int):
    consumer = mqtt.Consumer(mqtt.Broker("127.0.0.1", port), client_id=f"test-ingest-{uuid.uuid4().hex[:8]}",
                             max_wait=0.05)
    consumer.start()
    assert consumer.connected.wait(5), "consumer did not connect"
    return consumer


@pytest.fixture
def sensor():
    t = county_tree()
    return SensorFactory(site=SiteFactory(division=t["village_a"], code=f"s{uuid.uuid4().hex[:6]}"))


@needs_broker
def test_readings_over_mqtt_are_stored_evaluated_and_bad_ones_counted(sensor):
    consumer = _consumer(1883)
    pub = _publisher(1883)
    topic = services.topic_for(sensor)
    try:
        now = timezone.now()
        for i, value in enumerate([5, 12, 45]):
            pub.publish(topic, json.dumps({"ts": now.timestamp() - 10 + i, "value": value}), qos=1).wait_for_publish()
        pub.publish(topic, b"\x00garbage", qos=1).wait_for_publish()
        pub.publish(topic, json.dumps({"ts": now.timestamp(), "value": 1e9}), qos=1).wait_for_publish()
        _consume_until(consumer, 5)
    finally:
        pub.loop_stop()
        consumer.close()
        mqtt.forget_session(consumer.broker, consumer.client_id)
    assert Reading.objects.filter(sensor=sensor).count() == 3
    assert set(Alarm.objects.filter(sensor=sensor).values_list("level", flat=True)) == {"blue", "red"}
    assert Rejection.objects.get(reason="malformed").count >= 1
    assert Rejection.objects.get(reason="out_of_range").count >= 1


@needs_binary
def test_the_consumer_reconnects_after_a_broker_restart(sensor, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = tmp_path / "m.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n")

    def broker():
        proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)],  # noqa: S603 - our own config in tmp_path
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 5
        while not _reachable(port):
            assert time.monotonic() < deadline, "private broker did not start"
            time.sleep(0.05)
        return proc

    proc = broker()
    consumer = _consumer(port)
    topic = services.topic_for(sensor)
    try:
        pub = _publisher(port)
        pub.publish(topic, json.dumps({"ts": timezone.now().timestamp() - 5, "value": 3}), qos=1).wait_for_publish()
        pub.loop_stop()
        _consume_until(consumer, 1)
        proc.terminate()
        proc.wait(5)
        deadline = time.monotonic() + 5
        while consumer.connected.is_set():
            assert time.monotonic() < deadline
            consumer.step()
        proc = broker()
        assert consumer.connected.wait(35), "consumer did not reconnect"
        pub = _publisher(port)
        pub.publish(topic, json.dumps({"ts": timezone.now().timestamp(), "value": 4}), qos=1).wait_for_publish()
        pub.loop_stop()
        _consume_until(consumer, 2)
    finally:
        consumer.close()
        mqtt.forget_session(consumer.broker, consumer.client_id)
        proc.terminate()
        proc.wait(5)
    assert list(Reading.objects.filter(sensor=sensor).order_by("ts").values_list("value", flat=True)) == [3.0, 4.0]
    assert consumer.stats.connects == 2
