from django.urls import path

from yingji.divisions import views

urlpatterns = [
    path("divisions/switch/", views.division_switch, name="division-switch"),
    path("divisions/import/", views.division_import_view, name="division-import"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("language/", views.language_set, name="language-set"),
]
