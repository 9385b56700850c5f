from django import forms

from yingji.experts.models import Expert, ExpertEngagement


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["division", "name", "domains", "title", "organisation", "level", "office_phone", "private_mobile",
                  "availability", "notes"]
        widgets = {"domains": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 2})}


class ExpertEngagementForm(forms.ModelForm):
    class Meta:
        model = ExpertEngagement
        fields = ["expert", "kind", "date", "subject", "notes"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "notes": forms.Textarea(attrs={"rows": 3})}
