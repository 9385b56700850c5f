from django.urls import path

from yingji.monitoring import views

urlpatterns = [
    # The alarm and sensor pages replace the registers' generic details at the same addresses.
    path("monitoring-alarms/<int:pk>/", views.alarm_detail, name="monitoring-alarm"),
    path("monitoring-alarms/<int:pk>/<str:step>/", views.alarm_step, name="monitoring-alarm-step"),
    path("monitoring-sensors/<int:pk>/", views.sensor_detail, name="monitoring-sensor"),
    path("monitoring/rejections/", views.rejections, name="monitoring-rejections"),
    path("monitoring/yearly/", views.yearly, name="monitoring-yearly"),
]
