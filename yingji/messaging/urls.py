from django.urls import path

from yingji.messaging import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/read/", views.notification_read, name="notification-read"),
    path("dispatches/", views.dispatch_list, name="dispatch-list"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="dispatch-detail"),
]
