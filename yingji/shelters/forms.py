from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingji.shelters import rules
from yingji.shelters.models import Shelter, ShelterPhoto


class ShelterForm(forms.ModelForm):
    class Meta:
        model = Shelter
        fields = ["division", "name", "kind", "tier", "duration", "space_type", "function", "total_area",
                  "effective_area", "declared_capacity", "capacity_reason", "has_water", "has_power", "has_toilets",
                  "has_medical_point", "has_broadcast", "has_signage", "has_route_map", "address", "latitude",
                  "longitude", "manager", "manager_phone", "status", "occupancy", "national_registered",
                  "national_code"]


class OccupancyForm(forms.Form):
    """Opening, updating and closing a shelter during an event: the status and how many are there now."""

    status = forms.ChoiceField(label=Shelter._meta.get_field("status").verbose_name,
                               choices=Shelter._meta.get_field("status").choices)
    occupancy = forms.IntegerField(label=Shelter._meta.get_field("occupancy").verbose_name, min_value=0)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": "image/jpeg,image/png,image/webp", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        cleaned = single(data or None, initial)
        return [cleaned] if cleaned else []


class PhotoUploadForm(forms.Form):
    """Photos taken on a phone or picked from a computer, several at once, with one optional caption."""

    photos = MultipleFileField(label=_("选择照片"))
    caption = forms.CharField(label=ShelterPhoto._meta.get_field("caption").verbose_name, max_length=200,
                              required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = gettext("可一次选择多张；JPEG、PNG 或 WebP，每张不超过 %(mb)d MB，每处最多 %(n)d 张。") % {
            "mb": rules.PHOTO_MAX_BYTES // (1024 * 1024), "n": rules.PHOTOS_PER_SHELTER}
