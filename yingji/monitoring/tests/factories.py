import factory

from yingji.monitoring.models import Sector, Sensor, SensorKind, Site


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    code = factory.Sequence(lambda n: f"site-{n}")
    name = factory.Sequence(lambda n: f"化工企业{n}")
    sector = Sector.CHEMICALS
    responsible_person = "马安全"


class SensorFactory(factory.django.DjangoModelFactory):
    """A gas sensor (%LEL) with thresholds 10/20/30/40, hysteresis 2, valid range 0–100."""

    class Meta:
        model = Sensor

    site = factory.SubFactory(SiteFactory)
    division = factory.LazyAttribute(lambda o: o.site.division)
    code = factory.Sequence(lambda n: f"gas-{n}")
    name = "可燃气体探测器"
    kind = SensorKind.GAS
    unit = "%LEL"
    interval_seconds = 60
    blue, yellow, orange, red = 10.0, 20.0, 30.0, 40.0
    hysteresis = 2.0
    valid_min, valid_max = 0.0, 100.0
