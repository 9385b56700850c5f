"""The one error type that business rules raise, with a translated message."""

from collections.abc import Mapping


class ApplicationError(Exception):
    """A rule said no. `message` is shown to the user; `field_errors` point at form fields."""

    def __init__(self, message, *, code: str = "invalid", field_errors: Mapping[str, list] | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field_errors = dict(field_errors or {})
