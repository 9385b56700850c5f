from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.workreports import rules
from yingji.workreports.models import Campaign, ReportTemplate, Submission

DATE = forms.DateInput(attrs={"type": "date"})


class ReportTemplateForm(forms.ModelForm):
    class Meta:
        model = ReportTemplate
        fields = ["code", "name", "cadence", "levels", "sections", "due_days", "source", "is_active"]


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["division", "name", "template", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}


class SubmissionForm(forms.Form):
    """One textarea per section of the template, and an optional attachment."""

    attachment = forms.FileField(
        label=_("附件（PDF、Word 或 Excel）"), required=False,
        validators=Submission._meta.get_field("attachment").validators,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in rules.ATTACHMENT_EXTENSIONS)}))

    def __init__(self, *args, sections: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for index, heading in enumerate(sections):
            self.fields[f"section_{index}"] = forms.CharField(
                label=heading, widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": _("请填写“%s”。") % heading})
        self.order_fields([f"section_{i}" for i in range(len(sections))] + ["attachment"])

    def content(self) -> dict[str, str]:
        return {heading: self.cleaned_data[f"section_{i}"] for i, heading in enumerate(self.sections)}


class NoteForm(forms.Form):
    text = forms.CharField(label=_("补充说明"), widget=forms.Textarea(attrs={"rows": 3}))
