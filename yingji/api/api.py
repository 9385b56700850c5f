"""The /api/v1/ entry point: auth for every endpoint, one error shape, the routers."""

from ninja import NinjaAPI

from yingji.api import errors
from yingji.api.auth import session_auth, token_auth
from yingji.api.divisions import router as divisions_router
from yingji.api.trash import router as trash_router
from yingji.api.users import router as users_router
from yingji.core.discovery import capability_modules

api = NinjaAPI(
    title="yingji API",
    version="1",
    description=(
        "Jurisdiction-scoped access to divisions, organisations, people and users. "
        "Authenticate with `Authorization: Bearer <token>` (create one with `yingji token create USERNAME`) "
        "or with the browser session (unsafe methods need the `X-CSRFToken` header). "
        "Errors always have the shape `{code, message, errors: {field: [messages]}}`."
    ),
    urls_namespace="api-v1",
    auth=[token_auth, session_auth],
)
errors.install(api)
api.add_router("", divisions_router)
api.add_router("", users_router)
api.add_router("", trash_router)
# Each capability exposes its endpoints as `router` in yingji/<app>/api.py.
for module in capability_modules("api", exclude=("yingji.api",)):
    api.add_router("", module.router)
