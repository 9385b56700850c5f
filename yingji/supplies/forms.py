from django import forms
from django.utils.translation import gettext_lazy as _

from yingji.supplies.models import CatalogueItem, DispatchOrder, StockLot, Warehouse
from yingji.supplies.rules import EXPIRING_DAYS, MovementKind, StocktakeKind

DATE = {"type": "date"}


class WarehouseForm(forms.ModelForm):
    class Meta:
        model = Warehouse
        fields = ["division", "name", "kind", "address", "latitude", "longitude", "manager_name", "manager_phone",
                  "note"]


class CatalogueItemForm(forms.ModelForm):
    class Meta:
        model = CatalogueItem
        fields = ["name", "category", "unit", "specification", "shelf_life_days", "is_equipment", "is_active"]


class LotForm(forms.ModelForm):
    """A new lot with its opening quantity (posted as an inbound movement); editing changes descriptions
    only, the balance changes by movements."""

    quantity = forms.IntegerField(label=_("入库数量"), min_value=1)

    class Meta:
        model = StockLot
        fields = ["item", "warehouse", "quantity", "batch", "production_date", "expiry_date", "received_on",
                  "source", "funding"]
        widgets = {"production_date": forms.DateInput(attrs=DATE), "expiry_date": forms.DateInput(attrs=DATE),
                   "received_on": forms.DateInput(attrs=DATE)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = CatalogueItem.objects.filter(is_active=True)
        if self.instance.pk:
            for name in ("quantity", "item", "warehouse"):
                del self.fields[name]


class MovementForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=[
        (MovementKind.INBOUND, MovementKind.INBOUND.label), (MovementKind.OUTBOUND, MovementKind.OUTBOUND.label),
        (MovementKind.WRITE_OFF, MovementKind.WRITE_OFF.label), ("transfer", _("调拨到其他储备库"))])
    quantity = forms.IntegerField(label=_("数量"), min_value=1)
    to_warehouse = forms.ModelChoiceField(label=_("调入库"), queryset=Warehouse.objects.all(), required=False)
    reason = forms.CharField(label=_("事由"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "transfer" and not data.get("to_warehouse"):
            self.add_error("to_warehouse", _("调拨须选择调入库。"))
        return data


class StocktakeStartForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("储备库"), queryset=Warehouse.objects.all())
    kind = forms.ChoiceField(label=_("类型"), choices=StocktakeKind.choices)
    counted_by = forms.CharField(label=_("清点人"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OrderForm(forms.ModelForm):
    class Meta:
        model = DispatchOrder
        fields = ["division", "title", "event", "drill", "destination", "contact", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class OrderLineForm(forms.Form):
    item = forms.ModelChoiceField(label=_("物资品种"), queryset=CatalogueItem.objects.filter(is_active=True),
                                  required=False)
    quantity = forms.IntegerField(label=_("申请数量"), min_value=1, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("item")) != bool(data.get("quantity")):
            raise forms.ValidationError(_("物资和数量须同时填写。"))
        return data


OrderLineFormSet = forms.formset_factory(OrderLineForm, extra=5, max_num=50)


class AllocateForm(forms.Form):
    warehouses = forms.ModelMultipleChoiceField(label=_("发货储备库"), queryset=Warehouse.objects.all(),
                                                widget=forms.CheckboxSelectMultiple)


class AlertFilterForm(forms.Form):
    days = forms.IntegerField(label=_("临期天数"), min_value=0, max_value=3650, initial=EXPIRING_DAYS,
                              required=False)
