from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.training.models import Attendance, Certificate, TrainingSession
from yingji.training.rules import MATERIAL_EXTENSIONS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["division", "topic", "level", "organiser", "trainer", "date", "hours", "mode", "audience",
                  "place", "materials"]
        widgets = {"date": DATE, "materials": forms.Textarea(attrs={"rows": 3})}


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["session", "person", "passed", "note"]


class CertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["person", "kind", "number", "issuer", "issued_on", "expires_on"]
        widgets = {"issued_on": DATE, "expires_on": DATE}


class MaterialsForm(forms.Form):
    materials_file = forms.FileField(
        label=_("培训资料文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{e}" for e in MATERIAL_EXTENSIONS)}))
