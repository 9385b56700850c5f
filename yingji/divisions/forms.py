from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.divisions.models import Division, Membership, Organisation, Person, User


class DivisionForm(forms.ModelForm):
    class Meta:
        model = Division
        fields = ["code", "name", "level", "parent", "size_class", "area_type", "population", "area_km2",
                  "latitude", "longitude", "risk_zone", "valid_from", "valid_to"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}),
                   "valid_to": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code is the tree path: a changed code is a new division (RULES.md R10.3).
            self.fields["code"].disabled = True
            self.fields["parent"].disabled = True
            self.fields["level"].disabled = True


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["division", "kind", "name", "address", "phone", "contact_name", "contact_phone"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["division", "organisation", "name", "mobile", "landline", "post", "employment", "id_number"]
        help_texts = {"id_number": _("选填；列表和导出中只显示前6位和后4位。")}


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "person", "rank", "title"]


class UserForm(forms.ModelForm):
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, required=False,
                               help_text=_("至少8位，含大写字母、小写字母、数字、符号中的至少3类。"))

    class Meta:
        model = User
        fields = ["username", "division", "role", "person", "language", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["password"].required = True
        else:
            del self.fields["password"]
            self.fields["username"].disabled = True


class DivisionImportForm(forms.Form):
    file = forms.FileField(label=_("文件(.csv 或 .xlsx)"))
    valid_only = forms.BooleanField(label=_("只导入无误的行"), required=False,
                                    help_text=_("不勾选时，任何一行有误则全部不导入。"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("只支持 .csv 或 .xlsx 文件。"))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过20MB。"))
        return upload
