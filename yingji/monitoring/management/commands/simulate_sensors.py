"""`yingji simulate_sensors`: publish realistic readings for the demo county's sensors to MQTT."""

import json
import random
import time
import uuid

from django.core.management.base import BaseCommand
from django.utils import timezone

from yingji.monitoring import mqtt, services, simulation
from yingji.monitoring.models import Sensor


class Command(BaseCommand):
    help = "Publish readings for every sensor (or those under --division) to yingji/<division>/<site>/<sensor>."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="mqtt://host:port (default: settings.MQTT_URL, else mqtt://127.0.0.1:1883)")
        parser.add_argument("--division", default="622926000000", help="division code (default: the demo county)")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")
        parser.add_argument("--rounds", type=int, default=0, help="stop after this many rounds (0: run until stopped)")
        parser.add_argument("--excursion-every", type=int, default=12,
                            help="every N rounds one sensor climbs past its thresholds for a few rounds")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, **options):
        from yingji.divisions.models import Division

        division = Division.objects.filter(code=options["division"]).first()
        if division is None:
            self.stderr.write(f"no division {options['division']}")
            return
        sensors = list(Sensor.objects.within(division).select_related("site", "division").order_by("code"))
        if not sensors:
            self.stderr.write("no sensors: run `yingji demo` first")
            return
        rng = random.Random(options["seed"])
        b = mqtt.broker(options["url"])
        # Not from the seeded generator: two runs with one seed must not take each other's client id.
        client = mqtt.client(b, f"yingji-sim-{uuid.uuid4().hex[:8]}", persistent=False)
        client.connect(b.host, b.port)
        client.loop_start()
        self.stdout.write(f"simulate: {len(sensors)} sensors → {b.host}:{b.port}")
        hot, hot_left, n, sent = None, 0, 0, []
        try:
            while options["rounds"] == 0 or n < options["rounds"]:
                n += 1
                if hot_left == 0 and options["excursion_every"] and n % options["excursion_every"] == 0:
                    hot, hot_left = rng.choice(sensors), 4
                now = timezone.now()
                local = timezone.localtime(now)
                seconds = local.hour * 3600 + local.minute * 60 + local.second
                sent = []
                for sensor in sensors:
                    excursion = 0.0
                    if sensor is hot:
                        excursion = (5 - hot_left) / 4  # climbs over four rounds
                    value = simulation.value_at(sensor, seconds, rng, excursion)
                    sent.append(client.publish(services.topic_for(sensor),
                                               json.dumps({"ts": now.isoformat(), "value": value}), qos=1))
                if hot_left:
                    hot_left -= 1
                    if hot_left == 0:
                        hot = None
                time.sleep(options["interval"])
        except KeyboardInterrupt:
            pass
        finally:
            # The last round may still be in paho's queue: let the broker acknowledge it before leaving.
            for info in sent:
                info.wait_for_publish(10)
            client.loop_stop()
            client.disconnect()
        self.stdout.write(f"simulate: {n} rounds published")
