from django.contrib.auth import views as auth_views
from django.urls import include, path

from yingji.api.api import api
from yingji.core.views import all_register_urls, home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("yingji.divisions.urls")),
    path("", include("yingji.audit.urls")),
    path("api/v1/", api.urls),
    *all_register_urls(),
]
