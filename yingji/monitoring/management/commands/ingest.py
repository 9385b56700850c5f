"""`yingji ingest`: the MQTT consumer (see yingji/monitoring/mqtt.py for the topic scheme)."""

import signal

from django.core.management.base import BaseCommand

from yingji.monitoring import mqtt


class Command(BaseCommand):
    help = "Subscribe to yingji/<division>/<site>/<sensor> on the MQTT broker and store readings."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="mqtt://host:port (default: settings.MQTT_URL, else mqtt://127.0.0.1:1883)")
        parser.add_argument("--client-id", default="yingji-ingest")
        parser.add_argument("--topic", default=mqtt.SUBSCRIPTION,
                            help="topic filter (default: the whole scheme; e.g. yingji/622926000000/+/+ for one county)")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--max-wait", type=float, default=0.2, help="seconds to wait for a message before checking for shutdown")
        parser.add_argument("--max-messages", type=int, help="stop after this many messages (tests, benchmarks)")
        parser.add_argument("--idle-exit", type=float, help="stop after this many idle seconds")

    def handle(self, *args, **options):
        b = mqtt.broker(options["url"])
        consumer = mqtt.Consumer(b, client_id=options["client_id"], batch_size=options["batch_size"],
                                 max_wait=options["max_wait"], subscription=options["topic"])
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: consumer.stop.set())
        self.stdout.write(f"ingest: {b.host}:{b.port} {consumer.subscription}")
        stats = consumer.run(max_messages=options["max_messages"], idle_exit=options["idle_exit"])
        self.stdout.write(f"ingest: received {stats.received}, stored {stats.stored}, rejected {stats.rejected}, "
                          f"alarms {stats.alarms}, batches {stats.batches}")
