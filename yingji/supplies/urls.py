from django.urls import path

from yingji.core.views import register_urls
from yingji.supplies import views
from yingji.supplies.registers import CATALOGUE

urlpatterns = [
    path("supply-lots/<int:pk>/move/", views.lot_move, name="supplies-lot-move"),
    path("supply-warehouses/<int:pk>/minimum/", views.warehouse_minimum, name="supplies-minimum"),
    path("supply-stocktakes/new/", views.stocktake_new, name="supplies-stocktake-new"),
    path("supply-stocktakes/<int:pk>/count/", views.stocktake_save, name="supplies-stocktake-save"),
    path("supply-orders/new/", views.order_new, name="supplies-order-new"),
    path("supply-orders/<int:pk>/step/<str:step>/", views.order_step, name="supplies-order-step"),
    path("supplies/alerts/", views.alerts, name="supplies-alerts"),
    *register_urls(CATALOGUE),
]
