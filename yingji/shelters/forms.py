from django import forms

from yingji.shelters.models import Shelter


class ShelterForm(forms.ModelForm):
    class Meta:
        model = Shelter
        fields = ["division", "name", "kind", "tier", "duration", "space_type", "function", "total_area",
                  "effective_area", "declared_capacity", "capacity_reason", "has_water", "has_power", "has_toilets",
                  "has_medical_point", "has_broadcast", "has_signage", "has_route_map", "address", "latitude",
                  "longitude", "manager", "manager_phone", "status", "occupancy", "national_registered",
                  "national_code", "photo"]


class OccupancyForm(forms.Form):
    """Opening, updating and closing a shelter during an event: the status and how many are there now."""

    status = forms.ChoiceField(label=Shelter._meta.get_field("status").verbose_name,
                               choices=Shelter._meta.get_field("status").choices)
    occupancy = forms.IntegerField(label=Shelter._meta.get_field("occupancy").verbose_name, min_value=0)
