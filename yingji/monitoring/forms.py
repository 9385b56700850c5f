from django import forms

from yingji.monitoring.models import Sensor, Site


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["division", "code", "name", "sector", "hazard_grade", "address", "latitude", "longitude",
                  "responsible_person", "responsible_phone"]


class SensorForm(forms.ModelForm):
    class Meta:
        model = Sensor
        fields = ["site", "code", "name", "kind", "unit", "interval_seconds", "rising", "blue", "yellow", "orange",
                  "red", "hysteresis", "rate_limit", "valid_min", "valid_max"]
