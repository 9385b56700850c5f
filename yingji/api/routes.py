"""The API's scoped list/detail routes, for the cross-cutting scoping matrix test."""

from __future__ import annotations

from django.urls import reverse

from yingji.core.discovery import capability_modules


def scoped_api_routes() -> list[tuple[str, str, str]]:
    """(model label, list URL, detail URL template with `{pk}`) for each scoped model exposed.

    The detail key is the division code for divisions and the id for everything else. /users needs
    the USERS view permission (administrators), so the matrix must run it as such a user.
    Capabilities list theirs as `SCOPED_ROUTES = [(label, "/plans", "/plans/{pk}"), …]` in their api.py.
    """
    root = reverse("api-v1:openapi-json").removesuffix("openapi.json").rstrip("/")
    own = [
        ("divisions.division", f"{root}/divisions", f"{root}/divisions/{{pk}}"),
        ("divisions.organisation", f"{root}/organisations", f"{root}/organisations/{{pk}}"),
        ("divisions.person", f"{root}/people", f"{root}/people/{{pk}}"),
        ("divisions.user", f"{root}/users", f"{root}/users/{{pk}}"),
    ]
    for module in capability_modules("api", exclude=("yingji.api",)):
        own.extend((label, root + list_path, root + detail_path)
                   for label, list_path, detail_path in getattr(module, "SCOPED_ROUTES", ()))
    return own
