from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingji.core.exceptions import ApplicationError
from yingji.divisions.models import Division
from yingji.incidents import rules, services
from yingji.incidents.models import Channel, DeadlineRule, Event, Report, ReportKind
from yingji.incidents.rules import SUBTYPE_CHOICES, Category, Severity

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["division", "title", "category", "subtype", "severity", "severity_reason", "address", "latitude",
                  "longitude", "occurred_at", "known_at", "source", "is_forecast", "deaths", "missing", "injured",
                  "serious_injuries", "trapped", "economic_loss"]
        widgets = {"occurred_at": DATETIME, "known_at": DATETIME,
                   "severity_reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"severity": _("留空则按标准自动建议；与建议级别不同时须填写定级理由。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["severity"].required = False


class ReportForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("报告类型"), choices=[
        (k, label) for k, label in ReportKind.choices if k != ReportKind.FIRST])

    class Meta:
        model = Report
        fields = ["kind", "channel", "reporter_name", "reporter_phone", "occurred_at", "place", "source", "nature",
                  "scope", "deaths", "missing", "injured", "serious_injuries", "trapped", "economic_loss", "trend",
                  "measures", "next_steps"]
        widgets = {"occurred_at": DATETIME, **{name: forms.Textarea(attrs={"rows": 2}) for name in (
            "nature", "scope", "trend", "measures", "next_steps")}}

    def _post_clean(self):
        # Model validation is the service's job (it refuses rewriting a stored report, and validates
        # the required elements per report kind).
        pass


class FirstReportForm(ReportForm):
    kind = None

    class Meta(ReportForm.Meta):
        fields = [name for name in ReportForm.Meta.fields if name != "kind"]


class FieldReportForm(forms.Form):
    """The phone form: the fewest fields that make a lawful first report (RULES.md R3.5)."""

    client_key = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("事件类别"), choices=Category.choices)
    subtype = forms.ChoiceField(label=_("事件子类"), choices=[("", "—"), *SUBTYPE_CHOICES], required=False)
    division = forms.ModelChoiceField(label=_("所在村(社区)"), queryset=Division.objects.all())
    latitude = forms.DecimalField(label=_("纬度"), required=False, max_digits=9, decimal_places=6,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(label=_("经度"), required=False, max_digits=9, decimal_places=6,
                                   widget=forms.HiddenInput)
    address = forms.CharField(label=_("详细地点"), required=False, max_length=200)
    occurred_at = forms.DateTimeField(label=_("发生时间"), widget=DATETIME)
    nature = forms.CharField(label=_("发生了什么"), widget=forms.Textarea(attrs={"rows": 3}))
    deaths = forms.IntegerField(label=_("死亡"), initial=0)
    missing = forms.IntegerField(label=_("失踪"), initial=0)
    injured = forms.IntegerField(label=_("受伤"), initial=0)
    trapped = forms.IntegerField(label=_("被困"), initial=0)
    photo = forms.FileField(label=_("现场照片"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp",
                                                                   "capture": "environment"}))

    def __init__(self, *args, drop_bad_photo: bool = False, **kwargs):
        """`drop_bad_photo`: a photo the check refuses is left out (its reason kept in `photo_refused`)
        instead of refusing the report — for reports sent from the phone's queue, where nobody is at the
        form to pick another photo and a first report must not wait on one."""
        super().__init__(*args, **kwargs)
        self.drop_bad_photo, self.photo_refused = drop_bad_photo, ""
        self.fields["photo"].help_text = gettext("JPEG、PNG 或 WebP 图片，不超过 %(mb)d MB。") % {
            "mb": rules.PHOTO_MAX_BYTES // (1024 * 1024)}

    def clean_photo(self):
        """The service's check (by content, not by name or declared type), shown on the field."""
        photo = self.cleaned_data.get("photo")
        if photo:
            try:
                services.check_photo(photo)
            except ApplicationError as exc:
                if not self.drop_bad_photo:
                    raise forms.ValidationError(str(exc.message), code=exc.code) from exc
                self.photo_refused = str(exc.message)
                return None
        return photo


class SeverityForm(forms.Form):
    severity = forms.ChoiceField(label=_("事件级别"), choices=Severity.choices)
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs={"rows": 2}))


class RequestInfoForm(forms.Form):
    note = forms.CharField(label=_("需要补充的信息"), widget=forms.Textarea(attrs={"rows": 2}))


class DeadlineRuleForm(forms.ModelForm):
    class Meta:
        model = DeadlineRule
        fields = ["code", "kind", "category", "subtype", "severity", "min_dead_missing", "from_level", "to_level",
                  "channel", "minutes", "at_times", "clock", "province_code", "source", "is_active"]


__all__ = ["Channel", "DeadlineRuleForm", "EventForm", "FieldReportForm", "FirstReportForm", "ReportForm",
           "RequestInfoForm", "SeverityForm"]
