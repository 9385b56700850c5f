from django import forms

from yingji.duty.models import DutyAssignment, DutyLogEntry, DutyRoster, SpecialPeriod, SpotCheck

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SpecialPeriodForm(forms.ModelForm):
    class Meta:
        model = SpecialPeriod
        fields = ["division", "name", "kind", "start_date", "end_date", "leaders_per_day", "staff_per_day",
                  "roster_due_days"]
        widgets = {"start_date": DATE, "end_date": DATE}


class DutyRosterForm(forms.ModelForm):
    class Meta:
        model = DutyRoster
        fields = ["organisation", "period", "start_date", "end_date", "duty_phone"]
        widgets = {"start_date": DATE, "end_date": DATE}


class DutyAssignmentForm(forms.ModelForm):
    class Meta:
        model = DutyAssignment
        fields = ["roster", "person", "role", "starts_at", "ends_at"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}


class SpotCheckForm(forms.ModelForm):
    class Meta:
        model = SpotCheck
        fields = ["organisation", "period", "checked_at", "method", "reached", "rings", "on_post",
                  "knew_procedure", "findings", "checker"]
        widgets = {"checked_at": DATETIME}


class DutyLogEntryForm(forms.ModelForm):
    class Meta:
        model = DutyLogEntry
        fields = ["organisation", "received_at", "kind", "caller_name", "caller_unit", "caller_phone", "content",
                  "actions", "on_duty", "is_open"]
        widgets = {"received_at": DATETIME}
