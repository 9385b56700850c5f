import os

# Playwright's sync API runs an event loop in this thread; the ORM calls in the test are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
