from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingji.drills import rules
from yingji.drills.models import Drill, ImprovementAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DrillForm(forms.ModelForm):
    class Meta:
        model = Drill
        fields = ["division", "organiser", "title", "kind", "joint_focus", "date", "duration_minutes", "place",
                  "scenario", "plans", "participants", "teams", "people", "public_participants", "announced"]
        widgets = {"date": DATE}


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Drill
        fields = ["process", "score", "findings", "evaluator", "evaluated_on"]
        widgets = {"evaluated_on": DATE, "process": forms.Textarea(attrs={"rows": 4}),
                   "findings": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].required = True
        self.fields["score"].widget.attrs.update({"min": 0, "max": 100})


class ImprovementActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["drill", "description", "owner", "owner_person", "deadline"]
        widgets = {"deadline": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class CompleteForm(forms.Form):
    result = forms.CharField(label=_("完成情况"), widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(label=_("完成日期"), required=False, widget=DATE)


class RevisionForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("需要修订的预案"), queryset=None)
    finding = forms.CharField(label=_("触发修订的问题"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("照片或PDF"), widget=forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("JPEG、PNG、WebP 或 PDF，不超过 %(mb)d MB") % {
            "mb": rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)}


class ProgressForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
