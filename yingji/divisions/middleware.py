"""Per-request user context: the division switcher's choice and the user's language."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from yingji.divisions.models import Division

SESSION_KEY = "active_division"


class ActiveDivisionMiddleware:
    """Sets `request.user.active_division` to the switcher's choice if it is in the user's subtree."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.division_id:
            code = request.session.get(SESSION_KEY)
            user.active_division = user.division
            if code and code != user.division.code:
                chosen = Division.objects.within(user.division).filter(code=code).first()
                if chosen is not None:
                    user.active_division = chosen
                else:
                    request.session.pop(SESSION_KEY, None)
        return self.get_response(request)


class UserLanguageMiddleware:
    """Chinese first: the account's choice, else the language cookie, else zh-hans.

    The browser's Accept-Language is deliberately ignored: office PCs often run English systems,
    and the interface must not switch language behind the user's back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        choice = user.language if user is not None and user.is_authenticated else ""
        choice = choice or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = choice if choice in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response
