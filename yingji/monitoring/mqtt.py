"""The MQTT side of ingest: broker address, a paho 2.x client, and the consumer loop.

Topic scheme: ``yingji/<division code>/<site code>/<sensor code>``; payload a JSON object
``{"ts": "2026-07-01T08:00:00+08:00" | 1782864000, "value": 12.5}`` ("sensor" optional, must match
the topic). Subscriptions are QoS 1 on a persistent session (clean_session=False, fixed client id),
so the broker keeps messages while the consumer is down. Messages are acknowledged manually, only
after the transaction holding their batch has committed: a crash before commit means redelivery,
and the (sensor, ts) unique constraint makes a redelivered reading a no-op.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.conf import settings
from django.db import close_old_connections

from yingji.monitoring import services

log = logging.getLogger(__name__)
DEFAULT_URL = "mqtt://127.0.0.1:1883"
SUBSCRIPTION = f"{services.TOPIC_PREFIX}/+/+/+"


@dataclass
class Broker:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    tls: bool = False


def broker(url: str | None = None) -> Broker:
    """mqtt://[user:pass@]host[:port] or mqtts://…; settings.MQTT_URL, else the local broker."""
    parsed = urlparse(url or getattr(settings, "MQTT_URL", "") or DEFAULT_URL)
    tls = parsed.scheme == "mqtts"
    return Broker(host=parsed.hostname or "127.0.0.1", port=parsed.port or (8883 if tls else 1883),
                  username=parsed.username, password=parsed.password, tls=tls)


def client(b: Broker, client_id: str, *, persistent: bool = True):
    import paho.mqtt.client as mqtt

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=not persistent,
                    manual_ack=persistent)
    if b.username:
        c.username_pw_set(b.username, b.password)
    if b.tls:
        c.tls_set()
    c.reconnect_delay_set(min_delay=1, max_delay=30)
    return c


@dataclass
class Stats:
    received: int = 0
    stored: int = 0
    rejected: int = 0
    alarms: int = 0
    batches: int = 0
    connects: int = 0
    latencies: list[float] = field(default_factory=list)


class Consumer:
    """Receive on paho's network thread, write in batches on the caller's thread, ack after commit."""

    def __init__(self, b: Broker, *, client_id: str = "yingji-ingest", batch_size: int = 500,
                 max_wait: float = 0.2, on_alarm=None, subscription: str = SUBSCRIPTION):
        self.inbox: queue.Queue = queue.Queue()
        self.batch_size, self.max_wait = batch_size, max_wait
        self.stats = Stats()
        self.stop = threading.Event()
        # Set once the broker has granted the subscription, not at CONNACK: a reading published
        # between the two would find no subscriber on a fresh session and be dropped.
        self.connected = threading.Event()
        self.on_alarm = on_alarm
        self.client_id = client_id
        # The whole scheme by default; a narrower filter (one county's `yingji/<code>/+/+`) lets several
        # consumers, or tests and benchmarks sharing a broker, each take only their own readings.
        self.subscription = subscription
        self.client = client(b, client_id)
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.broker = b

    def _on_connect(self, c, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.warning("MQTT connect refused: %s", reason_code)
            return
        self.stats.connects += 1
        c.subscribe(self.subscription, qos=1)

    def _on_subscribe(self, c, userdata, mid, reason_codes, properties):
        if any(code.is_failure for code in reason_codes):
            log.warning("MQTT subscription to %s refused: %s", self.subscription, reason_codes)
            return
        self.connected.set()
        log.info("MQTT connected to %s:%s, subscribed to %s", self.broker.host, self.broker.port,
                 self.subscription)

    def _on_disconnect(self, c, userdata, flags, reason_code, properties):
        self.connected.clear()
        if not self.stop.is_set():
            log.warning("MQTT disconnected (%s); reconnecting", reason_code)

    def _on_message(self, c, userdata, message):
        self.inbox.put((message.topic, message.payload, message.mid, message.qos))

    def start(self) -> None:
        self.client.connect_async(self.broker.host, self.broker.port, keepalive=30)
        self.client.loop_start()

    def close(self) -> None:
        self.stop.set()
        self.client.disconnect()
        self.client.loop_stop()

    def _drain(self) -> list:
        """Wait up to max_wait for a first message, then take what is already queued (up to batch_size):
        one message is written at once, a burst is written in batches."""
        try:
            batch = [self.inbox.get(timeout=self.max_wait)]
        except queue.Empty:
            return []
        while len(batch) < self.batch_size:
            try:
                batch.append(self.inbox.get_nowait())
            except queue.Empty:
                break
        return batch

    def step(self) -> int:
        """Write one batch; returns how many messages it held. Retries the same batch if the DB fails."""
        batch = self._drain()
        if not batch:
            return 0
        while not self.stop.is_set():
            try:
                result = services.ingest([(topic, payload) for topic, payload, _mid, _q in batch])
                break
            except Exception:  # noqa: BLE001 - never die on a write failure: unacked messages wait for us
                log.exception("ingest batch failed; retrying in 2 s")
                close_old_connections()  # a dead database connection is replaced on the next try
                self.stop.wait(2)
        else:
            return 0
        for _topic, _payload, mid, qos in batch:
            if qos:
                self.client.ack(mid, qos)
        self.stats.received += len(batch)
        self.stats.stored += result.stored
        self.stats.rejected += sum(result.rejected.values())
        self.stats.alarms += len(result.alarms)
        self.stats.batches += 1
        if self.on_alarm:
            for alarm in result.alarms:
                self.on_alarm(alarm)
        return len(batch)

    def run(self, *, max_messages: int | None = None, idle_exit: float | None = None) -> Stats:
        self.start()
        idle_since = time.monotonic()
        try:
            while not self.stop.is_set():
                if self.step():
                    idle_since = time.monotonic()
                elif idle_exit is not None and time.monotonic() - idle_since > idle_exit:
                    break
                if max_messages is not None and self.stats.received >= max_messages:
                    break
        finally:
            self.close()
        return self.stats


def forget_session(b: Broker, client_id: str) -> None:
    """Drop a persistent session on the broker (tests and benchmarks use throwaway client ids)."""
    c = client(b, client_id, persistent=False)
    c.connect(b.host, b.port)
    c.disconnect()
