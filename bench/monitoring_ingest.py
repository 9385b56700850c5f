"""Sensor ingest through real Mosquitto, beside a bare MQTT subscriber measured in the same run.

    python bench/monitoring_ingest.py                              # fresh SQLite file, private broker
    python bench/monitoring_ingest.py --messages 50000 --database-url postgres://postgres@127.0.0.1:5432/yingji_ingest_bench
    python bench/monitoring_ingest.py --broker mqtt://127.0.0.1:1883   # the machine's broker, as configured

1. Migrates the bench database and builds a county (code 95…) with one site and `--sensors` gas
   sensors (thresholds 10/20/30/40 %LEL) plus `--samples` fresh sensors for the latency runs.
2. Starts a private Mosquitto on a free loopback port with the settings docs/deployment.md recommends
   for the ingest client (unless `--broker` names one).
3. Throughput: `--messages` QoS 1 readings published as fast as the broker takes them, one reading in
   fifty above the yellow threshold, received by
   - the baseline: a bare paho subscriber that only counts messages;
   - `yingji ingest`'s consumer: parse, validate, store in batched transactions, evaluate thresholds,
     raise alarms, acknowledge after commit.
   The publisher keeps at most `--window` messages ahead of the receiver, below the broker's queue
   limit, so the figures are sustained rates and nothing is dropped by the broker.
4. Latency: `--samples` readings published one at a time, each above the red threshold of a sensor in
   normal state; time from publish to the bare subscriber's callback (baseline) and to the alarm
   returned by the consumer's committed batch. p50 and p99.
Both subscribers take only this run's site (`yingji/950101100000/<site>/+`), so other traffic on a shared
broker (tests, the simulator) does not inflate the counts. Every wait has a deadline: a run that stalls
reports what arrived and stops.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from statistics import quantiles

ROOT = Path(__file__).resolve().parents[1]
DEADLINE_SECONDS = 300
STALL_SECONDS = 15
# Messages the publisher may keep ahead of the receiver. Our private broker queues 200,000 per client; a
# broker "as configured" may keep Mosquitto's default 1,000 (and 20 in flight), and on such a broker
# (127.0.0.1:1883 here, mosquitto 2.0.11) a window of 900 was seen to lose messages ("Outgoing messages
# are being dropped" in its log) while 400 did not.
WINDOW_PRIVATE, WINDOW_CONFIGURED = 900, 400
# What docs/deployment.md recommends for the broker the ingest consumer reads from: enough messages in
# flight for batches of hundreds, and a queue deep enough to hold readings while the consumer restarts.
PRIVATE_BROKER_CONF = "max_inflight_messages 1000\nmax_queued_messages 200000\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--sensors", type=int, default=200)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--window", type=int, default=None,
                        help=f"default {WINDOW_PRIVATE} on the private broker, {WINDOW_CONFIGURED} on --broker")
    parser.add_argument("--broker", default="", help="mqtt://host:port; default: a private mosquitto")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkstemp(prefix='yingji-ingest-', suffix='.sqlite3')[1]}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingji.config.settings.test")
    os.environ.setdefault("YINGJI_DATA_DIR", tempfile.mkdtemp(prefix="yingji-ingest-data-"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from yingji.monitoring import mqtt

    proc = None
    if args.window is None:
        args.window = WINDOW_CONFIGURED if args.broker else WINDOW_PRIVATE
    if args.broker:
        broker = mqtt.broker(args.broker)
        label = f"{broker.host}:{broker.port} (as configured)"
    else:
        proc, port = start_private_broker()
        broker = mqtt.Broker("127.0.0.1", port)
        label = f"private mosquitto on 127.0.0.1:{port} ({PRIVATE_BROKER_CONF.strip().replace(chr(10), ', ')})"
    try:
        print(f"database: {url.split('@')[-1]}\nbroker:   {label}")
        run(args, broker)
    finally:
        if proc:
            proc.terminate()
            proc.wait(5)


def start_private_broker():
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    conf = Path(tempfile.mkdtemp(prefix="yingji-mosquitto-")) / "bench.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n{PRIVATE_BROKER_CONF}")
    proc = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.DEVNULL,  # noqa: S603 - our own config
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            if time.monotonic() > deadline:
                proc.terminate()
                raise SystemExit("mosquitto did not start") from None
            time.sleep(0.05)


def build(sensor_count: int, sample_count: int):
    from yingji.divisions.models import Division
    from yingji.monitoring.models import Alarm, Reading, Sensor, Site

    def div(code, name, level, parent):
        return Division.all_objects.get_or_create(code=code, defaults={"name": name, "level": level,
                                                                       "parent": parent})[0]

    province = div("950000000000", "接入基准省", "province", None)
    city = div("950100000000", "接入基准市", "city", province)
    county = div("950101000000", "接入基准县", "county", city)
    town = div("950101100000", "接入基准镇", "township", county)
    run_id = uuid.uuid4().hex[:6]
    site = Site.objects.create(division=town, code=f"bench-{run_id}", name="基准化工园区", sector="chemicals")

    def sensors(prefix, count):
        return Sensor.objects.bulk_create([
            Sensor(site=site, division=town, code=f"{prefix}-{run_id}-{i}", name="可燃气体", kind="gas",
                   unit="%LEL", blue=10, yellow=20, orange=30, red=40, hysteresis=2, valid_min=0, valid_max=100)
            for i in range(count)])

    loaded = sensors("load", sensor_count)
    fresh = sensors("lat", sample_count)
    return town, loaded, fresh, (Reading, Alarm)


def topic(sensor, town) -> str:
    return f"yingji/{town.code}/{sensor.site.code}/{sensor.code}"


def publisher(mqtt, broker):
    pub = mqtt.client(broker, f"bench-pub-{uuid.uuid4().hex[:8]}", persistent=False)
    pub.max_inflight_messages_set(1000)
    pub.connect(broker.host, broker.port)
    pub.loop_start()
    return pub


def pump(pub, messages, received, window: int) -> tuple[float, int]:
    """Publish every (topic, payload) keeping at most `window` ahead of received(); returns the seconds
    from the first publish until everything was received (or the deadline, or STALL_SECONDS without
    progress: a broker that dropped messages will never deliver them) and how many arrived."""
    started = time.monotonic()
    deadline = started + DEADLINE_SECONDS
    progress = [received(), started]

    def going() -> bool:
        now, got = time.monotonic(), received()
        if got != progress[0]:
            progress[:] = [got, now]
        return now < deadline and now - progress[1] < STALL_SECONDS

    for sent, (t, payload) in enumerate(messages, 1):
        while sent - received() > window and going():
            time.sleep(0.001)
        pub.publish(t, payload, qos=1)
    while received() < len(messages) and going():
        time.sleep(0.002)
    return progress[1] - started if received() < len(messages) else time.monotonic() - started, received()


class BareSubscriber:
    """The baseline: subscribe with QoS 1 and count; nothing parsed, stored or evaluated."""

    def __init__(self, mqtt, broker, subscription: str):
        self.count = 0
        self.arrivals: dict[str, float] = {}
        self.client = mqtt.client(broker, f"bench-bare-{uuid.uuid4().hex[:8]}", persistent=False)
        self.client.on_message = self._on_message
        self.subscribed = threading.Event()
        self.client.on_subscribe = lambda *a: self.subscribed.set()
        self.client.connect(broker.host, broker.port)
        self.client.subscribe(subscription, qos=1)
        self.client.loop_start()
        if not self.subscribed.wait(10):
            raise SystemExit("bare subscriber did not subscribe")

    def _on_message(self, c, userdata, message):
        self.count += 1
        self.arrivals[message.topic] = time.monotonic()

    def close(self):
        self.client.disconnect()
        self.client.loop_stop()


class ConsumerThread:
    """`yingji ingest`'s consumer on its own thread, as the command runs it, recording when each alarm's
    batch committed."""

    def __init__(self, mqtt, broker, subscription: str):
        from django.db import connection

        self.alarm_times: dict[str, float] = {}
        self.consumer = mqtt.Consumer(broker, client_id=f"bench-ingest-{uuid.uuid4().hex[:8]}", max_wait=0.02,
                                      on_alarm=self._on_alarm, subscription=subscription)
        self.mqtt = mqtt

        def loop():
            try:
                while not self.consumer.stop.is_set():
                    self.consumer.step()
            finally:
                connection.close()

        self.consumer.start()
        if not self.consumer.connected.wait(10):
            raise SystemExit("ingest consumer did not connect")
        self.thread = threading.Thread(target=loop, daemon=True)
        self.thread.start()

    def _on_alarm(self, alarm):
        self.alarm_times.setdefault(alarm.sensor.code, time.monotonic())

    @property
    def received(self) -> int:
        return self.consumer.stats.received

    def close(self):
        self.consumer.close()
        self.thread.join(10)
        self.mqtt.forget_session(self.consumer.broker, self.consumer.client_id)


def latency(pub, pairs, arrival_of) -> list[float]:
    """Publish each (key, topic, payload) alone and wait for its arrival; milliseconds per sample."""
    samples = []
    for key, t, payload in pairs:
        sent = time.monotonic()
        pub.publish(t, payload, qos=1)
        deadline = sent + 10
        while (arrived := arrival_of(key)) is None and time.monotonic() < deadline:
            time.sleep(0.0005)
        if arrived is not None:
            samples.append((arrived - sent) * 1000)
    return samples


def percentiles(samples: list[float]) -> tuple[float, float]:
    if len(samples) < 2:
        return (samples[0], samples[0]) if samples else (float("nan"), float("nan"))
    cuts = quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


def run(args, broker) -> None:
    from yingji.monitoring import mqtt

    town, loaded, fresh, (Reading, Alarm) = build(args.sensors, args.samples)
    subscription = f"yingji/{town.code}/{loaded[0].site.code}/+"
    now = time.time()

    def load(offset: float):
        # Unique (sensor, ts) per message, all within the last minute; one in fifty above yellow.
        return [(topic(s, town), json.dumps({"ts": now - 60 + offset + i * 0.0005,
                                              "value": 25.0 if i % 50 == 0 else 5.0 + (i % 7)}))
                for i, s in ((i, loaded[i % len(loaded)]) for i in range(args.messages))]

    print(f"sensors: {len(loaded)} loaded + {len(fresh)} for latency; messages: {args.messages:,} QoS 1; "
          f"publisher window {args.window}")
    red = [(s.code, topic(s, town), json.dumps({"ts": time.time() - 1, "value": 45.0})) for s in fresh]
    half = len(red) // 2
    pub = publisher(mqtt, broker)
    try:
        bare = BareSubscriber(mqtt, broker, subscription)
        bare_seconds, bare_got = pump(pub, load(0), lambda: bare.count, args.window)
        bare_latency = latency(pub, [(t, t, payload) for _code, t, payload in red[:half]], bare.arrivals.get)
        bare.close()

        consumer = ConsumerThread(mqtt, broker, subscription)
        try:
            seconds, got = pump(pub, load(30), lambda: consumer.received, args.window)
            alarm_latency = latency(pub, red[half:], consumer.alarm_times.get)
            stats = consumer.consumer.stats
        finally:
            consumer.close()
    finally:
        pub.loop_stop()

    bare_rate, rate = bare_got / bare_seconds, got / seconds
    print(f"\n{'throughput':34} {'messages':>9} {'seconds':>8} {'msg/s':>9}")
    print(f"{'baseline: bare subscriber (count)':34} {bare_got:>9,} {bare_seconds:>8.2f} {bare_rate:>9,.0f}")
    print(f"{'ingest: validate+store+evaluate':34} {got:>9,} {seconds:>8.2f} {rate:>9,.0f}")
    for name, n in (("bare subscriber", bare_got), ("ingest", got)):
        if n < args.messages:
            print(f"{name}: {args.messages - n:,} messages never arrived (dropped by the broker: its queue limit "
                  f"is below --window {args.window}); the rate covers what arrived")
    print(f"ingest / baseline: {rate / bare_rate:.2f}; stored "
          f"{Reading.objects.filter(sensor__in=loaded).count():,} readings in {stats.batches:,} transactions "
          f"(≈{got / max(stats.batches, 1):.0f} per batch), rejected {stats.rejected}, "
          f"{Alarm.objects.filter(sensor__in=loaded).count()} alarms (one open per sensor and level)")
    print(f"\n{'latency (ms)':34} {'samples':>9} {'p50':>8} {'p99':>9}")
    for name, samples in (("baseline: publish → bare callback", bare_latency),
                          ("reading → alarm committed", alarm_latency)):
        p50, p99 = percentiles(samples)
        print(f"{name:34} {len(samples):>9} {p50:>8.1f} {p99:>9.1f}")


if __name__ == "__main__":
    main()
