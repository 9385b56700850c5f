from django import forms

from yingji.publicity.models import MaterialLine, PublicityEvent


class EventForm(forms.ModelForm):
    class Meta:
        model = PublicityEvent
        fields = ["division", "title", "kind", "target", "date", "place", "organiser", "participants", "summary"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 3})}


class LineForm(forms.ModelForm):
    class Meta:
        model = MaterialLine
        fields = ["event", "kind", "count"]
