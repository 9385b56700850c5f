from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.response.models import OpinionEntry, PressRelease, Response, Task, WorkingGroup
from yingji.response.rules import Level

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ResponseStartForm(forms.ModelForm):
    """启动响应: the register's create form (L1 Art. 72 contents)."""

    started_at = forms.DateTimeField(label=_("启动时间"), required=False, widget=MOMENT,
                                     help_text=_("不填则为现在。"))

    class Meta:
        model = Response
        fields = ["division", "event", "level", "title", "matters", "measures", "expected_until", "commander",
                  "deputy_commander", "command_post"]
        widgets = {"expected_until": MOMENT, "matters": forms.Textarea(attrs={"rows": 3}),
                   "measures": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("不填则按事件名称和响应级别生成。")
        self.fields["division"].queryset = self.fields["division"].queryset.filter(level__in=["county", "township"])
        self.fields["event"].queryset = self.fields["event"].queryset.order_by("-occurred_at")


class CommandForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = ["commander", "deputy_commander", "command_post", "measures", "expected_until"]
        widgets = {"expected_until": MOMENT, "measures": forms.Textarea(attrs={"rows": 3})}


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=_("新级别"), choices=Level.choices)
    reason = forms.CharField(label=_("调整理由"), widget=forms.Textarea(attrs={"rows": 2}))
    at = forms.DateTimeField(label=_("调整时间"), required=False, widget=MOMENT)


class EndForm(forms.Form):
    reason = forms.CharField(label=_("终止理由"), widget=forms.Textarea(attrs={"rows": 2}))
    at = forms.DateTimeField(label=_("终止时间"), required=False, widget=MOMENT, help_text=_("不填则为现在。"))


class GroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "duties", "lead_person", "lead_organisation"]


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["response", "phase", "title", "description", "group", "organisation", "team", "deadline"]
        widgets = {"deadline": MOMENT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Handling tasks go to running responses, recovery tasks to ended ones; the service says which.
        self.fields["response"].queryset = self.fields["response"].queryset.order_by("status", "-started_at")
        response = self.initial.get("response") or getattr(self.instance, "response_id", None)
        if str(self.data.get("response", "")).isdigit():
            response = self.data.get("response")
        queryset = self.fields["group"].queryset.select_related("response")
        self.fields["group"].queryset = queryset.filter(response=response) if response else queryset.none()


class RecoveryForm(forms.Form):
    loss_assessment = forms.CharField(label=_("影响和损失调查评估"), widget=forms.Textarea(attrs={"rows": 3}))
    recovery_plan = forms.CharField(label=_("恢复重建计划"), widget=forms.Textarea(attrs={"rows": 4}))


class StepForm(forms.Form):
    feedback = forms.CharField(label=_("完成情况反馈"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SituationForm(forms.Form):
    source = forms.CharField(label=_("信息来源"), max_length=100)
    text = forms.CharField(label=_("态势内容"), widget=forms.Textarea(attrs={"rows": 2}))
    at = forms.DateTimeField(label=_("时间"), required=False, widget=MOMENT, help_text=_("不填则为现在。"))


class OpinionForm(forms.ModelForm):
    class Meta:
        model = OpinionEntry
        fields = ["kind", "platform", "summary", "found_at"]
        widgets = {"found_at": MOMENT, "summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["found_at"].required = False


class HandleForm(forms.Form):
    handling = forms.CharField(label=_("处置情况"), widget=forms.Textarea(attrs={"rows": 2}))


class PressForm(forms.ModelForm):
    class Meta:
        model = PressRelease
        fields = ["number", "title", "body", "issuer"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class CommitForm(forms.Form):
    kind = forms.ChoiceField(label=_("资源类型"), choices=[])
    team = forms.ModelChoiceField(label=_("救援队伍"), queryset=None, required=False)
    expert = forms.ModelChoiceField(label=_("专家"), queryset=None, required=False)
    order = forms.ModelChoiceField(label=_("物资调拨单"), queryset=None, required=False)
    shelter = forms.ModelChoiceField(label=_("避难场所"), queryset=None, required=False)
    occupancy = forms.IntegerField(label=_("安置人数"), min_value=0, required=False)
    note = forms.CharField(label=_("任务说明"), max_length=200, required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        from yingji.response.rules import CommitmentKind

        self.fields["kind"].choices = CommitmentKind.choices
        self.fields["team"].queryset = choices["teams"]
        self.fields["expert"].queryset = choices["experts"]
        self.fields["order"].queryset = choices["orders"]
        self.fields["shelter"].queryset = choices["shelters"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and not data.get(kind):
            self.add_error(kind, _("请选择要调派的资源。"))
        if kind == "shelter" and data.get("occupancy") is None:
            self.add_error("occupancy", _("请填写安置人数。"))
        return data


class OccupancyForm(forms.Form):
    occupancy = forms.IntegerField(label=_("安置人数"), min_value=0)


class FindingForm(forms.Form):
    text = forms.CharField(label=_("发现的问题"), widget=forms.Textarea(attrs={"rows": 2}))
    recommendation = forms.CharField(label=_("改进建议"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    plan = forms.ModelChoiceField(label=_("转入修订的预案"), queryset=None, required=False,
                                  help_text=_("选择后该预案由“已发布”转入“修订中”（突发事件应对法第二十八条）。"))

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class ReviewForm(forms.Form):
    summary = forms.CharField(label=_("复盘总结"), widget=forms.Textarea(attrs={"rows": 4}))
