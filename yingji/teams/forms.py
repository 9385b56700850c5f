from django import forms

from yingji.teams.models import InfoOfficer, Team, TeamMember


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["division", "name", "level", "kind", "specialities", "leader", "equipment", "address",
                  "latitude", "longitude", "readiness", "duty_phone", "notes"]
        widgets = {"specialities": forms.CheckboxSelectMultiple, "equipment": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 2})}


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["team", "person", "origin", "joined_on"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"})}


class InfoOfficerForm(forms.ModelForm):
    class Meta:
        model = InfoOfficer
        fields = ["division", "person", "kind", "appointed_on", "training_status", "trained_on", "active"]
        widgets = {"appointed_on": forms.DateInput(attrs={"type": "date"}),
                   "trained_on": forms.DateInput(attrs={"type": "date"})}
