"""Per-request user context: the division switcher's choice and the user's language."""

from django.utils import translation

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
    """A user's chosen language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
