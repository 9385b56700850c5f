from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.hazards.models import Hazard, PublicReport

MAX_PHOTO_BYTES = 5 * 1024 * 1024


def _photo_size(photo):
    if photo and photo.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(_("照片不能超过 5 MB。"))
    if photo and getattr(photo, "content_type", "image/").split("/")[0] != "image":
        raise forms.ValidationError(_("只能上传图片。"))
    return photo


class HazardForm(forms.ModelForm):
    class Meta:
        model = Hazard
        fields = ["division", "kind", "category", "title", "description", "address", "latitude", "longitude",
                  "grade", "risk_level", "found_by", "found_at", "alarm", "responsible_unit", "responsible_person",
                  "responsible_phone", "measures", "deadline", "state_and_cause", "harm_analysis",
                  "remediation_plan"]
        widgets = {"found_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "deadline": forms.DateInput(attrs={"type": "date"})}


class FieldReportForm(forms.ModelForm):
    """A grid worker's report from a phone: what, where (GPS filled by the browser), a photo."""

    class Meta:
        model = Hazard
        fields = ["category", "title", "description", "address", "latitude", "longitude", "photo"]
        widgets = {"latitude": forms.HiddenInput(), "longitude": forms.HiddenInput()}

    def clean_photo(self):
        return _photo_size(self.cleaned_data.get("photo"))


class PublicReportForm(forms.ModelForm):
    # Honeypot: hidden from people, filled by bots.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={
        "tabindex": "-1", "autocomplete": "off", "class": "hp"}))

    class Meta:
        model = PublicReport
        fields = ["division", "category", "address", "text", "contact", "photo"]

    def __init__(self, *args, divisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if divisions is not None:
            self.fields["division"].queryset = divisions

    def clean_photo(self):
        return _photo_size(self.cleaned_data.get("photo"))


class TransitionForm(forms.Form):
    progress = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    verified_by = forms.CharField(required=False, max_length=50)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("台账文件(.xlsx)"))
