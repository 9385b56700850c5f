from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingji.core.exceptions import ApplicationError
from yingji.hazards import services
from yingji.hazards.models import Hazard, PublicReport
from yingji.hazards.rules import MAX_PHOTO_BYTES

PHOTO_INPUT = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})


class PhotoHelpMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = gettext("JPEG、PNG 或 WebP 图片，不超过 %(mb)d MB。") % {
            "mb": MAX_PHOTO_BYTES // (1024 * 1024)}


def _checked_photo(photo):
    """The service's check (by content, not by name or declared type), shown on the field."""
    if photo:
        try:
            services.check_photo(photo)
        except ApplicationError as exc:
            raise forms.ValidationError(str(exc.message), code=exc.code) from exc
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


class FieldReportForm(PhotoHelpMixin, forms.ModelForm):
    """A grid worker's report from a phone: what, where (GPS filled by the browser), a photo."""

    class Meta:
        model = Hazard
        fields = ["category", "title", "description", "address", "latitude", "longitude", "photo"]
        widgets = {"latitude": forms.HiddenInput(), "longitude": forms.HiddenInput(), "photo": PHOTO_INPUT}

    def clean_photo(self):
        return _checked_photo(self.cleaned_data.get("photo"))


class PublicReportForm(PhotoHelpMixin, forms.ModelForm):
    # Honeypot: hidden from people, filled by bots.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={
        "tabindex": "-1", "autocomplete": "off", "class": "hp"}))

    class Meta:
        model = PublicReport
        fields = ["division", "category", "address", "text", "contact", "photo"]
        widgets = {"photo": PHOTO_INPUT}

    def __init__(self, *args, divisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if divisions is not None:
            self.fields["division"].queryset = divisions

    def clean_photo(self):
        return _checked_photo(self.cleaned_data.get("photo"))


class TransitionForm(forms.Form):
    progress = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    verified_by = forms.CharField(required=False, max_length=50)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("台账文件(.xlsx)"))
