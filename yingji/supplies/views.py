"""Pages beyond the registers: stock movements from a lot's page, minimum stock on a warehouse's page,
count sheets, dispatch orders and their steps, and the alert page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingji.audit.signals import record_denied
from yingji.core.exceptions import ApplicationError
from yingji.core.permissions import Action, has_permission
from yingji.core.scoping import scope_division
from yingji.core.views import apply_form_errors, form_data, scope_form
from yingji.divisions.models import Division
from yingji.supplies import forms, selectors, services
from yingji.supplies.models import CatalogueItem, MinimumStock, StockLot, Warehouse
from yingji.supplies.registers import LOTS, ORDERS, STOCKTAKES, WAREHOUSES
from yingji.supplies.rules import EXPIRING_DAYS, OrderStatus, StocktakeStatus


def _require(request, capability: str, action: str) -> None:
    if not has_permission(request.user, capability, action):
        record_denied(user=request.user, path=request.get_full_path())
        raise PermissionDenied


def _error(request, exc: ApplicationError) -> None:
    messages.error(request, str(exc.message))


# Warehouse and lot pages (register detail pages with more) -------------------------------------------------


def warehouse_context(request, warehouse: Warehouse) -> dict:
    today = timezone.localdate()
    lots = (LOTS.base_queryset(request.user).filter(warehouse=warehouse, quantity__gt=0)
            .select_related("item").order_by("item__name", "expiry_date", "pk"))
    minimums = (MinimumStock.objects.visible_to(request.user).filter(warehouse=warehouse)
                .annotate(held=selectors.held(OuterRef("item_id"), warehouse.pk, today)).select_related("item")
                .order_by("item__name"))
    can_change = has_permission(request.user, WAREHOUSES.capability, Action.CHANGE)
    return {"lots": lots, "minimums": minimums, "today": today, "can_set_minimum": can_change,
            "items": CatalogueItem.objects.visible_to(request.user).filter(is_active=True).order_by("name") if can_change else [],
            "can_stocktake": has_permission(request.user, STOCKTAKES.capability, Action.ADD)}


def lot_context(request, lot: StockLot) -> dict:
    movements = lot.movements.select_related("actor").order_by("-occurred_at", "-pk")[:100]
    form = forms.MovementForm()
    scope_form(form, request.user)
    form.fields["to_warehouse"].queryset = form.fields["to_warehouse"].queryset.exclude(pk=lot.warehouse_id)
    return {"movements": movements, "move_form": form, "expired": lot.is_expired(),
            "can_move": has_permission(request.user, LOTS.capability, Action.CHANGE)}


@login_required
@require_POST
def lot_move(request, pk: int):
    """Record inbound, outbound, write-off or a transfer to another warehouse from the lot's page."""
    lot = LOTS.access(request.user, pk)
    _require(request, LOTS.capability, Action.CHANGE)
    form = forms.MovementForm(request.POST)
    scope_form(form, request.user)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("supply-lots-detail", pk=lot.pk)
    data = form.cleaned_data
    try:
        if data["kind"] == "transfer":
            services.transfer(actor=request.user, lot=lot, to_warehouse=data["to_warehouse"],
                              quantity=data["quantity"], reason=data["reason"])
        else:
            services.post_movement(actor=request.user, lot=lot, kind=data["kind"], quantity=data["quantity"],
                                   reason=data["reason"])
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已登记。"))
    return redirect("supply-lots-detail", pk=lot.pk)


@login_required
@require_POST
def warehouse_minimum(request, pk: int):
    warehouse = WAREHOUSES.access(request.user, pk)
    _require(request, WAREHOUSES.capability, Action.CHANGE)
    item = CatalogueItem.objects.visible_to(request.user).filter(pk=request.POST.get("item") or 0).first()
    try:
        quantity = int(request.POST.get("quantity", ""))
    except ValueError:
        quantity = None
    if item is None or quantity is None:
        messages.error(request, _("请选择物资并填写数量。"))
    else:
        try:
            services.minimum_set(actor=request.user, warehouse=warehouse, item=item, quantity=quantity)
        except ApplicationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("已保存。"))
    return redirect("supply-warehouses-detail", pk=warehouse.pk)


# Stocktakes --------------------------------------------------------------------------------------------------


@login_required
def stocktake_new(request):
    _require(request, STOCKTAKES.capability, Action.ADD)
    form = forms.StocktakeStartForm(request.POST or None, initial={"warehouse": request.GET.get("warehouse")})
    scope_form(form, request.user)
    if request.method == "POST" and form.is_valid():
        sheet = services.stocktake_start(actor=request.user, **form.cleaned_data)
        return redirect("supply-stocktakes-detail", pk=sheet.pk)
    return render(request, "supplies/form.html", {"form": form, "title": _("新建盘点/抽查")},
                  status=400 if form.errors else 200)


def stocktake_context(request, sheet) -> dict:
    lines = sheet.lines.select_related("lot__item").order_by("lot__item__name", "lot_id")
    can_count = (sheet.status == StocktakeStatus.COUNTING
                 and has_permission(request.user, STOCKTAKES.capability, Action.CHANGE))
    return {"lines": lines, "can_count": can_count,
            "can_approve": can_count and getattr(request.user, "role", None) in services.APPROVER_ROLES}


def _counts(post, lines) -> tuple[dict, list[str]]:
    counts, errors = {}, []
    for line in lines:
        raw = post.get(f"count_{line.pk}", "").strip()
        try:
            counted = int(raw) if raw else None
        except ValueError:
            errors.append(_("%(lot)s：实盘数量须为整数。") % {"lot": line.lot})
            continue
        counts[line.pk] = (counted, post.get(f"reason_{line.pk}", ""))
    return counts, errors


@login_required
@require_POST
def stocktake_save(request, pk: int):
    """Save the counted quantities; with approve=1 then approve, posting the adjustments in one transaction."""
    sheet = STOCKTAKES.access(request.user, pk)
    _require(request, STOCKTAKES.capability, Action.CHANGE)
    counts, errors = _counts(request.POST, sheet.lines.select_related("lot__item"))
    if errors:
        for error in errors:
            messages.error(request, error)
        return redirect("supply-stocktakes-detail", pk=sheet.pk)
    try:
        # The counts are kept even when the approval is refused, so nobody types them twice.
        services.stocktake_count(actor=request.user, stocktake=sheet, counts=counts)
        if request.POST.get("approve") == "1":
            services.stocktake_approve(actor=request.user, stocktake=sheet)
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已审批，差异已作为盘点调整入账。") if request.POST.get("approve") == "1"
                         else _("已保存。"))
    return redirect("supply-stocktakes-detail", pk=sheet.pk)


# Dispatch orders ---------------------------------------------------------------------------------------------


@login_required
def order_new(request):
    _require(request, ORDERS.capability, Action.ADD)
    form = forms.OrderForm(request.POST or None, initial={"division": scope_division(request.user)})
    scope_form(form, request.user)
    lines = forms.OrderLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        chosen = [(f.cleaned_data["item"], f.cleaned_data["quantity"]) for f in lines
                  if f.cleaned_data.get("item")]
        try:
            order = services.order_create(actor=request.user, data=form_data(form), lines=chosen)
        except ApplicationError as exc:
            apply_form_errors(form, exc)
        else:
            messages.success(request, _("调拨申请已提交。"))
            return redirect("supply-orders-detail", pk=order.pk)
    return render(request, "supplies/order_form.html", {"form": form, "lines": lines, "title": _("新建调拨单")},
                  status=400 if request.method == "POST" else 200)


def order_context(request, order) -> dict:
    lines = order.lines.select_related("item").prefetch_related("allocations__lot__warehouse").order_by("pk")
    may_change = has_permission(request.user, ORDERS.capability, Action.CHANGE)
    allocate = None
    if may_change and order.status == OrderStatus.APPROVED:
        allocate = forms.AllocateForm()
        allocate.fields["warehouses"].queryset = (WAREHOUSES.base_queryset(request.user).within(order.division)
                                                  .order_by("division__code", "name"))
    return {"lines": lines, "may_change": may_change, "allocate_form": allocate}


@login_required
@require_POST
def order_step(request, pk: int, step: str):
    order = ORDERS.access(request.user, pk)
    _require(request, ORDERS.capability, Action.CHANGE)
    try:
        if step == "approve":
            services.order_approve(actor=request.user, order=order)
        elif step == "allocate":
            form = forms.AllocateForm(request.POST)
            form.fields["warehouses"].queryset = WAREHOUSES.base_queryset(request.user)
            if not form.is_valid():
                raise ApplicationError(_("请选择发货的储备库。"))
            services.order_allocate(actor=request.user, order=order, warehouses=form.cleaned_data["warehouses"])
        elif step == "ship":
            services.order_ship(actor=request.user, order=order)
        elif step == "receive":
            received = {}
            for line in order.lines.all():
                raw = request.POST.get(f"received_{line.pk}", "").strip()
                if raw:
                    try:
                        received[line.pk] = int(raw)
                    except ValueError as exc:
                        raise ApplicationError(_("接收数量须为整数。")) from exc
            services.order_receive(actor=request.user, order=order, received=received)
        else:
            raise ApplicationError(_("未知的步骤。"))
    except ApplicationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已更新。"))
    return redirect("supply-orders-detail", pk=order.pk)


# Alerts ------------------------------------------------------------------------------------------------------


@login_required
def alerts(request):
    """Expired lots, lots expiring within N days, warehouses below minimum, equipment gaps against norms."""
    _require(request, LOTS.capability, Action.VIEW)
    form = forms.AlertFilterForm(request.GET or None)
    days = form.cleaned_data.get("days") if form.is_valid() else None
    days = EXPIRING_DAYS if days is None else days
    lots = LOTS.base_queryset(request.user)
    today = timezone.localdate()
    division = scope_division(request.user)
    return render(request, "supplies/alerts.html", {
        "title": _("物资预警"), "form": form, "days": days, "today": today,
        "expired": selectors.expired(lots, today).order_by("expiry_date", "pk"),
        "expiring": selectors.expiring(lots, days, today).order_by("expiry_date", "pk"),
        "below": selectors.below_minimum(MinimumStock.objects.visible_to(request.user), today)
        .order_by("warehouse__division__code", "warehouse__name", "item__name"),
        "gaps": selectors.equipment_gaps(Division.objects.within(division), lots, today),
    })
