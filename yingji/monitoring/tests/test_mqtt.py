"""The MQTT consumer against a real Mosquitto: QoS 1 delivery, bad payloads, reconnect after a restart.

Uses the broker on 127.0.0.1:1883 when it is running; the restart test starts its own Mosquitto on a
free port (the shared broker is not ours to restart). Skipped, with the reason, when either is absent.

The shared broker also carries other tests' (parallel workers'), the simulator's and benchmarks' readings,
so each consumer here subscribes to its own site's topics only and waits for its own messages; every
wait is a deadline on a network event, generous because CI runs these on a loaded two-core machine.
"""

import io
import json
import shutil
import socket
import subprocess
import threading
import time
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from yingji.divisions.tests.factories import county_tree
from yingji.monitoring import mqtt, services
from yingji.monitoring.models import Alarm, Reading, Rejection
from yingji.monitoring.tests.factories import SensorFactory, SiteFactory

pytestmark = pytest.mark.django_db
WAIT = 30  # seconds: a deadline, not a sleep


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
    connected = threading.Event()
    pub.on_connect = lambda *args: connected.set()
    pub.connect("127.0.0.1", port)
    pub.loop_start()
    assert connected.wait(WAIT), "publisher did not connect"
    return pub


def _publish(pub, topic: str, payload) -> None:
    info = pub.publish(topic, payload, qos=1)
    info.wait_for_publish(WAIT)
    assert info.is_published(), "the broker did not acknowledge the publish"


def _consume_until(consumer, done, timeout: float = WAIT) -> None:
    """Run the consumer until done() holds: a state of the database, not a count of messages, which
    a QoS 1 redelivery could reach early."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"not done after {consumer.stats.received} messages"
        consumer.step()


def _stored(sensor, n: int):
    return lambda: Reading.objects.filter(sensor=sensor).count() >= n


def _consumer(port: int, sensor):
    consumer = mqtt.Consumer(mqtt.Broker("127.0.0.1", port), client_id=f"test-ingest-{uuid.uuid4().hex[:8]}",
                             max_wait=0.05, subscription=services.topic_for(sensor))
    consumer.start()
    assert consumer.connected.wait(WAIT), "consumer did not subscribe"
    return consumer


@pytest.fixture
def sensor():
    t = county_tree()
    return SensorFactory(site=SiteFactory(division=t["village_a"], code=f"s{uuid.uuid4().hex[:6]}"))


@needs_broker
def test_readings_over_mqtt_are_stored_evaluated_and_bad_ones_counted(sensor):
    consumer = _consumer(1883, sensor)
    pub = _publisher(1883)
    topic = services.topic_for(sensor)
    try:
        now = timezone.now()
        for i, value in enumerate([5, 12, 45]):
            _publish(pub, topic, json.dumps({"ts": now.timestamp() - 10 + i, "value": value}))
        _publish(pub, topic, b"\x00garbage")
        _publish(pub, topic, json.dumps({"ts": now.timestamp(), "value": 1e9}))
        _consume_until(consumer, lambda: _stored(sensor, 3)() and Rejection.objects.filter(
            reason__in=("malformed", "out_of_range")).count() == 2)
    finally:
        pub.loop_stop()
        consumer.close()
        mqtt.forget_session(consumer.broker, consumer.client_id)
    assert Reading.objects.filter(sensor=sensor).count() == 3
    assert set(Alarm.objects.filter(sensor=sensor).values_list("level", flat=True)) == {"blue", "red"}
    # At least once, not exactly: QoS 1 may redeliver after a reconnect (a stored reading is stored once).
    assert Rejection.objects.get(reason="malformed").count >= 1
    assert Rejection.objects.get(reason="out_of_range").count >= 1


@needs_broker
def test_the_simulator_publishes_readings_that_cross_thresholds(sensor):
    consumer = _consumer(1883, sensor)
    try:
        call_command("simulate_sensors", "--url", "mqtt://127.0.0.1:1883", "--division", sensor.division.code,
                     "--rounds", "4", "--excursion-every", "1", "--interval", "0", "--seed", "1", stdout=io.StringIO())
        _consume_until(consumer, _stored(sensor, 4))
    finally:
        consumer.close()
        mqtt.forget_session(consumer.broker, consumer.client_id)
    assert Reading.objects.filter(sensor=sensor).count() == 4
    assert not Rejection.objects.exists()
    # The excursion climbs over four rounds to beyond red (whatever the time of day adds).
    assert Alarm.objects.filter(sensor=sensor, level__in=("orange", "red")).exists()


@needs_binary
def test_the_consumer_reconnects_after_a_broker_restart(sensor, tmp_path):
    conf = tmp_path / "m.conf"

    def broker(port: int):
        """Start mosquitto on `port`; None if it exited (the port was taken in the meantime)."""
        conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n")
        proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)],  # noqa: S603 - our own config in tmp_path
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + WAIT
        while not _reachable(port):
            if proc.poll() is not None:
                return None
            assert time.monotonic() < deadline, "private broker did not start"
            time.sleep(0.05)  # polling for the process to listen: there is no event to wait on
        return proc

    proc = None
    for _attempt in range(5):  # a free port found by bind(0) may be taken before mosquitto binds it
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if proc := broker(port):
            break
    assert proc, "private broker did not start"
    consumer = _consumer(port, sensor)
    topic = services.topic_for(sensor)
    try:
        pub = _publisher(port)
        _publish(pub, topic, json.dumps({"ts": timezone.now().timestamp() - 5, "value": 3}))
        pub.loop_stop()
        _consume_until(consumer, _stored(sensor, 1))
        proc.terminate()
        proc.wait(WAIT)
        deadline = time.monotonic() + WAIT
        while consumer.connected.is_set():
            assert time.monotonic() < deadline, "consumer did not notice the broker going away"
            consumer.step()
        proc = broker(port)
        assert proc, "private broker did not restart on its port"
        # paho retries with backoff from 1 s, doubling up to 30 s: allow one full step beyond the cap.
        assert consumer.connected.wait(2 * WAIT + 5), "consumer did not reconnect"
        pub = _publisher(port)
        _publish(pub, topic, json.dumps({"ts": timezone.now().timestamp(), "value": 4}))
        pub.loop_stop()
        _consume_until(consumer, _stored(sensor, 2))
    finally:
        consumer.close()
        mqtt.forget_session(consumer.broker, consumer.client_id)
        if proc:
            proc.terminate()
            proc.wait(WAIT)
    assert list(Reading.objects.filter(sensor=sensor).order_by("ts").values_list("value", flat=True)) == [3.0, 4.0]
    assert consumer.stats.connects == 2
