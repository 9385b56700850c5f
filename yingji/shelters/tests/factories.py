from decimal import Decimal

import factory

from yingji.shelters.models import Shelter
from yingji.shelters.rules import Kind


class ShelterFactory(factory.django.DjangoModelFactory):
    """An open square of 1,500 m² effective area: 999 people at more than 1.5 m² each."""

    class Meta:
        model = Shelter

    name = factory.Sequence(lambda n: f"应急避难点{n}")
    kind = Kind.SQUARE
    total_area = Decimal("2000")
    effective_area = Decimal("1500")
    capacity = 999
    address = "村委会广场"
