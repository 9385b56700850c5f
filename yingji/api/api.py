"""The /api/v1/ entry point."""

from ninja import NinjaAPI

api = NinjaAPI(title="yingji API", version="1", urls_namespace="api-v1")
