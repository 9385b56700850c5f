from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.divisions.models import Division, Organisation
from yingji.earlywarning.models import BroadcastEndpoint, EarlyWarning, RiskBulletin

_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WarningForm(forms.ModelForm):
    areas = forms.ModelMultipleChoiceField(
        label=_("可能影响的范围"), queryset=Division.objects.exclude(level=Division.Level.VILLAGE),
        widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = EarlyWarning
        fields = ["division", "issuer", "hazard_type", "level", "headline", "onset", "expires", "areas",
                  "description", "measures", "certainty", "contact"]
        widgets = {"onset": _DT, "expires": _DT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.EMERGENCY_OFFICE, Organisation.Kind.LEADERSHIP_GROUP,
                      Organisation.Kind.DEPARTMENT])
        self.fields["division"].queryset = Division.objects.exclude(level=Division.Level.VILLAGE)
        for name in ("onset", "expires"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class EndpointForm(forms.ModelForm):
    class Meta:
        model = BroadcastEndpoint
        fields = ["division", "kind", "name", "address", "keeper", "keeper_phone", "active"]


class BulletinNewForm(forms.Form):
    division = forms.ModelChoiceField(label=_("区划"), queryset=Division.objects.exclude(level=Division.Level.VILLAGE))
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)


class BulletinForm(forms.ModelForm):
    class Meta:
        model = RiskBulletin
        fields = ["title", "overview", "alarms_text", "hazards_text", "incidents_text", "seasonal_text", "measures"]


class SubscribeForm(forms.Form):
    division = forms.ModelChoiceField(label=_("乡镇(街道)"), queryset=Division.objects.filter(
        level=Division.Level.TOWNSHIP))
    phone = forms.CharField(label=_("手机号码"), max_length=20)


class ConfirmForm(forms.Form):
    code = forms.CharField(label=_("确认码"), max_length=6)
