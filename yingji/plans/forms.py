from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.plans import rules, services
from yingji.plans.models import HazardTopic, Plan, PlanAttachment

ALL_CONTENTS = tuple(dict.fromkeys(rules.LEGAL_CONTENTS + rules.TOWNSHIP_CONTENTS + rules.VILLAGE_CONTENTS))


class PlanForm(forms.ModelForm):
    """The plan's register form. The required-content checklist shows the items the plan's type needs;
    a new plan shows every item, and the ones its type does not need are ignored."""

    checked_contents = forms.MultipleChoiceField(
        label=_("已具备的内容"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(item, item) for item in ALL_CONTENTS],
        help_text=_("提交审议前，预案类型要求的内容须全部勾选。"))

    class Meta:
        model = Plan
        fields = ["division", "organisation", "title", "number", "kind", "topics", "version", "effective_date",
                  "supersedes", "checked_contents", "summary", "confidential", "contact_person", "contact_phone"]
        widgets = {"effective_date": forms.DateInput(attrs={"type": "date"}),
                   "topics": forms.CheckboxSelectMultiple, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            required = self.instance.required_contents()
            self.fields["checked_contents"].choices = [(item, item) for item in required]


class TransitionForm(forms.Form):
    """Every detail a step may ask for; the services say which ones a step needs."""

    on = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    body = forms.ChoiceField(label=_("审议会议"), required=False,
                             choices=[("", "—")] + [(b, b) for b in services.MEETING_BODIES])
    decision = forms.CharField(label=_("审议决定"), required=False, max_length=500)
    filing_number = forms.CharField(label=_("备案编号"), required=False, max_length=60)
    scope = forms.CharField(label=_("发布范围"), required=False, max_length=200)
    comment = forms.CharField(label=_("意见或理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    FIELDS = {"deliberate": ("on", "body", "decision", "comment"), "file": ("on", "filing_number", "comment"),
              "return": ("comment",), "publish": ("on", "scope", "comment"), "evaluate": ("on", "comment")}

    def details(self, action: str) -> dict:
        data = self.cleaned_data
        wanted = self.FIELDS.get(action, ("comment",))
        return {name: data.get(name) for name in wanted if name not in ("on", "comment")}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("文件(PDF、DOCX、DOC、WPS)"))
    kind = forms.ChoiceField(label=_("类别"), choices=PlanAttachment.Kind.choices)
    public = forms.BooleanField(label=_("对外公开"), required=False)


class TopicForm(forms.ModelForm):
    class Meta:
        model = HazardTopic
        fields = ["name", "township_required"]
